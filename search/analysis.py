"""Japanese/English text analysis shared by indexed text and queries.

Pipeline: NFKC -> variant kanji map -> drop zero-width/control chars -> lowercase,
then split into runs of Japanese script (SudachiPy short units, normalized
dictionary forms) and other words (Latin diacritics folded, English stemmed).
Every emitted token consists of Unicode letters/digits only, so the database
tokenizers (FTS5 unicode61, PostgreSQL 'simple') keep each token whole and no
token can carry query syntax.
"""

import os
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# Variant kanji that NFKC leaves alone (mostly names); kept deliberately short.
VARIANT_KANJI = {
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "德": "徳",
    "邊": "辺",
    "邉": "辺",
    "濵": "浜",
    "濱": "浜",
    "槗": "橋",
    "𠮷": "吉",
    "塚": "塚",
    "曻": "昇",
    "隆": "隆",
    "栁": "柳",
    "冨": "富",
}

_VARIANT_TABLE = str.maketrans(VARIANT_KANJI)

_JAPANESE_CHARS = (
    "\u3005\u3006\u3007\u303b"  # 々 〆 〇 〻
    "\u3041-\u3096\u309d-\u309f"  # hiragana, ゝゞゟ
    "\u30a1-\u30fa\u30fc-\u30ff"  # katakana, ー ヽヾヿ (not ・)
    "\u31f0-\u31ff"  # small katakana extension
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kanji
    "\U00020000-\U0003ffff"  # kanji extensions
)
# A Japanese run, or a run of other letters/digits (never underscore).
_SEGMENT_RE = re.compile(
    rf"(?P<ja>[{_JAPANESE_CHARS}]+)|(?P<word>(?:(?![{_JAPANESE_CHARS}])[^\W_])+)"
)
_WORD_RE = re.compile(r"[^\W_]+")
_KANA_ONLY_RE = re.compile(r"[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe]+")
_HAS_KANJI_RE = re.compile(r"[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")

# Sudachi refuses inputs over 49149 bytes; Japanese is 3 bytes per char.
SUDACHI_CHUNK_CHARS = 4000
# Longest surface string indexed per token start for autocomplete.
AUTOCOMPLETE_SUFFIX_CHARS = 20
# Queries longer than this (after normalisation) are truncated.
MAX_QUERY_CHARS = 1000
# Sudachi parts of speech that carry no searchable content.
_SKIPPED_POS = {"補助記号", "空白"}


# --- normalisation -------------------------------------------------------------


def _is_removed(char: str) -> bool:
    category = unicodedata.category(char)
    if category in {"Cc", "Cf", "Cs", "Co", "Cn"}:
        return True
    code = ord(char)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF  # variation selectors


