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
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from search import spelling

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
# A Japanese run, or a run of other letters/digits (never underscore; only chars
# this Python's Unicode database knows as letters/digits).
_SEGMENT_RE = re.compile(rf"(?P<ja>(?:(?=[^\W_])[{_JAPANESE_CHARS}])+)|(?P<word>(?:(?![{_JAPANESE_CHARS}])[^\W_])+)")
_WORD_RE = re.compile(r"[^\W_]+")
_KANA_ONLY_RE = re.compile(r"[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe]+")
# Latin words joined by hyphens (Wi-Fi, co-creation), after normalisation (lowercase).
_HYPHEN_RE = re.compile("[-\u2010\u2011]")
_HYPHENATED_RE = re.compile(r"(?<![a-z0-9\u2010\u2011-])[a-z]+(?:[-\u2010\u2011][a-z]+)+(?![a-z0-9\u2010\u2011-])")
_HAS_KANJI_RE = re.compile(r"[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")

# Sudachi refuses inputs over 49149 bytes; Japanese is 3 bytes per char.
SUDACHI_CHUNK_CHARS = 4000
# Longest surface string indexed per token start for autocomplete.
AUTOCOMPLETE_SUFFIX_CHARS = 20
# Index katakana readings of kanji words so kana-only queries (たかつき) find them (高槻).
READINGS = True
# Kana-only query words shorter than this do not try readings (too many homophones).
MIN_READING_QUERY_CHARS = 3
# Consecutive kanji words are also indexed by their joined reading, up to this many words of at least
# JOINT_READING_CHARS kana (joint_readings), in texts up to JOINT_READING_TEXT_CHARS long: titles, names,
# roles, summaries (what people type by sound), not bodies or transcripts, whose index would grow by a tenth.
MAX_JOINED_WORDS = 3
JOINT_READING_CHARS = 4
JOINT_READING_TEXT_CHARS = 200
# A query word that ends in an office title or an honorific after a name (濱田市長, 田中知事, 濱田さん) also
# matches the name and the title anywhere on the page (pages write 泉大津市長 濱田剛史), or the name alone.
OFFICE_TITLES = (
    "副市長", "副町長", "副村長", "副知事", "副大臣", "市長", "町長", "村長", "区長", "知事", "首長", "議長",
    "議員", "大臣", "長官", "理事長", "委員長", "会長", "社長", "教授",
)  # fmt: skip
HONORIFICS = ("さん", "さま", "様", "氏", "先生", "殿", "くん", "君", "ちゃん")
_NAME_SUFFIXES = sorted(OFFICE_TITLES + HONORIFICS, key=len, reverse=True)  # 副市長 before 市長
_HIRAGANA_ONLY_RE = re.compile(r"[\u3041-\u309f]+")
# Japanese era years in queries also match the Western year and the other way round (令和7年 = 2025年,
# 令和元年度 = 2019年度): first Western year of each era; a Western year is written in the era it began.
ERAS = (("令和", 2019), ("平成", 1989), ("昭和", 1926))
_ERA_YEAR_RE = re.compile(r"(令和|平成|昭和)(元|\d{1,2})(年度?)")
_WESTERN_YEAR_RE = re.compile(r"(\d{4})(年度?)")
# Queries longer than this (after normalisation) are truncated.
MAX_QUERY_CHARS = 1000
# Lucene's English stop words without "it" (IT is a common word on this site).
# Dropped from title/body and whole-word queries, kept for autocomplete.
ENGLISH_STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to",
        "was", "will", "with",
    }
)  # fmt: skip
# Index tokens of English-language text carry this prefix, so a search can be limited to one
# language's text (search_language("en"), or "ja" for untagged tokens) or cover both (None).
ENGLISH_TAG = "qen"
LANGUAGES = ("ja", "en")
# Sudachi parts of speech that carry no searchable content.
_SKIPPED_POS = {"補助記号", "空白"}


# --- normalisation -------------------------------------------------------------


