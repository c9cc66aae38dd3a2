"""GET /api/search/: the site search as JSON (same service, visibility and facets as the search page)."""

import logging

from django.http import JsonResponse
from django.utils import translation
from django.views.decorators.http import require_safe

from core.public_api import error_body, public_read_only
from knowledge.entities import matching_entities
from search.params import MAX_PAGE_SIZE, SearchInputError, SearchParams
from search.service import SearchUnavailable, run_search

logger = logging.getLogger("search")


def _json(payload, language, status=200):
    response = JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Language"] = language  # the language of the answer, not the one LocaleMiddleware guessed
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, max-age=0"
    return response


@public_read_only
@require_safe
def search_api(request):
    """?q=&lang=ja|en&type=&theme=&axis=&prefecture=&year=&sort=relevance|date&page=&page_size=

    Answers {"count", "page", "page_size", "num_pages", "query", "relaxed_query", "narrower", "lang",
    "results": [...], "facets": {...}, "municipalities": [...], "people": [...]} (municipalities and people whose
    name, reading or code contains the query, with counts of the pages the caller may see; relaxed_query: what was
    searched when the query as typed matched nothing; narrower: when nothing matched at all, each word that finds
    pages alone, [{"query", "count"}]),
    or a 400 {"error": "...", "param": "..."} (core.public_api's error shape, in English) for a value it cannot use,
    or a 503 in that shape, with Retry-After, while the search cluster does not answer.
    Content-Language is `lang`'s; other sites' scripts may read anonymous answers (CORS, core.public_api).
    """
    try:
        params = SearchParams.from_request(request.GET, strict=True)
    except SearchInputError as error:
        return _json(error_body(error.message, error.param), "en", status=400)
    try:
        outcome = run_search(params, request.user, request)
    except SearchUnavailable as error:
        logger.warning("/api/search/: search unavailable (retry after %d s)", error.retry_after)
        response = _json(error_body(error), "en", status=503)
        response["Retry-After"] = str(error.retry_after)
        return response
    with translation.override(params.lang):
        entities = matching_entities(params.query, request.user, request)
    return _json(
        {
            "count": outcome.count,
            "page": outcome.page,
            "page_size": params.page_size,
            "max_page_size": MAX_PAGE_SIZE,
            "num_pages": outcome.num_pages,
            "query": params.query,
            "relaxed_query": outcome.relaxed_query or None,
            "narrower": [{"query": n.query, "count": n.count} for n in outcome.narrower],
            "lang": params.lang,
            "sort": params.sort,
            "results": [hit.as_json() for hit in outcome.hits],
            "facets": outcome.facets_json(),
            "municipalities": entities["municipalities"],
            "people": entities["people"],
        },
        params.lang,
    )
