"""Query words to term matches: phrases of analysed tokens and their alternatives (names with titles, era
years, readings, hyphenated words, abbreviations), the language searched, the relaxed query."""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from japanese_search.compounds import compound_query_token
from japanese_search.english import hyphen_joins
from japanese_search.japanese import (
    _HIRAGANA_ONLY_RE,
    _KANA_ONLY_RE,
    MIN_READING_QUERY_CHARS,
    READINGS,
    SUDACHI_CHUNK_CHARS,
    _sudachi_tokenizer,
    to_katakana,
)
from japanese_search.normalisation import normalize_text
from japanese_search.tokens import (
    _SEGMENT_RE,
    AUTOCOMPLETE_SUFFIX_CHARS,
    LANGUAGES,
    analyze,
    segment_tokens,
    segments,
    tag,
)

# A query word that ends in an office title or an honorific after a name (濱田市長, 田中知事, 濱田さん) also
# matches the name and the title anywhere on the page (pages write 泉大津市長 濱田剛史), or the name alone.
OFFICE_TITLES = (
    "副市長", "副町長", "副村長", "副知事", "副大臣", "市長", "町長", "村長", "区長", "知事", "首長", "議長",
    "議員", "大臣", "長官", "理事長", "委員長", "会長", "社長", "教授",
)  # fmt: skip
HONORIFICS = ("さん", "さま", "様", "氏", "先生", "殿", "くん", "君", "ちゃん")
_NAME_SUFFIXES = sorted(OFFICE_TITLES + HONORIFICS, key=len, reverse=True)  # 副市長 before 市長
# Japanese era years in queries also match the Western year and the other way round (令和7年 = 2025年,
# 令和元年度 = 2019年度): first Western year of each era; a Western year is written in the era it began.
ERAS = (("令和", 2019), ("平成", 1989), ("昭和", 1926))
_ERA_YEAR_RE = re.compile(r"(令和|平成|昭和)(元|\d{1,2})(年度?)")
_WESTERN_YEAR_RE = re.compile(r"(\d{4})(年度?)")
# Queries longer than this (after normalisation) are truncated.
MAX_QUERY_CHARS = 1000


@dataclass(frozen=True)
class PhraseMatch:
    """Consecutive tokens; with prefix=True the last one is a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class TermMatch:
    """One whitespace-separated query word: any alternative matches, or any synonym (ranked lower).

    An alternative is a tuple of PhraseMatch that must all match.
    """

    alternatives: tuple[tuple[PhraseMatch, ...], ...] = field(default_factory=tuple)
    synonyms: tuple[tuple[PhraseMatch, ...], ...] = field(default_factory=tuple)

    @property
    def everything(self) -> tuple[tuple[PhraseMatch, ...], ...]:
        """The alternatives, then the synonyms: what the word matches."""
        return self.alternatives + self.synonyms


_search_language: ContextVar[str | None] = ContextVar("search_language", default=None)
# The `language` argument's default: the language of the enclosing search_language() block, if any.
USE_CONTEXT = object()


@contextmanager
def search_language(lang: str | None):
    """Default language for full-text searches inside this block (None: both languages). An explicit
    `language` (backend.search(..., language=...), search_terms(..., language=...)) takes precedence."""
    token = _search_language.set(lang if lang in LANGUAGES else None)
    try:
        yield
    finally:
        _search_language.reset(token)


def current_search_language() -> str | None:
    return _search_language.get()


def resolve_language(language=USE_CONTEXT) -> str | None:
    """An explicit language ("ja", "en"; None or anything else: both), or the enclosing block's."""
    if language is USE_CONTEXT:
        return _search_language.get()
    return language if language in LANGUAGES else None


def _in_search_language(alternatives, language=USE_CONTEXT) -> tuple:
    """The alternatives with their tokens tagged for the language(s) being searched."""
    lang = resolve_language(language)
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


def search_terms(query_string: str, names=None, language=USE_CONTEXT, synonyms=None) -> list[TermMatch]:
    """Whole-word query: each word is one phrase of its tokens (stemmed); a word joined by Japanese
    particles counts as its parts (_split_at_particles); a name with a title also matches as name and
    title apart (_title_alternative), an era year as the Western year and back (_era_alternative).
    names: {word: other names it also matches} (japanese_search.abbreviations: 国交省 -> 国土交通省, MLIT).
    language: "ja" or "en" matches that language's text only, None both; default: search_language()'s.
    synonyms: word -> its synonyms (japanese_search.synonyms.Synonyms), matched as phrases and ranked lower."""
    terms = []
    for word in _truncate_query(query_string).split():
        parts = _split_at_particles(word)
        # A word split at particles also matches whole inside a compound, in each part's term: ふじが丘南 is
        # ふじ and 丘南, or ふじが丘南 inside ふじが丘南集落 (compounds.py).
        whole = compound_query_token(word) if len(parts) > 1 else None
        for tokens, surface in parts:
            alternatives = [(PhraseMatch(tokens),)]
            extras = [_title_alternative(surface), _era_alternative(surface), _reading_alternative(word)]
            extras += [(PhraseMatch((joined,)),) for _start, _end, joined in hyphen_joins(surface)]
            for compound in (compound_query_token(surface), whole):
                if compound:
                    extras.append((PhraseMatch((compound,)),))  # 柿田川 inside 柿田川湧水群 (compounds.py)
            for name in (names or {}).get(surface, ()):
                name_tokens = tuple(analyze(name, stem=True))
                extras.append((PhraseMatch(name_tokens),) if name_tokens else None)
            for extra in extras:
                if extra and extra not in alternatives:
                    alternatives.append(extra)
            others = []
            for synonym in synonyms(surface) if synonyms else ():
                synonym_tokens = tuple(analyze(synonym, stem=True))
                compound = compound_query_token(normalize_text(synonym))
                for other in ((PhraseMatch(synonym_tokens),) if synonym_tokens else None, _phrase(compound)):
                    if other and other not in alternatives + others:
                        others.append(other)
            terms.append(TermMatch(_in_search_language(alternatives, language), _in_search_language(others, language)))
    return terms


def _phrase(token: str | None) -> tuple[PhraseMatch, ...] | None:
    return (PhraseMatch((token,)),) if token else None


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


def phrase_term(query_string: str, language=USE_CONTEXT) -> TermMatch | None:
    """A quoted phrase for full-text search, in the language(s) being searched; None if empty."""
    tokens = phrase_tokens(query_string)
    return TermMatch(_in_search_language([(PhraseMatch(tokens),)], language)) if tokens else None


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
