"""The one place that runs a site search: query -> visible results, facets, snippets, transcript hits.

Used by the search page (search/views.py), the JSON API (search/api.py), members' alerts and the CSV
export, each with a SearchParams read from the request (search/params.py). What a query matches is
decided by the configured search backend (search/backends/: the Japanese/English analysis); on the
database backends search/matching.py evaluates the backend's own match and rank expressions in a way
that scales. Visibility (knowledge.models.visible_pages)
and filters are plain ORM around that, and counts, facets and the page of results all come from
the same set of matching pages, so they never disagree.
"""

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date as date_type

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import translation
from django.utils.functional import cached_property
from wagtail.models import PageViewRestriction, Site
from wagtail.search.backends import get_search_backend

from knowledge.models import Axis, KnowledgePage, Prefecture, ProgramNoticePage, Theme, TranscriptSegment, visible_pages
from search import abbreviations, analysis, highlight
from search.matching import Summary, id_list, index_match
from search.params import LANGS, PAGE_TYPES, SearchParams

# How long a search's count, facets and order are reused (a content or index change starts afresh).
SEARCH_CACHE_SECONDS = 600
TRANSCRIPT_HITS_PER_RESULT = 3
# A search of several words that finds nothing counts this many of its words, each searched alone.
MAX_NARROWER_SEARCHES = 5
SNIPPET_CHARS = {"ja": 110, "en": 220}


@dataclass
class TranscriptHit:
    start: int
    text: str
    html: str
    url: str

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
            "prefecture": self.prefecture or None,
            "members_only": self.members_only,
            "untranslated": self.untranslated,
            "transcript_hits": [{"start": t.start, "text": t.text, "url": t.url} for t in self.transcript_hits],
        }


@dataclass
class FacetValue:
    value: object
    label: str
    count: int
    selected: bool


@dataclass
class NarrowerSearch:
    """One word of a search that found nothing, searched alone with the same filters: how many pages it finds."""

    query: str
    count: int


@dataclass
class SearchOutcome:
    params: SearchParams
    count: int
    page: int
    num_pages: int
    hits: list
    facets: dict  # name -> [FacetValue]
    relaxed_query: str = ""  # the query as searched when nothing matched it as typed (see relaxed())
    narrower: list = field(default_factory=list)  # [NarrowerSearch] when nothing matched (see narrower_searches())

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages

    def facets_json(self):
        return {
            name: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected} for v in values]
            for name, values in self.facets.items()
        }


class _Context:
    """Per-search lookups done once (content types, restricted paths)."""

    @cached_property
    def type_by_content_type(self):
        by_model = ContentType.objects.get_for_models(*PAGE_TYPES.values())
        return {ct.pk: model.type_slug for model, ct in by_model.items()}

    @cached_property
    def login_restricted_paths(self):
        return tuple(
            PageViewRestriction.objects.filter(restriction_type=PageViewRestriction.LOGIN).values_list("page__path", flat=True)
        )

    def is_members_only(self, page):
        return any(page.path.startswith(path) for path in self.login_restricted_paths)


def filtered_pages(params: SearchParams, user, context=None, base=None):
    """The knowledge pages the user may see (of `base`, default all), narrowed by the chosen filters."""
    queryset = visible_pages(KnowledgePage.objects.all() if base is None else base, user)
    context = context or _Context()
    if params.type:
        content_type = next(pk for pk, slug in context.type_by_content_type.items() if slug == params.type)
        queryset = queryset.filter(content_type_id=content_type)
    if params.theme:
        queryset = queryset.filter(themes__slug=params.theme)
    if params.axis:
        queryset = queryset.filter(themes__axis=params.axis)
    if params.prefecture:
        queryset = queryset.filter(municipality__prefecture__code=params.prefecture)
    if params.year:
        queryset = queryset.filter(date__year=params.year)
    return queryset


def search_scope(params: SearchParams, user, context=None):
    """What the backend searches: only a primary-key filter, which every backend accepts."""
    return KnowledgePage.objects.filter(pk__in=filtered_pages(params, user, context).values("pk"))


