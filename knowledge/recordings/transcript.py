"""What a recording page shows and serves: the transcript in a language, its caption cues, the chapters as
cues, clip spans (?t=120-185), the recordings a person speaks in and the lines they speak."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Case, Count, F, OuterRef, QuerySet, Subquery, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils.text import Truncator

from core.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from core.memo import remembered
from core.visibility import visible_pages
from knowledge.models import SeminarRecordingPage, TranscriptSegment
from knowledge.recordings.captions import Cue

SPAN = re.compile(r"^\s*(\d{1,6})(?:\s*[-,]\s*(\d{1,6}))?\s*$")
LAST_CUE_MS = 5000  # a hand-typed last line with no end time is shown this long


@dataclass(frozen=True)
class Span:
    start: int
    end: int | None = None

    @property
    def is_clip(self):
        return self.end is not None

    def holds(self, start_ms, end_ms):
        if self.end is None:
            return True
        return start_ms < self.end * 1000 and end_ms > self.start * 1000

    def __str__(self):
        return f"{self.start}-{self.end}" if self.end is not None else str(self.start)


def clock(seconds):
    """1:02:03 or 2:03"""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def parse_span(value):
    """`120`, `120-185` or `120,185` (a media fragment) as a Span; None for anything else or an empty span."""
    match = SPAN.match(value or "")
    if not match:
        return None
    start, end = int(match[1]), int(match[2]) if match[2] else None
    if end is not None and end <= start:
        return None
    return Span(start, end)


def _text(segment, lang):
    return getattr(segment, f"text_{lang}", "") or ""


def _rows(segments, lang):
    """The rows that make up the transcript in `lang`: its own imported rows, else the bilingual rows."""
    own = [s for s in segments if s.language == lang]
    if own:
        return own
    return [s for s in segments if s.language == "" and _text(s, lang).strip()]


def _timed(rows, lang, duration_seconds=None):
    """(segment, start_ms, end_ms, text) with end times: a row's own, else the next row's start."""
    timed = []
    for n, row in enumerate(rows):
        start = row.start_ms if row.start_ms is not None else row.start * 1000
        if row.end_ms is not None:
            end = row.end_ms
        elif n + 1 < len(rows):
            nxt = rows[n + 1]
            end = nxt.start_ms if nxt.start_ms is not None else nxt.start * 1000
        else:
            end = start + LAST_CUE_MS
            if duration_seconds and duration_seconds * 1000 > start:
                end = duration_seconds * 1000
        timed.append((row, start, max(end, start + 1), _text(row, lang)))
    return timed


def _segments(page):
    """The page's transcript rows with their speakers, read once per request (a recording page asks four times:
    caption languages, the lines, the clip and JSON-LD)."""
    return remembered(
        ("transcript_rows", page.pk, id(page)), lambda: in_time_order(page.transcript_segments.select_related("speaker").all())
    )


def in_time_order(rows):
    """Rows by their start (milliseconds where known), then as the editor ordered them: rows typed in or created
    without an order (sort_order empty) would otherwise come back in whatever order the database keeps them."""
    return sorted(rows, key=lambda r: (r.start_ms if r.start_ms is not None else r.start * 1000, r.sort_order or 0, r.pk or 0))


def caption_cues(page, lang):
    """The captions of a recording in `lang` as cues ([] when it has none in that language)."""
    segments = _segments(page)
    return [
        Cue(start, end, text, _speaker_name(row, lang))
        for row, start, end, text in _timed(_rows(segments, lang), lang, page.duration_seconds)
        if text.strip()
    ]


def caption_languages(page):
    """The languages the recording has captions in, in the site's order."""
    segments = _segments(page)
    return [lang for lang in LANGUAGE_CODES if _rows(segments, lang)]


def chapter_cues(page, lang):
    chapters = list(page.chapters.all())
    cues = []
    for n, chapter in enumerate(chapters):
        end = chapters[n + 1].start if n + 1 < len(chapters) else (page.duration_seconds or chapter.start + 60)
        title = getattr(chapter, f"title_{lang}", "") or getattr(chapter, f"title_{DEFAULT_LANGUAGE}", "")
        cues.append(Cue(chapter.start * 1000, max(end, chapter.start + 1) * 1000, title))
    return cues


def _speaker_name(row, lang):
    if row.speaker_id:
        return getattr(row.speaker, f"name_{lang}", "") or getattr(row.speaker, f"name_{DEFAULT_LANGUAGE}", "")
    return row.speaker_label