_WHITESPACE_RE = re.compile(r"\s+")
# Control and format characters (zero-width spaces/joiners, BOM, soft hyphen, bidi marks,
# tags) and variation selectors: removed, so a word split by one of them stays whole.
_INVISIBLE_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e0fff]"
)


_NFKC_CHUNK_CHARS = 256
# Characters that never compose with the character before them: safe places to cut.
_NFKC_SAFE_START_RE = re.compile("[\x00-\x7f\\s\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]")


def _nfkc(text: str) -> str:
    """NFKC in chunks: CPython's normalize() slows down badly on long unnormalised strings."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    parts = []
    start = 0
    while start < len(text):
        end = min(start + _NFKC_CHUNK_CHARS, len(text))
        # Cut only before a character that cannot combine with the one before it.
        while end < len(text) and not _NFKC_SAFE_START_RE.match(text, end):
            end += 1
        parts.append(unicodedata.normalize("NFKC", text[start:end]))
        start = end
    return "".join(parts)


def normalize_text(text: str) -> str:
    """NFKC, fold variant kanji, drop invisible/control characters, lowercase."""
    if not text:
        return ""
    text = _nfkc(text)
    text = _INVISIBLE_RE.sub("", _WHITESPACE_RE.sub(" ", text))
    return text.translate(_VARIANT_TABLE).lower()


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
    """The Snowball stem of the word's American spelling (organisation and organization: "organ")."""
    if not word.isascii() or not word.isalpha():
        return word
    return _english_stemmer().stemWord(spelling.american(word))


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


def _sudachi_tokenizer(mode="A"):
    """One tokenizer per split mode and thread (tokenizers are not thread-safe): short units (A) for the
    index and queries, long units (C) to split a compound query word into its words."""
    tokenizers = getattr(_local, "sudachi_tokenizers", None)
    if tokenizers is None or getattr(_local, "sudachi_pid", None) != os.getpid():
        tokenizers = _local.sudachi_tokenizers = {}
        _local.sudachi_pid = os.getpid()
    if mode not in tokenizers:
        from sudachipy import SplitMode

        tokenizers[mode] = _sudachi_dictionary().tokenizer(mode=getattr(SplitMode, mode))
    return tokenizers[mode]


@dataclass(frozen=True)
class Morpheme:
    surface: str  # as written (normalised text)
    forms: tuple[str, ...]  # index tokens: Sudachi normalized dictionary form
    reading: str  # katakana reading, "" when unknown
    particle: bool = False  # a particle (助詞: の, は, を, とは ...)


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
            forms = tuple(_WORD_RE.findall(m.normalized_form().translate(_VARIANT_TABLE).lower()))
            forms = forms or tuple(_WORD_RE.findall(surface))
            reading = m.reading_form() if not m.is_oov() else ""
            morphemes.append(Morpheme(surface, forms, reading, m.part_of_speech()[0] == "助詞"))
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
    """stem=True: search analysis (stemmed, no stop words); False: autocomplete."""
    if segment.japanese:
        return [form for m in segment.morphemes for form in m.forms]
    if not stem:
        return [segment.text]
    if segment.text in ENGLISH_STOP_WORDS:
        return []
    return [stem_english(segment.text)]


def analyze(text: str, *, stem: bool = True) -> list[str]:
    """Tokens of a text, in order (stem=False for autocomplete)."""
    return [token for seg in segments(normalize_text(text)) for token in segment_tokens(seg, stem=stem)]


def _segment_readings(segs: list[Segment], joint=False) -> list[str]:
    readings = []
    for seg in segs:
        for m in seg.morphemes:
            if len(m.reading) >= MIN_READING_QUERY_CHARS and _HAS_KANJI_RE.search(m.surface):
                readings.append(m.reading)
        if joint:
            readings.extend(reading for _start, _count, reading in joint_readings(seg.morphemes))
    return readings


