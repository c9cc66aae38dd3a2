"""japanese_search.compounds: runs of kanji/katakana matched from any word start, whatever Sudachi's split."""

from japanese_search import analysis, compounds


def tagged(text):
    return {token for token in analysis.index_text(text, "ja").split() if token.startswith(compounds.COMPOUND_TAG)}


def test_every_substring_that_starts_at_a_word_is_indexed():
    tokens = tagged("静岡県清水町の柿田川湧水群")  # Sudachi: 柿|田川|湧水|群
    assert {"qc柿田川", "qc柿田", "qc柿田川湧水群", "qc田川", "qc湧水"} <= tokens
    assert "qc川湧水" not in tokens  # 川 is inside the word 田川


def test_kyoto_is_not_a_substring_that_starts_a_word_of_tokyo_to():
    assert tagged("東京都庁") >= {"qc東京", "qc東京都"}
    assert not any(token.startswith("qc京") for token in tagged("東京都庁"))
    assert "qc京都" in tagged("京都府")


def test_a_query_run_also_matches_its_tagged_token():
    (term,) = analysis.search_terms("柿田川", language="ja")
    assert (analysis.PhraseMatch(("qc柿田川",)),) in term.alternatives
    (term,) = analysis.search_terms("まち歩き", language="ja")  # mixed script: phrase only
    assert not any(p.tokens[0].startswith("qc") for alternative in term.alternatives for p in alternative)
    assert compounds.compound_query_token("あ" * 3) is None
    assert compounds.compound_query_token("漢" * (compounds.MAX_COMPOUND_CHARS + 1)) is None
