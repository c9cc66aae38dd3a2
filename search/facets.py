"""A search's count, facets and display order, all from the same set of matching pages (so they never disagree).

Kept in Django's cache for SEARCH_CACHE_SECONDS, keyed by query, filters, sort, language, audience and the
content generation (core.cache), so any content or index change starts afresh.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date as date_type

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import translation

from core.cache import generation
from core.languages import LANGUAGE_CODES
from knowledge.models import Axis, KnowledgePage, Prefecture, Theme
from search.matching import Summary, id_list
from search.params import PAGE_TYPES, SearchParams
from search.query import fast_path, filtered_pages, match

# How long a search's count, facets and order are reused (a content or index change starts afresh).
SEARCH_CACHE_SECONDS = 600
# Changed whenever the classes cached here move or change, so a deploy never reads the ones stored before it.
CACHE_KEY_PREFIX = "search:found:2:"


@dataclass
class FacetValue:
    value: object
    label: str
    count: int
    selected: bool


@dataclass
class Found:
    """What a search found, before the page of hits: count, facets and the display order."""

    count: int
    facets: dict  # name -> [FacetValue]
    ids: list | None  # every matching page id in display order; None: the backend orders each page


def cache_key(params: SearchParams, user) -> str:
    """Same query, filters, sort, language and audience, same content: same answer."""

    audience = "signed-in" if user and user.is_authenticated else "public"
    raw = repr((generation(), params.lang, params.query, sorted(params.filters.items()), params.sort, audience))
    return CACHE_KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def find(params: SearchParams, user, context, stop):
    """(the first `stop` ids in display order, fewer if that is all, or None when the backend orders each
    page; a function that returns the whole `Found`: count, facets, every id in display order).

    Cached until content or the index changes. Uncached, the count and facets may still be on their way
    (search.matching, search.background) while the caller loads the page of results; the function
    waits for them, then caches the answer.
    """
    key = cache_key(params, user)
    found = cache.get(key)
    if found is not None:
        return (found.ids[:stop] if found.ids is not None else None), lambda: found
    summary = summarize(params, user, context, first=None if params.filters else stop)

    def complete():
        # Labels first: they need no counts, and those may still be on their way.
        labels = facet_labels(params.lang) if summary.pending is not None or summary.count else ({}, {})
        summary.completed()
        found = Found(summary.count, facets(summary, *labels, params, context), summary.ids)
        cache.set(key, found, SEARCH_CACHE_SECONDS)
        return found

    return summary.first_ids(stop), complete


def summarize(params: SearchParams, user, context, first=None) -> Summary:
    """Count, display order and facet counts of the visible matching pages (`first`: see IndexMatch.summary).

    On PostgreSQL one query (search.matching); elsewhere the matching pages are read once (id, type,
    date, prefecture, themes) and counted here, with the relevance order from one ranking query.
    """
    fast = fast_path(params)
    if hasattr(fast, "summary"):
        pages = filtered_pages(params, user, context)
        if params.theme or params.axis:  # one row per page, however many of its themes the filter joined
            pages = KnowledgePage.objects.filter(pk__in=pages.values("pk"))
        return fast.summary(pages, params.sort, first=first)
    matched, ranked = match(params, user, context, fast, rank=params.sort != "date")
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


def _label(by_lang, lang):
    return by_lang.get(lang) or by_lang.get(settings.LANGUAGE_CODE) or ""


def facet_labels(lang):
    """({theme id: (slug, axis, label)}, {prefecture code: label}), labelled in `lang`."""
    names = [f"name_{code}" for code in LANGUAGE_CODES]
    themes = {
        pk: (slug, axis, _label(dict(zip(LANGUAGE_CODES, labels, strict=True)), lang))
        for pk, slug, axis, *labels in QuerySet(model=Theme).values_list("pk", "slug", "axis", *names)
    }
    prefecture_names = {
        code: _label(dict(zip(LANGUAGE_CODES, labels, strict=True)), lang)
        for code, *labels in QuerySet(model=Prefecture).values_list("code", *names)
    }
    return themes, prefecture_names


def facets(summary, themes, prefecture_names, params, context):
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