def joint_readings(morphemes) -> list[tuple[int, int, str]]:
    """(index, count, reading) for 2-3 consecutive kanji words read as one: a kana query written without
    spaces finds them (はまだたけし: 濱田剛史, でんとうこうげい: 伝統工芸, たかつきし: 高槻市). Readings of at least
    JOINT_READING_CHARS kana; nothing joins across kana, particles or other script."""
    joints = []
    for start in range(len(morphemes) - 1):
        reading = ""
        for count in range(1, MAX_JOINED_WORDS + 1):
            index = start + count - 1
            if index >= len(morphemes):
                break
            m = morphemes[index]
            if not m.reading or not _HAS_KANJI_RE.search(m.surface):
                break
            reading += m.reading
            if count >= 2 and len(reading) >= JOINT_READING_CHARS:
                joints.append((start, count, reading))
    return joints


def autocomplete_suffixes(text: str) -> list[str]:
    return _segment_suffixes(segments(normalize_text(text)))


def _segment_suffixes(segs: list[Segment]) -> list[str]:
    """Surface strings starting at every word boundary inside Japanese runs.

    Lets a query prefix match however Sudachi splits the partial word
    (中小企 is split 中/小/企, unlike 中小企業 -> 中小/企業).
    """
    suffixes = []
    for seg in segs:
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


def hyphen_joins(normalized: str) -> list[tuple[int, int, str]]:
    """(start, end, stem) of each word written with hyphens, read as one word: Wi-Fi as wifi, co-creation as
    cocreation, start-ups as startup. The parts stay tokens of their own; this lets either spelling find the other."""
    return [(m.start(), m.end(), stem_english(_HYPHEN_RE.sub("", m.group()))) for m in _HYPHENATED_RE.finditer(normalized)]


def to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" or c in "ゝゞ" else c for c in text)


def tag(token: str, lang: str | None) -> str:
    return ENGLISH_TAG + token if lang == "en" else token


def index_text(text: str, lang: str | None = None) -> str:
    """Text stored in the title/body index columns: tokens, then kanji words' readings (and joint readings
    in short texts).

    lang: the language the text is written in ("ja", "en"), or None for text that belongs to
    both (numbers, codes): its tokens are indexed once per language.
    """
    normalized = normalize_text(text)
    segs = segments(normalized)
    tokens = [token for seg in segs for token in segment_tokens(seg, stem=True)]
    tokens += [joined for _start, _end, joined in hyphen_joins(normalized)]
    if READINGS:
        tokens += _segment_readings(segs, joint=len(normalized) <= JOINT_READING_TEXT_CHARS)
    if lang is None:
        return " ".join([*tokens, *(tag(token, "en") for token in tokens)])
    return " ".join(tag(token, lang) for token in tokens)


def autocomplete_index_text(text: str) -> str:
    """Text stored in the autocomplete column: unstemmed tokens, then word-start suffixes."""
    segs = segments(normalize_text(text))
    tokens = [token for seg in segs for token in segment_tokens(seg, stem=False)]
    seen = set(tokens)
    extra = []
    for suffix in _segment_suffixes(segs):
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


_search_language: ContextVar[str | None] = ContextVar("search_language", default=None)


@contextmanager
def search_language(lang: str | None):
    """Full-text searches inside this block match only text in `lang` (None: both languages)."""
    token = _search_language.set(lang if lang in LANGUAGES else None)
    try:
        yield
    finally:
        _search_language.reset(token)


def current_search_language() -> str | None:
    return _search_language.get()


def _in_search_language(alternatives) -> tuple:
    """The alternatives with their tokens tagged for the language(s) being searched."""
    lang = _search_language.get()
    scoped = []
    for code in LANGUAGES if lang is None else (lang,):
        for alternative in alternatives:
            scoped.append(tuple(PhraseMatch(tuple(tag(t, code) for t in p.tokens), p.prefix) for p in alternative))
    return tuple(dict.fromkeys(scoped))


def _truncate_query(query_string: str) -> str:
    return normalize_text(query_string)[:MAX_QUERY_CHARS]