def _search(query, scope, order_by_relevance, lang):
    """The backend's search over `scope`, in the text of language `lang` only."""
    with analysis.search_language(lang):
        return get_search_backend().search(query, scope, operator="and", order_by_relevance=order_by_relevance)


def _index_match(params: SearchParams):
    """The fast path over the backend's index for this query (search.matching), or None."""
    return index_match(_search(params.query, KnowledgePage.objects.all(), order_by_relevance=False, lang=params.lang))


def _match(params: SearchParams, user, context=None, match=None, *, rank=True):
    """(visible pages matching the query and filters, unordered; every matching page id best first,
    or None when the backend has no fast path or rank=False).

    With a fast path the index is read once (ids, and scores to rank) and visibility and filters are
    checked on those ids only; otherwise the backend searches within the visible, filtered pages.
    """
    match = match or _index_match(params)
    if match is not None:
        ranked = match.ranking() if rank else None
        ids = ranked if rank else match.matching_ids()
        matched = filtered_pages(params, user, context, base=KnowledgePage.objects.filter(pk__in=id_list(ids)))
        if params.theme or params.axis:  # a fresh query, so reading themes does not reuse the filter's join
            matched = KnowledgePage.objects.filter(pk__in=matched.values("pk"))
        return matched, ranked
    results = _search(params.query, search_scope(params, user, context).order_by(), order_by_relevance=False, lang=params.lang)
    return KnowledgePage.objects.filter(pk__in=results.get_queryset().order_by().values("pk")), None


def matched_pages(params: SearchParams, user, context=None):
    """All visible pages matching the query and filters, as an unordered queryset (used by members' alerts);
    those of the relaxed search when the query as typed matches nothing, as on the search page."""
    matched = _match(params, user, context, rank=False)[0]
    if (loose := relaxed(params)) and not matched.exists():
        return _match(loose, user, context, rank=False)[0]
    return matched


def relaxed(params: SearchParams) -> SearchParams | None:
    """The search again with Japanese words written together split into their words (三島湧水 -> 三島 湧水;
    analysis.relaxed_query), for a query that matched nothing as typed; None if that changes nothing."""
    query = analysis.relaxed_query(params.query) if params.query else None
    return replace(params, query=query) if query else None


def result_ids(params: SearchParams, user, limit=None):
    """Ids of every visible matching page in the order the search page shows them (sort=relevance|date),
    of the relaxed search when the query as typed matches nothing, as on the search page."""
    ids = _result_ids(params, user, limit)
    if not ids and (loose := relaxed(params)):
        ids = _result_ids(loose, user, limit)
    return ids


def _result_ids(params: SearchParams, user, limit=None):
    matched, ranked = _match(params, user, rank=params.sort != "date")
    if params.sort == "date":
        ids = list(matched.order_by("-date", "-id").values_list("pk", flat=True)[:limit])
    elif ranked is not None:
        visible = set(matched.values_list("pk", flat=True))
        ids = [pk for pk in ranked if pk in visible][:limit]
    else:
        ids = [page.pk for page in _search(params.query, matched, order_by_relevance=True, lang=params.lang)[:limit]]
    return ids


@dataclass
class _Found:
    """What a search found, before the page of hits: count, facets and the display order."""

    count: int
    facets: dict
    ids: list | None  # every matching page id in display order; None: the backend orders each page


def _cache_key(params: SearchParams, user) -> str:
    """Same query, filters, sort, language and audience, same content: same answer."""
    from cms.cache import generation

    audience = "signed-in" if user and user.is_authenticated else "public"
    raw = repr((generation(), params.lang, params.query, sorted(params.filters.items()), params.sort, audience))
    return "search:found:" + hashlib.sha256(raw.encode()).hexdigest()


