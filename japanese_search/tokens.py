"""Text to index tokens: runs of Japanese script and other words, language tags, the title/body and
autocomplete column texts."""

import re
from dataclasses import dataclass

from japanese_search.compounds import compound_tokens
from japanese_search.english import ENGLISH_STOP_WORDS, hyphen_joins, stem_english
from japanese_search.japanese import (
    _HAS_KANJI_RE,
    _JAPANESE_CHARS,
    JOINT_READING_TEXT_CHARS,
    MIN_READING_QUERY_CHARS,
    READINGS,
    Morpheme,
    analyze_japanese_run,
    joint_readings,
)
from japanese_search.normalisation import _fold_diacritics, normalize_text

_SEGMENT_RE = re.compile(rf"(?P<ja>(?:(?=[^\W_])[{_JAPANESE_CHARS}])+)|(?P<word>(?:(?![{_JAPANESE_CHARS}])[^\W_])+)")
# Longest surface string indexed per token start for autocomplete.
AUTOCOMPLETE_SUFFIX_CHARS = 20
# Index tokens of English-language text carry this prefix, so a search can be limited to one
# language's text (search_language("en"), or "ja" for untagged tokens) or cover both (None).
ENGLISH_TAG = "qen"
LANGUAGES = ("ja", "en")


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


def tag(token: str, lang: str | None) -> str:
    return ENGLISH_TAG + token if lang == "en" else token


def index_text(text: str, lang: str | None = None) -> str:
    """Text stored in the title/body index columns: tokens, then kanji words' readings (and joint readings
    in short texts), then the substrings of kanji/katakana runs that start at a word (compounds.py).

    lang: the language the text is written in ("ja", "en"), or None for text that belongs to
    both (numbers, codes): its tokens are indexed once per language.
    """
    normalized = normalize_text(text)
    segs = segments(normalized)
    tokens = [token for seg in segs for token in segment_tokens(seg, stem=True)]
    tokens += [joined for _start, _end, joined in hyphen_joins(normalized)]
    if READINGS:
        tokens += _segment_readings(segs, joint=len(normalized) <= JOINT_READING_TEXT_CHARS)
    tokens += [token for seg in segs if seg.japanese for token in compound_tokens(seg.text, seg.morphemes)]
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
