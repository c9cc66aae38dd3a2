"""The search page: /ja/search/ and /en/search/."""

import datetime
import hashlib
import logging
import unicodedata
from dataclasses import replace

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from core.clients import client_key
from core.languages import DEFAULT_LANGUAGE, current_language
from core.pagination import page_window
from core.visibility import visible_pages
from knowledge.entities import matching_entities
from knowledge.models import Axis, Theme
from search.params import DEFAULT_PAGE_SIZE, SORTS, SearchParams
from search.service import SearchUnavailable, count, run_search

logger = logging.getLogger("search")

FACET_LABELS = {
    "type": _("種類"),
    "axis": _("軸"),
    "theme": _("テーマ"),
    "prefecture": _("都道府県"),
    "year": _("年"),
}
SORT_LABELS = {"relevance": _("関連度順"), "date": _("新しい順")}
KEPT_PARAMS = ("q", "sort", *SearchParams.FILTERS, "page_size")


def _url(params, **changes):
    """The search URL with the current query, filters and sort, changed by `changes` (None removes)."""
    values = {name: getattr(params, name if name != "q" else "query") for name in KEPT_PARAMS}
    values.update(changes)
    if values.get("sort") == "relevance":
        values["sort"] = None
    if values.get("page_size") == DEFAULT_PAGE_SIZE:
        values["page_size"] = None
    return "?" + urlencode([(name, value) for name, value in values.items() if value not in (None, "")])


def _facet_groups(outcome):
    groups = []
    for name, values in outcome.facets.items():
        if not values:
            continue
        groups.append(
            {
                "name": name,
                "label": FACET_LABELS[name],
                "values": [
                    {
                        "label": value.label,
                        "count": value.count,
                        "selected": value.selected,
                        "url": _url(outcome.params, **{name: None if value.selected else value.value}),
                    }
                    for value in values
                ],
            }
        )
    return groups


def _chosen_filters(params, outcome):
    """[(label, value label, URL without it)] for the filters in use."""
    labels = {name: {v.value: v.label for v in values} for name, values in outcome.facets.items()}
    chosen = []
    for name, value in params.filters.items():
        chosen.append((FACET_LABELS[name], labels.get(name, {}).get(value, str(value)), _url(params, **{name: None})))
    return chosen


def _page_links(outcome):
    """Page numbers to show: first, last and two either side of the current one (None is a gap)."""
    numbers = page_window(outcome.page, outcome.num_pages)
    return [(n, _url(outcome.params, page=n) if n else None) for n in numbers]


def count_query(query, request):
    """Count the search for Wagtail's popular-search report (one form per spelling width), once per visitor
    and day: repeated searches by the same visitor on one day count once. The visitor is known by a digest of
    their address salted with the day (core.clients.client_key), kept in the cache until the day ends: no
    address is stored."""
    key = normalise_query_string(unicodedata.normalize("NFKC", query))
    if not key:
        return
    today = timezone.localdate()
    digest = hashlib.sha256(f"{key}:{client_key(request, f'popular-search:{today}')}".encode()).hexdigest()[:32]
    end_of_day = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(), timezone.get_current_timezone())
    if not cache.add(f"search-counted:{today}:{digest}", 1, max(60, int((end_of_day - timezone.now()).total_seconds()))):
        return  # this visitor's search was counted today
    try:
        with transaction.atomic():
            Query.get(key).add_hit()
    except DatabaseError:  # a lost race on the unique query string must not fail the search
        pass


def promotions_for(query, user):
    """Editor's picks for this query that the user may see."""
    keys = {normalise_query_string(query), normalise_query_string(unicodedata.normalize("NFKC", query))}
    picks = list(SearchPromotion.objects.filter(query__query_string__in=keys).select_related("page").order_by("sort_order"))
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    visible = set(visible_pages(Page.objects.filter(pk__in=page_ids), user).values_list("pk", flat=True)) if page_ids else set()
    return [pick for pick in picks if (pick.page_id in visible) or (not pick.page_id and pick.external_link_url)]


def in_default_language(params, outcome, user):
    """On a search in another language: (how many pages the same search finds in the default language,
    its URL there) when that is more than this one finds, else None. Counted for the same visitor."""
    if params.lang == DEFAULT_LANGUAGE or not params.query:
        return None
    there = replace(params, lang=DEFAULT_LANGUAGE, page=1)
    found = count(there, user)
    if found <= outcome.count:
        return None
    with translation.override(DEFAULT_LANGUAGE):
        url = reverse("search")
    return {"count": found, "url": url + _url(there, page=None)}


def unavailable_page(request, params, error):
    """The search page saying search is unavailable for now (the search cluster did not answer)."""
    logger.warning("Search page: search unavailable for %r (retry after %d s)", params.query, error.retry_after)
    context = {"search_query": params.query, "params": params, "unavailable": True}
    response = TemplateResponse(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Retry-After"] = str(error.retry_after)
    return response


@require_GET
def search_page(request):
    params = SearchParams.from_request(request.GET, lang=current_language())
    try:
        return _search_page(request, params)
    except SearchUnavailable as error:
        return unavailable_page(request, params, error)


def _search_page(request, params):
    outcome = run_search(params, request.user, request, clamp_page=True)
    promotions = []
    if params.query:
        promotions = promotions_for(params.query, request.user)
        if params.page == 1:  # a search, not a click to another page of it
            count_query(params.query, request)
    context = {
        "search_query": params.query,
        "params": params,
        "outcome": outcome,
        "hits": outcome.hits,
        "first_rank": (outcome.page - 1) * params.page_size + 1,
        "promotions": promotions,
        "facet_groups": _facet_groups(outcome),
        "chosen_filters": _chosen_filters(params, outcome),
        "clear_filters_url": _url(params, **dict.fromkeys(SearchParams.FILTERS)),
        "sort_links": [(value, SORT_LABELS[value], value == params.sort, _url(params, sort=value)) for value in SORTS],
        "page_links": _page_links(outcome) if outcome.num_pages > 1 else [],
        "previous_url": _url(params, page=outcome.page - 1) if outcome.has_previous else None,
        "next_url": _url(params, page=outcome.page + 1) if outcome.has_next else None,
        "themes": Theme.objects.all() if params.query and not outcome.count else [],
        "axes": Axis.choices,
        "query_words": len(params.query.split()),
        "in_japanese": in_default_language(params, outcome, request.user),
        "narrower": [(n.query, n.count, _url(params, q=n.query, page=None)) for n in outcome.narrower],
        "entities": matching_entities(params.query, request.user) if params.query and params.page == 1 else None,
    }
    response = TemplateResponse(request, "search/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response