def _find(params: SearchParams, user, context, stop):
    """(the first `stop` ids in display order, fewer if that is all, or None when the backend orders each
    page; a function that returns the whole `_Found`: count, facets, every id in display order).

    Cached until content or the index changes. Uncached, the count and facets may still be on their way
    (search.matching, search.background) while the caller loads the page of results; the function
    waits for them, then caches the answer.
    """
    key = _cache_key(params, user)
    found = cache.get(key)
    if found is not None:
        return (found.ids[:stop] if found.ids is not None else None), lambda: found
    summary = _summarize(params, user, context, first=None if params.filters else stop)

    def complete():
        # Labels first: they need no counts, and those may still be on their way.
        labels = _facet_labels(params.lang) if summary.pending is not None or summary.count else ({}, {})
        summary.completed()
        found = _Found(summary.count, _facets(summary, *labels, params, context), summary.ids)
        cache.set(key, found, SEARCH_CACHE_SECONDS)
        return found

    return summary.first_ids(stop), complete


def _facet_labels(lang):
    """({theme id: (slug, axis, label)}, {prefecture code: label}), labelled in `lang`."""
    names = [f"name_{code}" for code in LANGS]
    themes = {
        pk: (slug, axis, _label(dict(zip(LANGS, labels, strict=True)), lang))
        for pk, slug, axis, *labels in QuerySet(model=Theme).values_list("pk", "slug", "axis", *names)
    }
    prefecture_names = {
        code: _label(dict(zip(LANGS, labels, strict=True)), lang)
        for code, *labels in QuerySet(model=Prefecture).values_list("code", *names)
    }
    return themes, prefecture_names


def _summarize(params: SearchParams, user, context, first=None) -> Summary:
    """Count, display order and facet counts of the visible matching pages (`first`: see IndexMatch.summary).

    On PostgreSQL one query (search.matching); elsewhere the matching pages are read once (id, type,
    date, prefecture, themes) and counted here, with the relevance order from one ranking query.
    """
    match = _index_match(params)
    if hasattr(match, "summary"):
        pages = filtered_pages(params, user, context)
        if params.theme or params.axis:  # one row per page, however many of its themes the filter joined
            pages = KnowledgePage.objects.filter(pk__in=pages.values("pk"))
        return match.summary(pages, params.sort, first=first)
    matched, ranked = _match(params, user, context, match, rank=params.sort != "date")
    # Plain QuerySets: modeltranslation's row-by-row iteration costs more than the queries here.
    plain = QuerySet(model=KnowledgePage, query=matched.query.chain()).order_by()
    rows = {
        pk: (content_type_id, date, prefecture)
        for pk, content_type_id, date, prefecture in plain.values_list(
            "pk", "content_type_id", "date", "municipality__prefecture__code"
        )
    }
    summary = Summary(count=len(rows))
    for content_type_id, date, prefecture in rows.values():
        summary.types[content_type_id] += 1
        if prefecture:
            summary.prefectures[prefecture] += 1
        if date:
            summary.years[date.year] += 1
    if rows:
        links = QuerySet(model=KnowledgePage.themes.through).filter(knowledgepage_id__in=id_list(rows))
        axes_by_page = {}
        for page_id, theme_id, axis in links.values_list("knowledgepage_id", "theme_id", "theme__axis"):
            summary.themes[theme_id] += 1
            axes_by_page.setdefault(page_id, set()).add(axis)
        for axes in axes_by_page.values():
            summary.axes.update(axes)
    if params.sort == "date":
        summary.ids = sorted(rows, key=lambda pk: (rows[pk][1] or date_type.min, pk), reverse=True)
    elif ranked is not None:
        summary.ids = [pk for pk in ranked if pk in rows]
    return summary


def run_search(params: SearchParams, user, request=None, *, clamp_page=False) -> SearchOutcome:
    """Search as `user` (`request` is not needed). A page beyond the last gives no hits, or the last page with clamp_page=True.

    A query that matches nothing as typed is searched again relaxed (relaxed()): the outcome then keeps the
    query as typed in `params` and names what was searched in `relaxed_query`.
    """
    outcome = _run_search(params, user, clamp_page)
    if outcome.count == 0 and (loose := relaxed(params)):
        found = _run_search(loose, user, clamp_page)
        if found.count:
            found.params, found.relaxed_query = params, loose.query
            return found
    if outcome.count == 0:
        outcome.narrower = narrower_searches(params, user)
    return outcome


