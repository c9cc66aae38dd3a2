"""What a search matches: the pages the user may see, narrowed by the filters, that the backend matches.

What a query matches is decided by the configured search backend (search/backends/: the Japanese/English
analysis); on the database backends search/matching.py evaluates the backend's own match and rank
expressions in a way that scales (the fast path). Visibility (core.visibility.visible_pages) and filters
are plain ORM around that.
"""

from dataclasses import replace

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import cached_property
from wagtail.search.backends import get_search_backend

from core.visibility import visible_pages
from japanese_search import analysis
from japanese_search.backends.common import search_in_language
from knowledge.models import KnowledgePage
from search.matching import id_list, index_match
from search.params import PAGE_TYPES, SearchParams


class SearchContext:
    """Per-search lookups done once."""

    @cached_property
    def type_by_content_type(self):
        by_model = ContentType.objects.get_for_models(*PAGE_TYPES.values())
        return {ct.pk: model.type_slug for model, ct in by_model.items()}


def filtered_pages(params: SearchParams, user, context=None, base=None):
    """The knowledge pages the user may see (of `base`, default all), narrowed by the chosen filters."""
    queryset = visible_pages(KnowledgePage.objects.all() if base is None else base, user)
    context = context or SearchContext()
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


def backend_search(query, scope, order_by_relevance, lang):
    """The backend's search over `scope`, in the text of language `lang` only."""
    return search_in_language(get_search_backend(), query, scope, lang, operator="and", order_by_relevance=order_by_relevance)


def fast_path(params: SearchParams):
    """The fast path over the backend's index for this query (search.matching), or None."""
    return index_match(backend_search(params.query, KnowledgePage.objects.all(), order_by_relevance=False, lang=params.lang))


def match(params: SearchParams, user, context=None, fast=None, *, rank=True):
    """(visible pages matching the query and filters, unordered; every matching page id best first,
    or None when the backend has no fast path or rank=False).

    With a fast path (`fast`, else looked up) the index is read once (ids, and scores to rank) and
    visibility and filters are checked on those ids only; otherwise the backend searches within the
    visible, filtered pages.
    """
    fast = fast or fast_path(params)
    if fast is not None:
        ranked = fast.ranking() if rank else None
        ids = ranked if rank else fast.matching_ids()
        matched = filtered_pages(params, user, context, base=KnowledgePage.objects.filter(pk__in=id_list(ids)))
        if params.theme or params.axis:  # a fresh query, so reading themes does not reuse the filter's join
            matched = KnowledgePage.objects.filter(pk__in=matched.values("pk"))
        return matched, ranked
    scope = search_scope(params, user, context).order_by()
    results = backend_search(params.query, scope, order_by_relevance=False, lang=params.lang)
    return KnowledgePage.objects.filter(pk__in=result_pks(results)), None


def result_pks(results):
    """`pk__in=` of a backend's search results: a subquery on the database backends, else the ids it found."""
    if hasattr(results, "get_queryset"):  # modelsearch's database backends only
        return results.get_queryset().order_by().values("pk")
    return id_list([obj.pk for obj in results])


def relaxed(params: SearchParams) -> SearchParams | None:
    """The search again with Japanese words written together split into their words (三島湧水 -> 三島 湧水;
    analysis.relaxed_query), for a query that matched nothing as typed; None if that changes nothing."""
    query = analysis.relaxed_query(params.query) if params.query else None
    return replace(params, query=query) if query else None