def _reading_alternative(word: str, *, prefix: bool = False) -> tuple[PhraseMatch, ...] | None:
    """A kana-only word may also be the reading of a kanji word: たかつき -> タカツキ (高槻)."""
    if READINGS and len(word) >= MIN_READING_QUERY_CHARS and _KANA_ONLY_RE.fullmatch(word):
        return (PhraseMatch((to_katakana(word),), prefix=prefix),)
    return None


def _title_alternative(surface: str) -> tuple[PhraseMatch, ...] | None:
    """濱田市長 -> 濱田 and 市長 (both, anywhere); 濱田さん -> 濱田. None unless the word ends in an office
    title or honorific after 2+ characters that are not all hiragana (みなさま, おばあちゃん stay whole)."""
    for suffix in _NAME_SUFFIXES:
        name = surface.removesuffix(suffix)
        if name == surface or len(name) < 2 or _HIRAGANA_ONLY_RE.fullmatch(name):
            continue
        name_tokens = tuple(analyze(name, stem=True))
        if not name_tokens:
            return None
        if suffix in HONORIFICS:
            return (PhraseMatch(name_tokens),)
        return (PhraseMatch(name_tokens), PhraseMatch(tuple(analyze(suffix, stem=True))))
    return None


def _era_alternative(surface: str) -> tuple[PhraseMatch, ...] | None:
    """令和7年 -> 2025年, 2025年度 -> 令和7年度, 2019年 -> 令和元年; None for anything else."""
    if match := _ERA_YEAR_RE.fullmatch(surface):
        era, number, suffix = match.groups()
        year = dict(ERAS)[era] + (0 if number == "元" else int(number) - 1)
        other = f"{year}{suffix}"
    elif match := _WESTERN_YEAR_RE.fullmatch(surface):
        year, suffix = int(match.group(1)), match.group(2)
        era, first = next(((era, first) for era, first in ERAS if year >= first), (None, 0))
        if era is None:
            return None
        number = year - first + 1
        other = f"{era}{'元' if number == 1 else number}{suffix}"
    else:
        return None
    tokens = tuple(analyze(other, stem=True))
    return (PhraseMatch(tokens),) if tokens else None


def _split_at_particles(word: str) -> list[tuple[tuple[str, ...], str]]:
    """(tokens, written form) of a query word, one phrase per part between Japanese particles.

    People type 三島市の湧水 or 流域治水とは: the particles go and the words around them become
    separate terms (三島市 and 湧水; 流域治水), as if typed with a space. A word is split only where
    every part keeps 2+ characters, so 道の駅 and 森の学校 stay phrases; kana-only words
    (たかつき) are never split.
    """
    segs = segments(word)
    whole = tuple(token for seg in segs for token in segment_tokens(seg, stem=True))
    if _KANA_ONLY_RE.fullmatch(word) or not any(m.particle for seg in segs for m in seg.morphemes):
        return [(whole, word)] if whole else []
    parts, tokens, surface = [], [], ""
    for seg in segs:
        for piece in seg.morphemes if seg.japanese else (seg,):
            if getattr(piece, "particle", False):
                parts.append((tuple(tokens), surface))
                tokens, surface = [], ""
                continue
            tokens.extend(piece.forms if seg.japanese else segment_tokens(seg, stem=True))
            surface += piece.surface if seg.japanese else seg.text
    parts.append((tuple(tokens), surface))
    parts = [(tokens, surface) for tokens, surface in parts if surface]
    if not parts or any(len(surface) < 2 or not tokens for tokens, surface in parts):
        return [(whole, word)] if whole else []
    return parts