def narrower_searches(params: SearchParams, user) -> list[NarrowerSearch]:
    """For a search that finds nothing, even relaxed: each of its words that finds visible pages on its own, with
    the same filters, and how many. A word that finds nothing itself is tried by its parts (水害対策 -> 水害, 対策;
    analysis.relaxed_query). At most MAX_NARROWER_SEARCHES searches; cached like the search itself."""
    key = _cache_key(params, user) + ":narrower"
    found = cache.get(key)
    if found is not None:
        return found

    def parts(word):
        words = (analysis.relaxed_query(word) or "").split()
        return words if len(words) > 1 else []

    found, tried = [], set()
    typed = list(dict.fromkeys(params.query.split()))
    pending = typed if len(typed) > 1 else parts(params.query)  # the whole query is known to find nothing
    while pending and len(tried) < MAX_NARROWER_SEARCHES:
        word = pending.pop(0)
        if word in tried:
            continue
        tried.add(word)
        count = _match(replace(params, query=word, page=1), user, rank=False)[0].count()
        if count:
            found.append(NarrowerSearch(word, count))
        else:
            pending[:0] = parts(word)
    cache.set(key, found, SEARCH_CACHE_SECONDS)
    return found


def _run_search(params: SearchParams, user, clamp_page) -> SearchOutcome:
    context = _Context()
    if not params.query:
        return SearchOutcome(params, 0, 1, 0, [], {})
    stop = params.page * params.page_size
    first, complete = _find(params, user, context, stop)
    found = None
    if first is None:  # the backend orders each page: the count first
        found = complete()
        count = found.count
    elif len(first) < stop:  # that is all of them
        count = len(first)
    else:  # at least this many, which is all the page needs
        count = stop
    num_pages = max(1, math.ceil(count / params.page_size))
    page = min(params.page, num_pages) if clamp_page else params.page
    start = (page - 1) * params.page_size
    hits = []
    if start < count:
        stop = start + params.page_size
        if first is not None:
            ids = first[start:stop]
        else:
            matched = _match(params, user, context, rank=False)[0]
            ids = [p.pk for p in _search(params.query, matched, order_by_relevance=True, lang=params.lang)[start:stop]]
        # A plain QuerySet: the same pages, without modeltranslation's per-row rewriting (a third of the cost).
        by_pk = QuerySet(model=KnowledgePage).select_related("municipality__prefecture").in_bulk(ids)
        hits = _hits([by_pk[pk] for pk in ids if pk in by_pk], params, context, user)
    found = found or complete()
    num_pages = max(1, math.ceil(found.count / params.page_size))
    return SearchOutcome(params, found.count, page, num_pages, hits, found.facets)


# ------------------------------------------------------------------ facets


def _label(by_lang, lang):
    return by_lang.get(lang) or by_lang.get(settings.LANGUAGE_CODE) or ""


def _facets(summary, themes, prefecture_names, params, context):
    """Facet values with counts, in the search's language.

    themes: {id: (slug, axis, label)}; prefecture_names: {code: label}.
    """
    lang = params.lang
    types = Counter()
    for content_type_id, count in summary.types.items():
        types[context.type_by_content_type.get(content_type_id, "page")] += count
    with translation.override(lang):
        return {
            "type": [
                FacetValue(slug, str(model._meta.verbose_name), types[slug], params.type == slug)
                for slug, model in PAGE_TYPES.items()
                if types[slug]
            ],
            "axis": [
                FacetValue(value, str(label), summary.axes[value], params.axis == value)
                for value, label in Axis.choices
                if summary.axes[value]
            ],
            "theme": [
                FacetValue(slug, label, summary.themes[pk], params.theme == slug)
                for pk, (slug, _axis, label) in sorted(themes.items(), key=lambda item: (item[1][1], item[1][0]))
                if summary.themes[pk]
            ],
            "prefecture": [
                FacetValue(code, prefecture_names.get(code, str(code)), n, params.prefecture == code)
                for code, n in sorted(summary.prefectures.items())
            ],
            "year": [
                FacetValue(year, str(year), n, params.year == year) for year, n in sorted(summary.years.items(), reverse=True)
            ],
        }


