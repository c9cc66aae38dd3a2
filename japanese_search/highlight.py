"""Snippets: find a query's analysed terms in a text and mark them, escaping everything else.

The text is analysed like the index (japanese_search.analysis), so 活かし matches 活かす and
"festivals" matches "festival". Offsets are kept back to the original text so what is
shown is what the editor wrote. Japanese runs are only analysed when they could match
(they contain a query token or word), which keeps long bodies cheap.
"""

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from japanese_search import analysis

ELLIPSIS = "…"
# Characters normalize_text maps one-to-one (ASCII, common kana, kanji, Japanese punctuation).
_ONE_TO_ONE_RUN = re.compile(r"[\t\n\r\x20-\x7e\u3001-\u3003\u3008-\u3011\u3041-\u3096\u30a1-\u30fa\u30fc\u4e00-\u9fff]+")
_COMBINING = re.compile(r"[\u0300-\u036f\u3099\u309a\uff9e\uff9f]")
_WHITESPACE = re.compile(r"\s+")
_BOUNDARY = re.compile(r"[。、！？!?]|\s+")
_JAPANESE_ANY = re.compile(r"[\u3041-\u30ff\u3400-\u9fff]")
# Japanese text analysed when no run contains a query word (spelling variants such as 取組/取り組み).
FALLBACK_ANALYSIS_CHARS = 2000


@dataclass(frozen=True)
class QueryTerms:
    """The token sequences to mark, and cheap strings that must occur in a Japanese run to be worth analysing."""

    phrases: tuple[tuple[str, ...], ...]
    probes: tuple[str, ...]

    def __bool__(self):
        return bool(self.phrases)

    @cached_property
    def tokens(self):
        return frozenset(token for phrase in self.phrases for token in phrase)


def query_terms(query: str, names=None) -> QueryTerms:
    """names: {word: the other names it also matches}, as the search was made (japanese_search.abbreviations)."""
    phrases = []
    with analysis.search_language("ja"):  # untagged tokens, as they appear in any text
        terms = analysis.search_terms(query, names)
    for term in terms:
        for alternative in term.alternatives:
            phrases.extend(phrase.tokens for phrase in alternative if phrase.tokens)
    phrases = tuple(dict.fromkeys(phrases))
    probes = {token for phrase in phrases for token in phrase}
    probes.update(analysis.normalize_text(query).split())
    for word in list(probes):
        for segment in analysis.segments(word):
            probes.update(m.surface for m in segment.morphemes)
    return QueryTerms(phrases, tuple(sorted(p for p in probes if p)))


def _normalize_with_offsets(text: str) -> tuple[str, list[int], list[int]]:
    """normalize_text(text), with the original start and end offset of every output character."""
    out, starts, ends = [], [], []
    position = 0
    length = len(text)
    while position < length:
        match = _ONE_TO_ONE_RUN.match(text, position)
        if match:
            piece = match.group()
            normalized = analysis.normalize_text(piece)
            if len(normalized) == len(piece):
                out.append(normalized)
                starts.extend(range(match.start(), match.end()))
                ends.extend(range(match.start() + 1, match.end() + 1))
                position = match.end()
                continue
        end = position + 1
        while end < length and _COMBINING.match(text, end):
            end += 1
        normalized = analysis.normalize_text(text[position:end])
        out.append(normalized)
        starts.extend([position] * len(normalized))
        ends.extend([end] * len(normalized))
        position = end
    return "".join(out), starts, ends


def _tokens(normalized: str, terms: QueryTerms, analyse_all_japanese: bool):
    """(set of tokens, start, end, {joint reading: end}) in normalised offsets, like the index sees them;
    Japanese runs without a probe are not analysed, nor those holding none of the query's tokens (None
    marks the gap). A kanji word also answers to its reading, and to the joint readings of it and the
    next words (analysis.joint_readings); the first word of a hyphenated one to the whole (Wi-Fi: wifi)."""
    budget = FALLBACK_ANALYSIS_CHARS
    min_reading = getattr(analysis, "MIN_READING_QUERY_CHARS", 3)
    hyphen_joins = {start: {joined: end} for start, end, joined in analysis.hyphen_joins(normalized)}
    for match in analysis._SEGMENT_RE.finditer(normalized):
        if match.lastgroup != "ja":
            word = analysis.Segment(analysis._fold_diacritics(match.group()), False)
            for token in analysis.segment_tokens(word, stem=True):  # stop words give nothing
                yield {token}, match.start(), match.end(), hyphen_joins.get(match.start())
            continue
        run = match.group()
        if analyse_all_japanese:
            if budget <= 0:
                yield None
                continue
            budget -= len(run)
        elif not any(probe in run for probe in terms.probes):
            yield None
            continue
        if terms.tokens.isdisjoint(_run_tokens(run)):
            yield None
            continue
        yield from _japanese_run_tokens(run, match.start(), min_reading)