def normalize_text(text: str) -> str:
    """NFKC, fold variant kanji, drop invisible/control characters, lowercase."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if char.isspace() else char for char in text if char.isspace() or not _is_removed(char))
    text = text.translate(_VARIANT_TABLE)
    return text.lower()


@lru_cache(maxsize=4096)
def _fold_diacritics(word: str) -> str:
    if word.isascii():
        return word
    folded = []
    for char in word:
        if ord(char) < 0x0250 or 0x1E00 <= ord(char) <= 0x1EFF:  # Latin
            char = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        folded.append(char)
    return "".join(folded)


# --- English stemming -----------------------------------------------------------

_local = threading.local()


def _english_stemmer():
    stemmer = getattr(_local, "english_stemmer", None)
    if stemmer is None:
        import snowballstemmer

        # Snowball English ("porter2"): the algorithm of PostgreSQL's english config.
        stemmer = _local.english_stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=65536)
def stem_english(word: str) -> str:
    if not word.isascii() or not word.isalpha():
        return word
    return _english_stemmer().stemWord(word)


# --- Sudachi --------------------------------------------------------------------

_dictionary_lock = threading.Lock()
_dictionary = None
_dictionary_pid = None


def _sudachi_dictionary():
    """The Sudachi core dictionary, loaded once per process (memory-mapped)."""
    global _dictionary, _dictionary_pid
    if _dictionary is None or _dictionary_pid != os.getpid():
        with _dictionary_lock:
            if _dictionary is None or _dictionary_pid != os.getpid():
                from sudachipy import Dictionary

                _dictionary = Dictionary(dict="core")
                _dictionary_pid = os.getpid()
    return _dictionary


def _sudachi_tokenizer():
    """One short-unit (mode A) tokenizer per thread: tokenizers are not thread-safe."""
    tokenizer = getattr(_local, "sudachi_tokenizer", None)
    if tokenizer is None or getattr(_local, "sudachi_pid", None) != os.getpid():
        from sudachipy import SplitMode

        tokenizer = _local.sudachi_tokenizer = _sudachi_dictionary().tokenizer(mode=SplitMode.A)
        _local.sudachi_pid = os.getpid()
    return tokenizer


@dataclass(frozen=True)
class Morpheme:
    surface: str  # as written (normalised text)
    forms: tuple[str, ...]  # index tokens: Sudachi normalized dictionary form
    reading: str  # katakana reading, "" when unknown


@lru_cache(maxsize=16384)
def analyze_japanese_run(run: str) -> tuple[Morpheme, ...]:
    """Sudachi mode A over a run of Japanese script."""
    morphemes = []
    tokenizer = _sudachi_tokenizer()
    for start in range(0, len(run), SUDACHI_CHUNK_CHARS):
        for m in tokenizer.tokenize(run[start : start + SUDACHI_CHUNK_CHARS]):
            if m.part_of_speech()[0] in _SKIPPED_POS:
                continue
            surface = m.surface()
            forms = tuple(_WORD_RE.findall(normalize_text(m.normalized_form()))) or (surface,)
            reading = m.reading_form() if not m.is_oov() else ""
            morphemes.append(Morpheme(surface, forms, reading))
    return tuple(morphemes)


# --- segments and tokens ------------------------------------------------------


@dataclass
class Segment:
    """A run of normalised text: Japanese (with morphemes) or a plain word."""

    text: str
    japanese: bool
    morphemes: tuple[Morpheme, ...] = ()


def segments(normalized: str) -> list[Segment]:
    result = []
    for match in _SEGMENT_RE.finditer(normalized):
        if match.lastgroup == "ja":
            run = match.group()
            result.append(Segment(run, True, analyze_japanese_run(run)))
        else:
            result.append(Segment(_fold_diacritics(match.group()), False))
    return result


def segment_tokens(segment: Segment, *, stem: bool) -> list[str]:
    if segment.japanese:
        return [form for m in segment.morphemes for form in m.forms]
    return [stem_english(segment.text) if stem else segment.text]


def analyze(text: str, *, stem: bool = True) -> list[str]:
    """Tokens of a text, in order (stem=False for autocomplete)."""
    return [token for seg in segments(normalize_text(text)) for token in segment_tokens(seg, stem=stem)]


def reading_tokens(text: str) -> list[str]:
    """Katakana readings of the words written with kanji (for kana queries)."""
    readings = []
    for seg in segments(normalize_text(text)):
        for m in seg.morphemes:
            if m.reading and _HAS_KANJI_RE.search(m.surface):
                readings.append(m.reading)
    return readings


def autocomplete_suffixes(text: str) -> list[str]:
    """Surface strings starting at every word boundary inside Japanese runs.

    Lets a query prefix match however Sudachi splits the partial word
    (中小企 is split 中/小/企, unlike 中小企業 -> 中小/企業).
    """
    suffixes = []
    for seg in segments(normalize_text(text)):
        if not seg.japanese:
            continue
        offset = 0
        for m in seg.morphemes:
            offset = seg.text.find(m.surface, offset)
            if offset < 0:
                break
            suffix = seg.text[offset : offset + AUTOCOMPLETE_SUFFIX_CHARS]
            if len(suffix) > len(m.surface) or suffix not in m.forms:
                suffixes.append(suffix)
            offset += len(m.surface)
    return suffixes


def index_text(text: str) -> str:
    """Text stored in the title/body index columns."""
    return " ".join(analyze(text, stem=True))


def autocomplete_index_text(text: str) -> str:
    """Text stored in the autocomplete column: unstemmed tokens, then word-start suffixes."""
    tokens = analyze(text, stem=False)
    seen = set(tokens)
    extra = []
    for suffix in autocomplete_suffixes(text):
        if suffix not in seen:
            seen.add(suffix)
            extra.append(suffix)
    return " ".join(tokens + extra)


# --- queries ------------------------------------------------------------------


@dataclass(frozen=True)
class PhraseMatch:
    """Consecutive tokens; with prefix=True the last one is a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class TermMatch:
    """One whitespace-separated query word: any alternative matches.

    An alternative is a tuple of PhraseMatch that must all match.
    """

    alternatives: tuple[tuple[PhraseMatch, ...], ...] = field(default_factory=tuple)


def _truncate_query(query_string: str) -> str:
    return normalize_text(query_string)[:MAX_QUERY_CHARS]


def search_terms(query_string: str) -> list[TermMatch]:
    """Whole-word query: each word is one phrase of its tokens (stemmed)."""
    terms = []
    for word in _truncate_query(query_string).split():
        tokens = tuple(analyze(word, stem=True))
        if tokens:
            terms.append(TermMatch(((PhraseMatch(tokens),),)))
    return terms


def phrase_tokens(query_string: str, *, stem: bool = True) -> tuple[str, ...]:
    """All tokens of a quoted phrase, as one phrase."""
    return tuple(analyze(_truncate_query(query_string), stem=stem))


def autocomplete_terms(query_string: str) -> list[TermMatch]:
    """Autocomplete query: like search but unstemmed, and the last word is a prefix.

    The last word matches if either its tokens match with the last token as a
    prefix (normalized or written form), or, when it ends in Japanese, the
    written run is a prefix of an indexed word-start suffix.
    """
    words = _truncate_query(query_string).split()
    terms = []
    for position, word in enumerate(words):
        segs = segments(word)
        tokens = [token for seg in segs for token in segment_tokens(seg, stem=False)]
        if not tokens:
            continue
        if position < len(words) - 1:
            terms.append(TermMatch(((PhraseMatch(tuple(tokens)),),)))
            continue
        alternatives = [(PhraseMatch(tuple(tokens), prefix=True),)]
        last = segs[-1]
        if last.japanese and last.morphemes:
            surface = last.morphemes[-1].surface
            if surface != tokens[-1]:
                alternatives.append((PhraseMatch((*tokens[:-1], surface), prefix=True),))
            before = tuple(token for seg in segs[:-1] for token in segment_tokens(seg, stem=False))
            suffix_match = PhraseMatch((last.text[:AUTOCOMPLETE_SUFFIX_CHARS],), prefix=True)
            alternatives.append(((PhraseMatch(before), suffix_match) if before else (suffix_match,)))
        terms.append(TermMatch(tuple(dict.fromkeys(alternatives))))
    return terms