# ------------------------------------------------------------------ hits


def _in_language(obj, name, lang):
    """The field in `lang`, else in Japanese (what the site shows as the fallback)."""
    value = getattr(obj, f"{name}_{lang}", None)
    if _is_empty(value) and lang != settings.LANGUAGE_CODE:
        value = getattr(obj, f"{name}_{settings.LANGUAGE_CODE}", None)
    return value


def _is_empty(value):
    if value is None:
        return True
    if hasattr(value, "raw_data"):
        return len(value.raw_data) == 0
    return not str(value).strip()


def _stream_text(value):
    """Plain text of a StreamField body (what the index sees)."""
    if _is_empty(value):
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


def _hits(pages, params, context, user):
    lang = params.lang
    signed_in = bool(user and user.is_authenticated)  # anonymous visitors never get members-only pages
    terms = highlight.query_terms(params.query, abbreviations.known_names())
    ids_by_type = {}
    for page in pages:
        ids_by_type.setdefault(context.type_by_content_type.get(page.content_type_id), []).append(page.pk)
    segments = {}  # page id -> [(start, text in lang or Japanese)]
    if ids_by_type.get("recording"):
        rows = (
            QuerySet(model=TranscriptSegment)
            .filter(page_id__in=ids_by_type["recording"])
            .order_by("page_id", "sort_order", "start")
            .values_list("page_id", "start", f"text_{lang}", f"text_{settings.LANGUAGE_CODE}")
        )
        for page_id, start, text, fallback in rows:
            segments.setdefault(page_id, []).append((start, (fallback if _is_empty(text) else text) or ""))
    notice_fields = {}
    if ids_by_type.get("notice"):
        languages = sorted({lang, settings.LANGUAGE_CODE})
        for row in ProgramNoticePage.objects.filter(pk__in=ids_by_type["notice"]).values(
            "pk", *(f"{name}_{code}" for name in ("location", "eligibility") for code in languages)
        ):
            notice_fields[row["pk"]] = row
    length = SNIPPET_CHARS.get(lang, SNIPPET_CHARS["en"])
    site_root_paths = Site.get_site_root_paths()  # once per search, not once per page
    hits = []
    with translation.override(lang):
        for page in pages:
            type_slug = context.type_by_content_type.get(page.content_type_id, "page")
            model = PAGE_TYPES.get(type_slug, KnowledgePage)
            # Without the request: Wagtail's site root paths give the same relative URL on a single
            # site, without a Site query per search; the page reads them from the attribute Wagtail caches them in.
            page._wagtail_cached_site_root_paths = site_root_paths
            url = page.get_url() or ""
            title = _in_language(page, "title", lang) or page.title
            snippet_html = _snippet(_snippet_texts(page, lang, notice_fields.get(page.pk)), terms, length)
            transcript_hits = []
            for start, text in segments.get(page.pk, []):
                spans = highlight.find_spans(text, terms)
                if not spans:
                    continue
                transcript_hits.append(TranscriptHit(start, text, highlight.render(text, spans), f"{url}?t={start}#t-{start}"))
                if len(transcript_hits) >= TRANSCRIPT_HITS_PER_RESULT:
                    break
            municipality = page.municipality
            hits.append(
                Hit(
                    page=page,
                    type=type_slug,
                    type_label=str(model._meta.verbose_name),
                    title=title,
                    title_html=highlight.highlight(title, terms),
                    url=url,
                    snippet_html=snippet_html,
                    date=page.date,
                    municipality=(_in_language(municipality, "name", lang) or "") if municipality else "",
                    prefecture=(_in_language(municipality.prefecture, "name", lang) or "") if municipality else "",
                    members_only=signed_in and context.is_members_only(page),
                    untranslated=lang == "en" and page.lacks_english,
                    transcript_hits=transcript_hits,
                )
            )
    return hits