@dataclass
class Line:
    """A transcript line as the page shows it."""

    segment: TranscriptSegment
    start_ms: int
    end_ms: int
    text: str
    text_lang: str
    speaker: str

    @property
    def start(self):
        return self.start_ms // 1000

    @property
    def end(self):
        return -(-self.end_ms // 1000)

    @property
    def timestamp(self):
        return str(datetime.timedelta(seconds=self.start)).removeprefix("0:")  # as TimedText.timestamp


def _page_rows(segments, lang):
    """The rows the page shows in `lang`: its own imported rows; else every bilingual row (an untranslated one
    in Japanese) when some have `lang` text; else the Japanese transcript."""
    if lang == DEFAULT_LANGUAGE or any(s.language == lang for s in segments) or not _rows(segments, lang):
        text_lang = lang if _rows(segments, lang) else DEFAULT_LANGUAGE
        return _rows(segments, text_lang), lambda row: text_lang
    bilingual = [s for s in segments if s.language == "" and (_text(s, lang).strip() or _text(s, DEFAULT_LANGUAGE).strip())]
    return bilingual, lambda row: lang if _text(row, lang).strip() else DEFAULT_LANGUAGE


def transcript_lines(page, lang, span=None):
    """The transcript in `lang` (a line without `lang` text in Japanese), within a clip's span."""
    segments = _segments(page)
    rows, language_of = _page_rows(segments, lang)
    lines = []
    for row, start, end, _ in _timed(rows, lang, page.duration_seconds):
        text_lang = language_of(row)
        lines.append(Line(row, start, end, _text(row, text_lang), text_lang, _speaker_name(row, lang)))
    if span is not None and span.is_clip:
        lines = [line for line in lines if span.holds(line.start_ms, line.end_ms)]
    return lines


def recordings_spoken_in(person, user):
    """The recordings `person` speaks in (a listed speaker of the page or the speaker of a segment: the rule of
    SeminarRecordingPage.spoken_in_by) that `user` may see, newest first."""
    pages = visible_pages(SeminarRecordingPage.objects.filter(SeminarRecordingPage.spoken_in_by([person.pk])), user)
    return pages.order_by("-date", "-pk")


FIRST_WORDS = {"ja": 40, "en": 80}  # characters of a spoken line shown on a person's page


@dataclass(frozen=True)
class SpokenLine:
    """A line a person speaks, as their page shows it: its moment, its clip and its first words."""

    start: int
    end: int
    text: str
    text_lang: str

    @property
    def timestamp(self):
        return str(datetime.timedelta(seconds=self.start)).removeprefix("0:")

    @property
    def span(self):
        return f"{self.start}-{self.end}"


@dataclass
class SpokenLines:
    lines: list
    total: int  # how many lines the person speaks in this recording, in the language shown

    @property
    def more(self):
        return self.total > len(self.lines)


def _spoken_rows(person, recording_ids, lang, limit, expanded):
    """The person's segments on these recordings, at most `limit` per recording and language (all of them on the
    `expanded` recording), with the count per recording and language: one query."""
    partition = [F("page_id"), F("language")]
    cap = Case(When(page_id=expanded, then=Value(2**31 - 1)), default=Value(limit)) if expanded else Value(limit)
    texts = sorted({f"text_{lang}", f"text_{DEFAULT_LANGUAGE}"})
    return (
        QuerySet(model=TranscriptSegment)
        .filter(speaker=person, page_id__in=recording_ids)
        .annotate(
            n=Window(RowNumber(), partition_by=partition, order_by=[F("sort_order").asc(), F("start").asc(), F("pk").asc()]),
            total=Window(Count("pk"), partition_by=partition),
        )
        .filter(n__lte=cap)
        .order_by("page_id", "language", "n")
        .values("pk", "page_id", "language", "start", "start_ms", "end_ms", "total", "page__duration_seconds", *texts)
    )


def _next_starts(rows):
    """{segment id: the start of the next line of its transcript} for these rows without an end of their own: one
    query, asked only for the rows shown (a correlated lookup for every line a person speaks costs seconds)."""
    ids = [row["pk"] for row in rows if row["end_ms"] is None]
    if not ids:
        return {}
    following = (
        QuerySet(model=TranscriptSegment)
        .filter(page_id=OuterRef("page_id"), language=OuterRef("language"), start__gt=OuterRef("start"))
        .order_by("start")
        .values("start")[:1]
    )
    found = QuerySet(model=TranscriptSegment).filter(pk__in=ids).annotate(next_start=Subquery(following))
    return dict(found.values_list("pk", "next_start"))


def _spoken_line(row, text_lang, lang, next_start):
    start = row["start_ms"] // 1000 if row["start_ms"] is not None else row["start"]
    if row["end_ms"] is not None:
        end = -(-row["end_ms"] // 1000)
    elif next_start is not None:
        end = next_start
    else:
        end = row["page__duration_seconds"] or start + LAST_CUE_MS // 1000
    text = Truncator(" ".join(row[f"text_{text_lang}"].split())).chars(FIRST_WORDS.get(lang, FIRST_WORDS["en"]))
    return SpokenLine(start, max(end, start + 1), text, text_lang)


def spoken_lines(person, recording_ids, lang, limit=5, expanded=None):
    """{recording id: SpokenLines} of the lines `person` speaks in these recordings, in `lang`: the lines of the
    transcript imported for `lang`, else the typed (bilingual) lines (in Japanese where a line has no `lang` text),
    else the Japanese transcript; at most `limit` per recording (all on the `expanded` one). Two queries however many
    recordings and lines; the recordings are the caller's, already checked for who may see them."""
    by_page = {}
    for row in _spoken_rows(person, recording_ids, lang, limit, expanded):
        by_page.setdefault(row["page_id"], {}).setdefault(row["language"], []).append(row)
    chosen = {}
    for page_id, by_language in by_page.items():
        for language in (lang, "", DEFAULT_LANGUAGE, *LANGUAGE_CODES):
            shown = []
            for row in by_language.get(language, ()):
                text_lang = language or (lang if (row[f"text_{lang}"] or "").strip() else DEFAULT_LANGUAGE)
                if (row[f"text_{text_lang}"] or "").strip():
                    shown.append((row, text_lang))
            if shown:
                chosen[page_id] = (shown, by_language[language][0]["total"])
                break
    next_starts = _next_starts([row for shown, _total in chosen.values() for row, _ in shown])
    found = {}
    for page_id, (shown, total) in chosen.items():
        lines = [_spoken_line(row, text_lang, lang, next_starts.get(row["pk"])) for row, text_lang in shown]
        found[page_id] = SpokenLines(lines, total)
    return found