def search_terms(query_string: str, names=None) -> list[TermMatch]:
    """Whole-word query: each word is one phrase of its tokens (stemmed); a word joined by Japanese
    particles counts as its parts (_split_at_particles); a name with a title also matches as name and
    title apart (_title_alternative), an era year as the Western year and back (_era_alternative).
    names: {word: other names it also matches} (search.abbreviations: 国交省 -> 国土交通省, MLIT)."""
    terms = []
    for word in _truncate_query(query_string).split():
        for tokens, surface in _split_at_particles(word):
            alternatives = [(PhraseMatch(tokens),)]
            extras = [_title_alternative(surface), _era_alternative(surface), _reading_alternative(word)]
            extras += [(PhraseMatch((joined,)),) for _start, _end, joined in hyphen_joins(surface)]
            for name in (names or {}).get(surface, ()):
                name_tokens = tuple(analyze(name, stem=True))
                extras.append((PhraseMatch(name_tokens),) if name_tokens else None)
            for extra in extras:
                if extra and extra not in alternatives:
                    alternatives.append(extra)
            terms.append(TermMatch(_in_search_language(alternatives)))
    return terms


def relaxed_query(query_string: str) -> str | None:
    """The query with each Japanese word written together split into its words (Sudachi long units),
    for a search that found nothing as typed: 三島湧水 -> 三島 湧水, 生成AI議事録 -> 生成AI 議事録,
    森の学校 -> 森 学校, お祭り -> 祭り (honorific prefix dropped). Particles after a word written in kanji,
    katakana or Latin letters separate words, as do symbols; hiragana otherwise stays with the word before it
    (inflections, 歩きたくなる; words Sudachi cannot tell apart, あきや), numbers with their prefixes and counters
    (第5回), prefixes and suffixes with their words, and words in hiragana alone stay whole. None when that
    changes nothing."""
    typed = query_string[:MAX_QUERY_CHARS].split()
    words = []
    for word in typed:
        if _HIRAGANA_ONLY_RE.fullmatch(word) or not any(m.lastgroup == "ja" for m in _SEGMENT_RE.finditer(word)):
            words.append(word)
            continue
        parts, glued, previous = [], False, ""  # glued: the next unit belongs to the last part
        for m in _sudachi_tokenizer("C").tokenize(word[:SUDACHI_CHUNK_CHARS]):
            pos, surface = m.part_of_speech()[0], m.surface()
            if pos in ("補助記号", "空白") or (pos == "助詞" and previous and not _HIRAGANA_ONLY_RE.fullmatch(previous)):
                parts.append("")  # a boundary
                glued, previous = False, ""
                continue
            hiragana = _HIRAGANA_ONLY_RE.fullmatch(surface)
            if parts and parts[-1] and (glued or hiragana or pos == "接尾辞" or surface[:1].isdigit() or parts[-1][-1].isdigit()):
                parts[-1] += surface
            else:
                parts.append(surface)
            glued, previous = pos == "接頭辞", surface
        words.extend(_without_honorific_prefix(part) for part in parts if part)
    return " ".join(words) if words and words != typed else None


def _without_honorific_prefix(word: str) -> str:
    """お祭り -> 祭り, ご案内 -> 案内: the word without a leading honorific お/ご/御."""
    morphemes = list(_sudachi_tokenizer().tokenize(word))
    first = morphemes[0] if morphemes else None
    if first is not None and len(morphemes) > 1 and first.part_of_speech()[0] == "接頭辞" and first.normalized_form() == "御":
        return word[len(first.surface()) :]
    return word


def phrase_tokens(query_string: str, *, stem: bool = True) -> tuple[str, ...]:
    """All tokens of a quoted phrase, as one phrase (untagged)."""
    return tuple(analyze(_truncate_query(query_string), stem=stem))


def phrase_term(query_string: str) -> TermMatch | None:
    """A quoted phrase for full-text search, in the language(s) being searched; None if empty."""
    tokens = phrase_tokens(query_string)
    return TermMatch(_in_search_language([(PhraseMatch(tokens),)])) if tokens else None


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
            alternatives.append((PhraseMatch(before), suffix_match) if before else (suffix_match,))
        terms.append(TermMatch(tuple(dict.fromkeys(alternatives))))
    return terms
