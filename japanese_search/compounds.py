"""Names inside compounds: a run of Japanese script matched however Sudachi splits it.

Sudachi splits a name it does not know by context: the text 柿田川湧水群 becomes 柿|田川|湧水|群 while the
query 柿田川 becomes 柿田|川, so the phrase of the query's tokens is not in the text. The same happens to names and
words written partly in hiragana or katakana (あがた|が|丘|地区 but あが|た|が丘; まち歩きの取り組み reads 歩き as a noun,
the query まち歩き as a verb, 歩く). For every run of Japanese script in indexed text (kanji, hiragana, katakana
together; punctuation, spaces, Latin letters and digits end a run), each substring of 2 to MAX_COMPOUND_CHARS
characters that *starts where a word starts* is also indexed as one token with the prefix COMPOUND_TAG
(`qc柿田`, `qc柿田川`, `qcまち歩き`, `qcあがたが丘`...). A query word that is one such run also matches its `qc`
token, so it matches any substring of a run that starts where a word of the text starts.

Where a word starts: where a Sudachi short unit starts that is not a particle or an auxiliary verb (の, が, を, に,
は, で, と, た, です...), or where a run of 2+ kanji or of 2+ katakana starts. Starting only there is what keeps
京都 out of 東京都 (Sudachi knows 東京 as a word: 東京|都, so no substring of 東京都 starts at 京) and particles from
starting junk (no `qcの取り`; no start at a verb or suffix in hiragana either: no `qcついて`). The end is free: a
name is often glued to what follows (柿|田川). A particle or auxiliary verb ends a token, except the particles that
names hold (ひばりが丘, 宮の森, 霞ヶ浦): a token that started at most CHARS_BEFORE_NAME_PARTICLE characters before one runs
on over it for CHARS_AFTER_NAME_PARTICLE more (qcひばりが丘, qcまち歩きの取り; not qc静岡県清水町の柿).

A query word in hiragana alone needs 3+ characters to try compound tokens (2 hiragana start too many words).
"""

import re
from bisect import bisect_right

from japanese_search.japanese import analyze_japanese_run

# Off: index and query without compound tokens (benchmarks/compound_names.py measures both ways).
ENABLED = True
# Tagged substrings of a run are at most this long (and a longer query word does not try them).
MAX_COMPOUND_CHARS = 8
# A query word written in hiragana alone tries its compound token from this length.
MIN_HIRAGANA_QUERY_CHARS = 3
COMPOUND_TAG = "qc"
_KANJI = "\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"  # kanji (and 々)
_KATAKANA = "\u30a1-\u30fa\u30fc-\u30fe"  # katakana (and ー)
_HIRAGANA = "\u3041-\u3096\u309d\u309e"
# Runs of 2+ kanji or 2+ katakana: each starts a word, whatever Sudachi says.
_SCRIPT_RUN_RE = re.compile(rf"[{_KANJI}]{{2,}}|[{_KATAKANA}]{{2,}}")
# What a compound token (and a query word that tries one) is written in.
_RUN_RE = re.compile(rf"[{_KANJI}{_KATAKANA}{_HIRAGANA}]{{2,}}")
# Particles that place names hold (ひばりが丘, 宮の森, 霞ヶ浦, 一ノ瀬): a compound token runs on over them; any
# other particle (を, に, は, で, と, から...) or auxiliary verb (た, です, ない...) ends it.
NAME_PARTICLES = frozenset({"の", "が", "ヶ", "ケ", "ノ", "ガ", "ッ", "ツ", "つ"})
CHARS_AFTER_NAME_PARTICLE = 3
CHARS_BEFORE_NAME_PARTICLE = 4
# Words in hiragana of these parts of speech start no token (して, いる, ない, さ: inflections and suffixes).
_NO_START_POS = frozenset({"動詞", "接尾辞"})
_HIRAGANA_RE = re.compile(rf"[{_HIRAGANA}]+")


def _starts_and_stops(text: str, morphemes) -> tuple[list[int], list[tuple[int, int]]]:
    """Offsets in `text` where a word starts, and (offset, chars after it) of the particles and auxiliaries:
    a token ends at an auxiliary or a particle that names do not hold (0), and at most
    CHARS_AFTER_NAME_PARTICLE characters after one they hold (ひばりが丘, 宮の森)."""
    starts, stops, offset = set(), [], 0
    for m in morphemes:
        found = text.find(m.surface, offset)
        if found < 0:
            break
        offset = found + len(m.surface)
        if m.particle or m.auxiliary:
            name_particle = m.particle and m.surface in NAME_PARTICLES
            stops.append((found, len(m.surface) + CHARS_AFTER_NAME_PARTICLE if name_particle else 0))
        elif not (_HIRAGANA_RE.fullmatch(m.surface) and m.pos in _NO_START_POS):
            starts.add(found)
    starts.update(run.start() for run in _SCRIPT_RUN_RE.finditer(text))
    return sorted(starts), stops


def compound_tokens(text: str, morphemes) -> list[str]:
    """The tagged substrings of the runs of Japanese script of one Japanese run `text` (analysed into
    `morphemes`) that start where a word starts, up to a particle or auxiliary that names do not hold."""
    if not ENABLED:
        return []
    starts, stops = _starts_and_stops(text, morphemes)
    stop_offsets = [at for at, _after in stops]
    tokens = []
    for run in _RUN_RE.finditer(text):
        for start in starts:
            if not run.start() <= start < run.end() - 1:
                continue
            end = min(run.end(), start + MAX_COMPOUND_CHARS)
            for at, after in stops[bisect_right(stop_offsets, start) :]:
                if at >= end:
                    break
                end = min(end, at + (after if at - start <= CHARS_BEFORE_NAME_PARTICLE else 0))
            tokens.extend(COMPOUND_TAG + text[start:stop] for stop in range(start + 2, end + 1))
    return tokens


def compound_query_token(surface: str) -> str | None:
    """The tagged token a query word matches inside compounds, if the word is one run of Japanese script of 2
    to MAX_COMPOUND_CHARS characters (3+ when it is all hiragana), else None."""
    if not ENABLED or len(surface) > MAX_COMPOUND_CHARS or not _RUN_RE.fullmatch(surface):
        return None
    if _HIRAGANA_RE.fullmatch(surface) and len(surface) < MIN_HIRAGANA_QUERY_CHARS:
        return None
    # No token starts at a particle: の森 is not looked for inside 宮の森. Only a particle that is all the kana
    # before other script counts: Sudachi's reading of a name starting in kana says little (な|がた|野, た|の|せ).
    first = next(iter(analyze_japanese_run(surface)), None)
    if first is None or ((first.particle or first.auxiliary) and not _HIRAGANA_RE.match(surface, len(first.surface))):
        return None
    return COMPOUND_TAG + surface
