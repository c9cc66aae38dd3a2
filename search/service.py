"""The one place that runs a site search: query -> visible results, facets, snippets, transcript hits.

Used by the search page (search/views.py), the JSON API (search/api.py), members' alerts and the CSV
export, each with a SearchParams read from the request (search/params.py). Its parts, by job:
search/query.py decides which visible pages match (backend, fast path, filters, the relaxed query),
search/facets.py counts and orders them and labels the facets (cached until the content changes),
search/results.py builds the page of hits (snippets, transcript hits).

On an Elasticsearch/OpenSearch backend a search the cluster cannot answer raises SearchUnavailable (its
`retry_after`: seconds): the search page says so, the APIs answer 503.
"""

import math
from dataclasses import dataclass, field, replace

from django.core.cache import cache

from japanese_search import analysis
from japanese_search.backends.cluster import SearchUnavailable  # noqa: F401 (callers import it from here)
from search import facets, results
from search.facets import SEARCH_CACHE_SECONDS
from search.params import SearchParams
from search.query import SearchContext, backend_search, match, relaxed

# A search of several words that finds nothing counts this many of its words, each searched alone.
MAX_NARROWER_SEARCHES = 5


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
    hits: list  # [results.Hit]
    facets: dict  # name -> [facets.FacetValue]
    relaxed_query: str = ""  # the query as searched when nothing matched it as typed (see query.relaxed())
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


def run_search(params: SearchParams, user, request=None, *, clamp_page=False) -> SearchOutcome:
    """Search as `user` (`request` is not needed). A page beyond the last gives no hits, or the last page with clamp_page=True.

    A query that matches nothing as typed is searched again relaxed (query.relaxed()): the outcome then keeps
    the query as typed in `params` and names what was searched in `relaxed_query`.
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


def _run_search(params: SearchParams, user, clamp_page) -> SearchOutcome:
    context = SearchContext()
    if not params.query:
        return SearchOutcome(params, 0, 1, 0, [], {})
    stop = params.page * params.page_size
    first, complete = facets.find(params, user, context, stop)
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
            matched = match(params, user, context, rank=False)[0]
            ids = [p.pk for p in backend_search(params.query, matched, order_by_relevance=True, lang=params.lang)[start:stop]]
        hits = results.hits(ids, params, context, user)
    found = found or complete()
    num_pages = max(1, math.ceil(found.count / params.page_size))
    return SearchOutcome(params, found.count, page, num_pages, hits, found.facets)


def narrower_searches(params: SearchParams, user) -> list[NarrowerSearch]:
    """For a search that finds nothing, even relaxed: each of its words that finds visible pages on its own, with
    the same filters, and how many. A word that finds nothing itself is tried by its parts (水害対策 -> 水害, 対策;
    analysis.relaxed_query). At most MAX_NARROWER_SEARCHES searches; cached like the search itself."""
    key = facets.cache_key(params, user) + ":narrower"
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
        count = match(replace(params, query=word, page=1), user, rank=False)[0].count()
        if count:
            found.append(NarrowerSearch(word, count))
        else:
            pending[:0] = parts(word)
    cache.set(key, found, SEARCH_CACHE_SECONDS)
    return found


def count(params: SearchParams, user) -> int:
    """How many visible pages the search finds, as its search page would say (those of the relaxed search when
    the query as typed matches nothing); `user` decides, as everywhere, whether members-only pages count.
    Cached with the search itself: used to tell an English search what the Japanese one finds."""
    if not params.query:
        return 0
    found = facets.find(params, user, SearchContext(), 1)[1]().count
    if not found and (loose := relaxed(params)):
        found = facets.find(loose, user, SearchContext(), 1)[1]().count
    return found


def matched_pages(params: SearchParams, user, context=None):
    """All visible pages matching the query and filters, as an unordered queryset (used by members' alerts);
    those of the relaxed search when the query as typed matches nothing, as on the search page."""
    matched = match(params, user, context, rank=False)[0]
    if (loose := relaxed(params)) and not matched.exists():
        return match(loose, user, context, rank=False)[0]
    return matched


def result_ids(params: SearchParams, user, limit=None):
    """Ids of every visible matching page in the order the search page shows them (sort=relevance|date),
    of the relaxed search when the query as typed matches nothing, as on the search page (used by the CSV export)."""
    ids = _result_ids(params, user, limit)
    if not ids and (loose := relaxed(params)):
        ids = _result_ids(loose, user, limit)
    return ids


def _result_ids(params: SearchParams, user, limit=None):
    matched, ranked = match(params, user, rank=params.sort != "date")
    if params.sort == "date":
        ids = list(matched.order_by("-date", "-id").values_list("pk", flat=True)[:limit])
    elif ranked is not None:
        visible = set(matched.values_list("pk", flat=True))
        ids = [pk for pk in ranked if pk in visible][:limit]
    else:
        ids = [page.pk for page in backend_search(params.query, matched, order_by_relevance=True, lang=params.lang)[:limit]]
    return ids
