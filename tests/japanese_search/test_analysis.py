"""japanese_search.analysis: the analysis shared by indexed text and queries (no database)."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from japanese_search import analysis
from japanese_search.analysis import (
    analyze,
    autocomplete_index_text,
    autocomplete_terms,
    index_text,
    normalize_text,
    search_terms,
)

SAFE_TOKEN = re.compile(r"[^\W_]+")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＤＸ", "dx"),
        ("ｲﾝﾊﾞｳﾝﾄﾞ", "インバウンド"),
        ("ＩＣＴ", "ict"),
        ("第５回", "第5回"),
        ("髙槻", "高槻"),
        ("山﨑", "山崎"),
        ("德島", "徳島"),
        ("渡邊・渡邉", "渡辺・渡辺"),
        ("地域\u200b共創\ufeff", "地域共創"),
        ("a\x00b\x07c", "abc"),
        ("葛\U000e0100城", "葛城"),  # ideographic variation selector
        ("tab\tnew\nline", "tab new line"),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_kyoto_is_not_found_inside_tokyo_to():
    assert "京都" in analyze("京都府の観光")
    assert "京都" in analyze("京都市")
    assert "京都" not in analyze("東京都の中心部")
    assert "京都" not in analyze("東京都庁")


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("地域共創", "第3回地域共創セミナーを開催"),
        ("事例", "先進事例の紹介"),
        ("第5回", "第５回セミナー"),
        ("磨き上げる", "観光資源の磨き上げ"),
        ("ウェブサイト", "ウエブサイト"),
        ("サーバー", "サーバを更新"),
        ("取り組み", "市の取組"),
        ("高槻", "髙槻市"),
        ("髙槻", "高槻市"),
        ("インバウンド", "ｲﾝﾊﾞｳﾝﾄﾞ観光"),
        ("DX", "ＤＸ推進"),
        ("ict", "ＩＣＴ教育"),
        ("crafts", "Traditional craft"),
        ("exhibiting", "An exhibition of local crafts"),
        ("exhibitions", "Exhibiting at the fair"),
        ("café", "CAFE"),
        ("organization", "The organisation of the event"),
        ("centers", "A community centre"),
        ("colorful", "Colourful banners"),
        ("programme", "A national program"),
        ("analyzing", "Analysing the survey"),
    ],
)
def test_query_tokens_appear_in_text_tokens_in_order(query, text):
    (term,) = search_terms(query)
    (alternative, *_) = term.alternatives
    (phrase,) = alternative
    tokens = index_text(text).split()
    n = len(phrase.tokens)
    assert any(tuple(tokens[i : i + n]) == phrase.tokens for i in range(len(tokens))), (phrase.tokens, tokens)


def test_japanese_word_becomes_one_phrase_and_words_stay_separate_terms():
    terms = search_terms("地域共創 京都")
    assert [term.alternatives[0][0].tokens for term in terms] == [("地域", "共創"), ("京都",)]


def test_english_stop_words_are_dropped_from_search_but_kept_for_autocomplete():
    assert analyze("The Lord of the Rings") == ["lord", "ring"]
    assert analyze("IT support") == ["it", "support"]
    assert analyze("The Lord", stem=False) == ["the", "lord"]
    assert search_terms("the of") == []


def test_readings_let_kana_queries_find_kanji_words():
    assert "タカツキ" in index_text("高槻市の埴輪").split()
    (term,) = search_terms("たかつき")
    assert any(alternative[0].tokens == ("タカツキ",) for alternative in term.alternatives)
    # Two-kana words have too many homophones: no reading alternative.
    with analysis.search_language("ja"):
        (term,) = search_terms("とし")
    assert len(term.alternatives) == 1


def test_kanji_words_written_together_are_also_read_as_one():
    assert "ハマダタケシ" in index_text("濱田剛史").split()  # はまだたけし, typed without a space
    assert {"デントウコウゲイ", "タカツキシ"} <= set(index_text("伝統工芸と高槻市").split())
    tokens = index_text("東京都の地域公共交通").split()
    assert {"トウキョウト", "チイキコウキョウ", "コウキョウコウツウ", "チイキコウキョウコウツウ"} <= set(tokens)
    assert "キョウト" not in tokens  # きょうと never finds 東京都
    assert "ミシマユウスイ" not in index_text("三島の湧水").split()  # never across a particle or kana
    assert "デントウコウゲイ" not in index_text("伝統工芸の話。" * 40).split()  # not in long texts (bodies)


def test_a_word_written_with_hyphens_is_also_one_word():
    assert index_text("Free Wi-Fi for start-ups", "en").split() == [
        "qenfree",
        "qenwi",
        "qenfi",
        "qenstart",
        "qenup",
        "qenwifi",
        "qenstartup",
    ]
    assert index_text("co‐creation", "en").split()[-1] == "qencocreat"  # U+2010 hyphen; stemmed as cocreation is
    assert index_text("COVID-19 and 2025-2026", "en").split() == ["qencovid", "qen19", "qen2025", "qen2026"]  # words only
    (term,) = search_terms("Wi-Fi")
    assert {alternative[0].tokens for alternative in term.alternatives} >= {("qenwi", "qenfi"), ("qenwifi",)}


def test_autocomplete_prefix_survives_any_split_of_the_partial_word():
    # Sudachi splits the partial 中小企 as 中/小/企: the written-form suffix still matches.
    (term,) = autocomplete_terms("中小企")
    prefixes = {alternative[-1].tokens[-1] for alternative in term.alternatives if alternative[-1].prefix}
    assert "中小企" in prefixes
    suffixes = autocomplete_index_text("中小企業支援の事例").split()
    assert "中小企業支援の事例" in suffixes and "企業支援の事例" in suffixes
    # Suffixes start only at word boundaries: 京都 is no prefix of anything from 東京都.
    assert not any(token.startswith("京都") for token in autocomplete_index_text("東京都庁").split())


def test_autocomplete_keeps_unstemmed_words():
    assert autocomplete_index_text("Exhibiting crafts").split() == ["exhibiting", "crafts"]
    (term,) = autocomplete_terms("exhib")
    assert term.alternatives == ((analysis.PhraseMatch(("exhib",), prefix=True),),)


def test_empty_and_symbol_only_text():
    for text in ("", "   ", "!!!", "😀🎌", "、。・「」", "\u200b\u200b"):
        assert analyze(text) == []
        assert search_terms(text) == []
        assert autocomplete_terms(text) == []


def test_very_long_japanese_run_is_chunked_for_sudachi():
    assert len(analyze("あ" * 20000)) > 0  # Sudachi refuses > 49149 bytes at once


def test_one_sudachi_tokenizer_per_thread_gives_same_results():
    texts = [f"第{i}回地域共創セミナーと京都府の先進事例{i}" for i in range(200)]
    expected = [analysis.analyze(text) for text in texts]
    analysis.analyze_japanese_run.cache_clear()
    tokenizers = set()

    def work(text):
        tokenizers.add(id(analysis._sudachi_tokenizer()))
        return analysis.analyze(text)

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(work, texts)) == expected
    assert analysis._sudachi_tokenizer() is analysis._sudachi_tokenizer()
    assert threading.active_count() >= 1 and len(tokenizers) >= 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_tokens_are_only_letters_and_digits(text):
    for token in index_text(text).split() + autocomplete_index_text(text).split():
        assert SAFE_TOKEN.fullmatch(token), token
    for term in search_terms(text) + autocomplete_terms(text):
        for alternative in term.alternatives:
            for phrase in alternative:
                assert phrase.tokens and all(SAFE_TOKEN.fullmatch(token) for token in phrase.tokens), phrase


def test_british_spelling_folds_only_listed_word_families():
    from japanese_search.analysis import stem_english

    assert stem_english("revise") == stem_english("revision")  # not "revize"
    assert stem_english("advise") != stem_english("advize")
    assert stem_english("tour") != stem_english("tor")
    assert stem_english("four") == "four"


def phrases(query):
    """The untagged phrase of each query term."""
    return [term.alternatives[0][0].tokens for term in search_terms(query)]


def test_particles_between_words_split_a_query_word_into_terms():
    assert phrases("三島市の湧水") == [("三島", "市"), ("湧水",)]
    assert phrases("事業承継の支援") == [("事業", "承継"), ("支援",)]
    assert phrases("流域治水とは") == [("流域", "治水")]  # a trailing particle goes


def test_a_name_with_a_title_also_matches_name_and_title_apart():
    (term,) = search_terms("濱田市長")
    untagged = [tuple(phrase.tokens for phrase in alternative) for alternative in term.alternatives[:2]]
    assert untagged == [(("浜田", "市長"),), (("浜田",), ("市長",))]  # the phrase, or both words anywhere
    (term,) = search_terms("濱田さん")
    assert term.alternatives[1] == (analysis.PhraseMatch(("浜田",)),)  # an honorific goes
    for word in ("宇宙開発", "副市長", "みなさま", "地域共創"):  # no name before a title, or all hiragana
        assert all(len(alternative) == 1 for alternative in search_terms(word)[0].alternatives), word
        assert search_terms(word)[0].alternatives[0][0].tokens != ("浜田",)


@pytest.mark.parametrize(
    ("query", "other"),
    [
        ("令和7年", ("2025", "年")),
        ("令和７年度", ("2025", "年度")),
        ("令和元年", ("2019", "年")),
        ("2019年度", ("令和", "元", "年度")),
        ("平成30年", ("2018", "年")),
        ("2018年", ("平成", "30", "年")),
    ],
)
def test_era_years_also_match_the_western_year_and_back(query, other):
    (term,) = search_terms(query)
    assert (analysis.PhraseMatch(other),) in term.alternatives


def test_numbers_without_an_era_or_year_stay_as_they_are():
    for query in ("2025", "1900年", "令和"):
        (term,) = search_terms(query)
        assert all(len(alternative) == 1 for alternative in term.alternatives)
        own = {alternative[0].tokens for alternative in term.alternatives if "qc" not in alternative[0].tokens[0]}
        assert len(own) <= 2  # itself (and its en tag), beside its compounds.py token


def test_short_parts_fixed_names_and_kana_words_stay_whole():
    assert phrases("森の学校") == [("森", "の", "学校")]  # 森 is one character
    assert phrases("道の駅") == [("道の駅",)]  # one dictionary word
    assert len(phrases("たかつき")) == 1  # kana-only: its reading alternative stays
    assert phrases("の") == [("の",)]


def test_each_characters_readings_come_from_sudachis_dictionary():
    assert {"トヨ", "ユタカ"} <= analysis.character_readings("豊")
    assert "オカ" in analysis.character_readings("岡")
    assert analysis.character_readings("☃") == frozenset()
