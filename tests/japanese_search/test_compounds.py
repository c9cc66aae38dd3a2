"""japanese_search.compounds: runs of Japanese script matched from any word start, whatever Sudachi's split."""

import pytest
from django.apps import apps
from django.db import connection

from japanese_search import analysis, compounds
from japanese_search.conf import search_backends


def tagged(text):
    return {token for token in analysis.index_text(text, "ja").split() if token.startswith(compounds.COMPOUND_TAG)}


def test_every_substring_that_starts_at_a_word_is_indexed():
    tokens = tagged("静岡県清水町の柿田川湧水群")  # Sudachi: 柿|田川|湧水|群
    assert {"qc柿田川", "qc柿田", "qc柿田川湧水群", "qc田川", "qc湧水"} <= tokens
    assert "qc川湧水" not in tokens  # 川 is inside the word 田川


def test_kyoto_is_not_a_substring_that_starts_a_word_of_tokyo_to():
    assert tagged("東京都庁") >= {"qc東京", "qc東京都"}
    assert not any(token.startswith("qc京") for token in tagged("東京都庁"))
    assert not any(token.startswith("qc京") for token in tagged("東京都のまち歩き、東京都ひばりが丘"))
    assert "qc京都" in tagged("京都府")


def test_runs_written_partly_in_hiragana_or_katakana_are_indexed_whole():
    assert "qcまち歩き" in tagged("市内のまち歩きの取り組み")  # text まち|歩き (noun), query まち|歩く (verb)
    assert "qcあゆみが丘" in tagged("札幌市あゆみが丘地区防災計画")  # text あゆみ -> 歩み, query あゆみ
    assert "qc三ツ木台" in tagged("五戸町三ツ木台地区")  # kanji and katakana: one run
    assert "qcかすみがうら" in tagged("かすみがうら市の観光")


def test_particles_and_auxiliaries_start_no_token_and_grammar_ends_one():
    tokens = tagged("市内のまち歩きの取り組みについて説明会を開いた")
    assert not any(token[2] in "のにをがはでとた" for token in tokens)  # no token starts at a particle
    assert not any(part in token for token in tokens for part in ("につ", "会を", "開いた"))  # に, を, た end tokens
    assert "qcまち歩きの取り" in tokens  # の may be part of a name (宮の森, ひばりが丘): a token runs on over it
    assert "qc市内のまち歩き" not in tokens  # ... for a few characters (CHARS_AFTER_NAME_PARTICLE)


def test_a_query_run_also_matches_its_tagged_token():
    (term,) = analysis.search_terms("柿田川", language="ja")
    assert (analysis.PhraseMatch(("qc柿田川",)),) in term.alternatives
    (term,) = analysis.search_terms("まち歩き", language="ja")  # mixed script
    assert (analysis.PhraseMatch(("qcまち歩き",)),) in term.alternatives
    assert compounds.compound_query_token("あい") is None  # two hiragana start too many words
    assert compounds.compound_query_token("の森") is None  # no token starts at a particle
    assert compounds.compound_query_token("ながた野") == "qcながた野"  # Sudachi: な (auxiliary) がた 野, but a name
    assert compounds.compound_query_token("漢" * (compounds.MAX_COMPOUND_CHARS + 1)) is None


def test_a_word_split_at_its_particle_also_matches_whole_inside_a_compound():
    terms = analysis.search_terms("ふじが丘南", language="ja")  # ふじ and 丘南, or ふじが丘南 in ふじが丘南集落
    assert len(terms) == 2
    assert all((analysis.PhraseMatch(("qcふじが丘南",)),) in term.alternatives for term in terms)


PAGES = {
    "walk": "市内のまち歩きの取り組みを紹介する。",
    "ayumi": "札幌市あゆみが丘地区防災計画について説明会を開いた。",
    "fuji": "大分市ふじが丘南集落営農組合の総会",
    "tokyo": "東京都のまち歩きと東京都ひばりが丘の集い",
    "miya": "宮の森林を守る会",
}


@pytest.mark.django_db
@pytest.mark.skipif(not apps.is_installed("modelsearch.test.testapp"), reason="needs modelsearch's test models")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("まち歩き", {"walk", "tokyo"}),
        ("あゆみが丘", {"ayumi"}),
        ("ふじが丘南", {"fuji"}),
        ("京都", set()),  # never inside 東京都
        ("の森", set()),  # no match starts at a particle
    ],
)
def test_names_in_hiragana_and_mixed_scripts_are_found_inside_compounds(query, expected):
    from modelsearch.backends import get_search_backend
    from modelsearch.test.testapp.models import Book

    backend = get_search_backend(search_backends(connection.settings_dict["ENGINE"], {})["default"]["BACKEND"])
    books = {
        key: Book.objects.create(title="記録", summary=text, publication_date="2024-04-01", number_of_pages=1)
        for key, text in PAGES.items()
    }
    backend.add_bulk(Book, list(books.values()))
    found = {hit.pk for hit in backend.search(query, Book, operator="and")}
    assert {key for key, book in books.items() if book.pk in found} == expected
