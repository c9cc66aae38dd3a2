"""Names inside compounds: a run of kanji (or katakana) matched however Sudachi splits it.

Sudachi splits a name it does not know by context: the text 柿田川湧水群 becomes 柿|田川|湧水|群 while the
query 柿田川 becomes 柿田|川, so the phrase of the query's tokens is not in the text. For every run of kanji
or of katakana in indexed text, each substring of 2 to MAX_COMPOUND_CHARS characters that *starts at a word
boundary* (a Sudachi short unit's start, or the run's start) is also indexed as one token with the prefix
COMPOUND_TAG (`qc柿田`, `qc柿田川`, `qc柿田川湧`...). A query word that is one such run also matches its
`qc` token, so it matches any substring of a run that starts where a word of the text starts.

Starting at a word boundary is what keeps 京都 out of 東京都: Sudachi knows 東京 as a word (東京|都), so no
substring of 東京都 starts at 京. The end is free: a name is often glued to what follows (柿|田川).
"""

import re

# Off: index and query without compound tokens (benchmarks/compound_names.py measures both ways).
ENABLED = True
# Tagged substrings of a run are at most this long (and a longer query word does not try them).
MAX_COMPOUND_CHARS = 8
COMPOUND_TAG = "qc"
_RUN_RE = re.compile(
    r"[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]{2,}"  # kanji (and 々)
    r"|[\u30a1-\u30fa\u30fc-\u30fe]{2,}"  # katakana (and ー)
)


def _word_starts(text: str, morphemes) -> set[int]:
    """Offsets in `text` where a Sudachi short unit starts."""
    starts, offset = set(), 0
    for m in morphemes:
        found = text.find(m.surface, offset)
        if found < 0:
            break
        starts.add(found)
        offset = found + len(m.surface)
    return starts


def compound_tokens(text: str, morphemes) -> list[str]:
    """The tagged substrings of the kanji and katakana runs of one Japanese run `text` (analysed into
    `morphemes`) that start at a word boundary."""
    if not ENABLED:
        return []
    starts = _word_starts(text, morphemes)
    tokens = []
    for run in _RUN_RE.finditer(text):
        for start in range(run.start(), run.end() - 1):
            if start != run.start() and start not in starts:
                continue
            end = min(run.end(), start + MAX_COMPOUND_CHARS)
            tokens.extend(COMPOUND_TAG + text[start:stop] for stop in range(start + 2, end + 1))
    return tokens


def compound_query_token(surface: str) -> str | None:
    """The tagged token a query word matches inside compounds, if the word is one kanji or katakana run
    of 2 to MAX_COMPOUND_CHARS characters (else None)."""
    if ENABLED and len(surface) <= MAX_COMPOUND_CHARS and _RUN_RE.fullmatch(surface):
        return COMPOUND_TAG + surface
    return None
