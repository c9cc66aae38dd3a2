"""A page of search results: each hit's title, snippet and, for a recording, the transcript lines that match.

Built per request, in the search's language (Japanese where a text has no English), with the query's
words highlighted (search.highlight); a transcript hit links to its moment in the video (?t=).
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import translation
from wagtail.models import Site

from core.languages import DEFAULT_LANGUAGE
from core.text import is_empty
from core.visibility import members_only_checker
from japanese_search import abbreviations, highlight
from knowledge.models import KnowledgePage, ProgramNoticePage, RecordingClip, TranscriptSegment
from search.params import PAGE_TYPES

TRANSCRIPT_HITS_PER_RESULT = 3
SNIPPET_CHARS = {"ja": 110, "en": 220}


@dataclass
class TranscriptHit:
    start: int
    text: str
    html: str
    url: str
    end: int | None = None

    @property
    def timestamp(self):
        minutes, seconds = divmod(self.start, 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


@dataclass
class Hit:
    page: KnowledgePage
    type: str
    type_label: str
    title: str
    title_html: str
    url: str
    snippet_html: str
    date: object
    municipality: str
    prefecture: str
    members_only: bool
    untranslated: bool
    transcript_hits: list
    clips: list = ()  # the recording's named clips whose titles match: (title html, url)
    municipality_code: str = ""
    municipality_url: str = ""  # its entity page in the search's language

    @property
    def snippet(self):
        return highlight.plain_text(self.snippet_html)

    def as_json(self):
        return {
            "slug": self.page.slug,
            "type": self.type,
            "title": self.title,
            "url": self.url,
            "snippet": self.snippet_html,
            "date": self.date.isoformat() if self.date else None,
            "municipality": self.municipality or None,
            "municipality_code": self.municipality_code or None,
            "municipality_url": self.municipality_url or None,
            "prefecture": self.prefecture or None,
            "members_only": self.members_only,
            "untranslated": self.untranslated,
            "transcript_hits": [{"start": t.start, "end": t.end, "text": t.text, "url": t.url} for t in self.transcript_hits],
            "clips": [{"title": highlight.plain_text(title), "url": url} for title, url in self.clips],
        }


def _entity_url(municipality, lang):
    if municipality is None:
        return ""
    with translation.override(lang):
        return municipality.get_absolute_url()


def _in_language(obj, name, lang):
    """The field in `lang`, else in Japanese (what the site shows as the fallback)."""
    value = getattr(obj, f"{name}_{lang}", None)
    if is_empty(value) and lang != DEFAULT_LANGUAGE:
        value = getattr(obj, f"{name}_{DEFAULT_LANGUAGE}", None)
    return value


def _stream_text(value):
    """Plain text of a StreamField body (what the index sees)."""
    if is_empty(value):
        return ""
    return "\n".join(str(part) for part in value.stream_block.get_searchable_content(value) if part)


def _snippet_texts(page, lang, notice_row=None):
    """The texts a snippet may come from, in order (each read only when the ones before do not match)."""
    yield _in_language(page, "summary", lang) or ""
    yield _stream_text(_in_language(page, "body", lang))
    if notice_row:
        yield highlight.plain_text(notice_row.get(f"eligibility_{lang}") or notice_row["eligibility_ja"] or "")
        yield notice_row.get(f"location_{lang}") or notice_row["location_ja"] or ""


def _snippet(texts, terms, length):
    """The first text's excerpt that holds a match, else the start of the first text that is not empty."""
    seen = []
    for text in texts:
        html, matched = highlight.snippet(text, terms, length)
        if matched:
            return html
        seen.append(text)
    return highlight.snippet(next((t for t in seen if t.strip()), ""), terms, length)[0]