def _japanese_run_tokens(run: str, run_start: int, min_reading: int):
    """_tokens for one analysed Japanese run starting at run_start."""
    morphemes, offsets, offset = [], [], 0
    for morpheme in analysis.analyze_japanese_run(run):
        found = run.find(morpheme.surface, offset)
        if found < 0:
            continue
        offset = found + len(morpheme.surface)
        morphemes.append(morpheme)
        offsets.append((run_start + found, run_start + offset))
    joints = {}
    for index, count, reading in analysis.joint_readings(morphemes):
        joints.setdefault(index, {})[reading] = offsets[index + count - 1][1]
    for index, morpheme in enumerate(morphemes):
        start, end = offsets[index]
        for position, form in enumerate(morpheme.forms):
            tokens = {form}
            if position == 0 and len(morpheme.reading) >= min_reading and analysis._HAS_KANJI_RE.search(morpheme.surface):
                tokens.add(morpheme.reading)
            yield tokens, start, end, joints.get(index) if position == 0 else None


@lru_cache(maxsize=16384)
def _run_tokens(run: str) -> frozenset[str]:
    """Every token a Japanese run can give (forms, readings, joint readings): a run without any query token is skipped."""
    morphemes = analysis.analyze_japanese_run(run)
    tokens = {token for m in morphemes for token in (*m.forms, m.reading) if token}
    return frozenset(tokens.union(reading for _index, _count, reading in analysis.joint_readings(morphemes)))


def _match_spans(tokens, phrases):
    starts = {}
    for index, entry in enumerate(tokens):
        if entry is not None:
            for token in entry[0]:
                starts.setdefault(token, []).append(index)
    spans = []
    for phrase in phrases:
        for index in starts.get(phrase[0], ()):
            window = tokens[index : index + len(phrase)]
            if len(window) == len(phrase) and all(t is not None and p in t[0] for t, p in zip(window, phrase, strict=True)):
                spans.append((window[0][1], window[-1][2]))
        if len(phrase) == 1:  # a kana word read across several kanji words, or one written with hyphens
            spans.extend((entry[1], entry[3][phrase[0]]) for entry in tokens if entry and entry[3] and phrase[0] in entry[3])
    return spans


def _merge(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def find_spans(text: str, terms: QueryTerms) -> list[tuple[int, int]]:
    """Spans (original offsets) of the query's phrases in the text, merged and sorted."""
    if not text or not terms:
        return []
    normalized, starts, ends = _normalize_with_offsets(text)
    spans = _match_spans(list(_tokens(normalized, terms, False)), terms.phrases)
    if not spans and _JAPANESE_ANY.search(normalized):
        spans = _match_spans(list(_tokens(normalized, terms, True)), terms.phrases)
    return _merge((starts[start], ends[end - 1]) for start, end in spans if end > start)


def _render(text: str, spans, start: int, end: int) -> SafeString:
    parts = [ELLIPSIS] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        parts.append(escape(_WHITESPACE.sub(" ", text[position:span_start])))
        parts.append("<mark>" + escape(_WHITESPACE.sub(" ", text[span_start:span_end])) + "</mark>")
        position = span_end
    parts.append(escape(_WHITESPACE.sub(" ", text[position:end])))
    if end < len(text):
        parts.append(ELLIPSIS)
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped above


def _window(text: str, spans, length: int) -> tuple[int, int]:
    """The stretch of `length` characters holding the most matches, with a little context before."""
    if len(text) <= length:
        return 0, len(text)
    if not spans:
        return 0, length
    best_start, best_count = spans[0][0], 0
    for index, (start, _end) in enumerate(spans):
        count = sum(1 for s, _e in spans[index:] if s < start + length)
        if count > best_count:
            best_start, best_count = start, count
    start = min(max(0, best_start - length // 5), len(text) - length)
    if start > 0:
        # Begin at the word or sentence boundary nearest to the start, never after the first match.
        nearby = [match.end() for match in _BOUNDARY.finditer(text, max(0, start - 15), min(best_start, start + 15))]
        if nearby:
            start = min(nearby, key=lambda position: abs(position - start))
    return start, min(len(text), start + length)


def snippet(text: str, terms: QueryTerms, length: int) -> tuple[SafeString, bool]:
    """An escaped excerpt of about `length` characters with the matches in <mark>; (html, matched)."""
    text = (text or "").strip()
    if not text:
        return mark_safe(""), False
    spans = find_spans(text, terms)
    start, end = _window(text, spans, length)
    return _render(text, spans, start, end), bool(spans)


def highlight(text: str, terms: QueryTerms) -> SafeString:
    """The whole (short) text escaped, with the matches in <mark>."""
    text = text or ""
    return render(text, find_spans(text, terms))


def render(text: str, spans) -> SafeString:
    """The whole text escaped, with the spans (from find_spans) in <mark>."""
    return _render(text, spans, 0, len(text))


def plain_text(html: str) -> str:
    """A snippet without its <mark> tags, unescaped."""
    return unescape(strip_tags(html))