def _transcript_segments(page_ids, lang):
    """{recording page id: [(start, end, text in `lang` or Japanese)]}, in the order of each transcript.

    A transcript in a language is its lines imported for that language, else its typed (bilingual) lines; a line
    ends where its caption ends, else where the next line starts (None for the last)."""
    rows_by_page = {}
    rows = (
        QuerySet(model=TranscriptSegment)
        .filter(page_id__in=page_ids)
        .order_by("page_id", "sort_order", "start")
        .values_list("page_id", "language", "start", "end_ms", f"text_{lang}", f"text_{DEFAULT_LANGUAGE}")
    )
    for page_id, language, start, end_ms, text, fallback in rows:
        rows_by_page.setdefault(page_id, {}).setdefault(language, []).append((start, end_ms, text, fallback))
    segments = {}
    for page_id, by_language in rows_by_page.items():
        chosen = by_language.get(lang) or by_language.get("") or by_language.get(DEFAULT_LANGUAGE) or []
        own = lang in by_language
        lines = []
        for n, (start, end_ms, text, fallback) in enumerate(chosen):
            end = -(-end_ms // 1000) if end_ms else (chosen[n + 1][0] if n + 1 < len(chosen) else None)
            lines.append((start, end if end and end > start else None, (text if own or not is_empty(text) else fallback) or ""))
        segments[page_id] = lines
    return segments


def _clips(page_ids, terms, lang):
    """{recording page id: [(title html, clip url path)]} of the named clips whose titles hold a match."""
    found = {}
    for clip in QuerySet(model=RecordingClip).filter(page_id__in=page_ids).order_by("page_id", "sort_order"):
        title = getattr(clip, f"title_{lang}") or getattr(clip, f"title_{DEFAULT_LANGUAGE}") or ""
        spans = highlight.find_spans(title, terms)
        if spans:
            found.setdefault(clip.page_id, []).append((highlight.render(title, spans), f"?t={clip.start}-{clip.end}"))
    return found


def _notice_fields(page_ids, lang):
    """{notice page id: its location and eligibility in `lang` and Japanese}."""
    languages = sorted({lang, DEFAULT_LANGUAGE})
    rows = ProgramNoticePage.objects.filter(pk__in=page_ids).values(
        "pk", *(f"{name}_{code}" for name in ("location", "eligibility") for code in languages)
    )
    return {row["pk"]: row for row in rows}


def _transcript_hits(segments, terms, url):
    """The first TRANSCRIPT_HITS_PER_RESULT lines of a transcript that hold a match, linking to their moment."""
    found = []
    for start, end, text in segments:
        spans = highlight.find_spans(text, terms)
        if not spans:
            continue
        span = f"{start}-{end}" if end else str(start)
        found.append(TranscriptHit(start, text, highlight.render(text, spans), f"{url}?t={span}#t-{start}", end))
        if len(found) >= TRANSCRIPT_HITS_PER_RESULT:
            break
    return found


def hits(page_ids, params, context, user):
    """The hits for these pages, in this order (ids of pages that no longer exist are left out)."""
    # A plain QuerySet: the same pages, without modeltranslation's per-row rewriting (a third of the cost).
    by_pk = QuerySet(model=KnowledgePage).select_related("municipality__prefecture").in_bulk(page_ids)
    pages = [by_pk[pk] for pk in page_ids if pk in by_pk]
    lang = params.lang
    signed_in = bool(user and user.is_authenticated)  # anonymous visitors never get members-only pages
    terms = highlight.query_terms(params.query, abbreviations.known_names())
    ids_by_type = {}
    for page in pages:
        ids_by_type.setdefault(context.type_by_content_type.get(page.content_type_id), []).append(page.pk)
    segments = _transcript_segments(ids_by_type["recording"], lang) if ids_by_type.get("recording") else {}
    clips = _clips(ids_by_type["recording"], terms, lang) if ids_by_type.get("recording") else {}
    notice_fields = _notice_fields(ids_by_type["notice"], lang) if ids_by_type.get("notice") else {}
    # the restrictions are read once per search, and only for a signed-in user
    is_members_only = members_only_checker() if signed_in and pages else None
    length = SNIPPET_CHARS.get(lang, SNIPPET_CHARS["en"])
    site_root_paths = Site.get_site_root_paths()  # once per search, not once per page
    found = []
    with translation.override(lang):
        for page in pages:
            type_slug = context.type_by_content_type.get(page.content_type_id, "page")
            model = PAGE_TYPES.get(type_slug, KnowledgePage)
            # Without the request: Wagtail's site root paths give the same relative URL on a single
            # site, without a Site query per search; the page reads them from the attribute Wagtail caches them in.
            page._wagtail_cached_site_root_paths = site_root_paths
            url = page.get_url() or ""
            title = _in_language(page, "title", lang) or page.title
            municipality = page.municipality
            found.append(
                Hit(
                    page=page,
                    type=type_slug,
                    type_label=str(model._meta.verbose_name),
                    title=title,
                    title_html=highlight.highlight(title, terms),
                    url=url,
                    snippet_html=_snippet(_snippet_texts(page, lang, notice_fields.get(page.pk)), terms, length),
                    date=page.date,
                    municipality=(_in_language(municipality, "name", lang) or "") if municipality else "",
                    prefecture=(_in_language(municipality.prefecture, "name", lang) or "") if municipality else "",
                    members_only=is_members_only is not None and is_members_only(page),
                    untranslated=lang == "en" and page.lacks_english,
                    transcript_hits=_transcript_hits(segments.get(page.pk, []), terms, url),
                    clips=[(title, url + query) for title, query in clips.get(page.pk, [])],
                    municipality_code=municipality.code if municipality else "",
                    municipality_url=_entity_url(municipality, lang),
                )
            )
    return found
