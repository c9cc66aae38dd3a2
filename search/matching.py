"""Fast paths over the database backends' own index: which pages match, and in what order.

modelsearch's database backends answer a search with queries that scale badly at thousands of
pages: PostgreSQL filters on `title || body`, a concatenation no GIN index can serve (every
index entry is read and detoasted), and SQLite orders by relevance with a correlated subquery
that re-runs the FTS5 MATCH once per matching row. Both backends still decide *what* a query
means: the match and rank expressions come from the backend's own query compiler (so analysis,
phrases, AND/OR and readings are exactly the backend's); only their evaluation is reorganised.

`index_match(results)` returns None when no fast path applies (Elasticsearch/OpenSearch, a
`fields=` search, an unknown backend): the caller then uses the backend's results as they are.
tests/search/test_search_service.py checks the fast paths return what the backends return.
"""

import json

from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL

from knowledge.models import KnowledgePage


class IndexMatch:
    """ranking(): every matching page id, best first (one query)."""

    def __init__(self, results):
        self.results = results
        self.compiler = results.query_compiler
        self.config = self.compiler.get_config(results.backend)

    @staticmethod
    def content_types():
        from modelsearch.utils import get_descendants_content_types_pks

        return get_descendants_content_types_pks(KnowledgePage)


class PostgresIndexMatch(IndexMatch):
    """`body @@ query` instead of `(title || body) @@ query`: the body column's GIN index serves it.

    Exact for knowledge pages: the title column holds `title_ja`/`title_en`, which are indexed in
    the body column too (search.backends.common), so a page matches the body alone whenever it
    matches title || body.
    """

    def __init__(self, results):
        super().__init__(results)
        self.tsquery = self.compiler.build_tsquery(self.compiler.query, config=self.config)

    def entries(self):
        from wagtail.search.models import IndexEntry

        return IndexEntry.objects.filter(content_type_id__in=self.content_types(), body=self.tsquery)

    def ranking(self):
        from django.contrib.postgres.search import SearchRank

        weights = self.compiler.sql_weights
        rank = SearchRank(F("title"), self.tsquery, weights=weights) * F("title_norm") + SearchRank(
            F("body"), self.tsquery, weights=weights
        )
        rows = self.entries().annotate(score=rank).values_list("object_id", "score")
        return _best_first(rows, higher_is_better=True)


class SQLiteIndexMatch(IndexMatch):
    """The backend's FTS5 MATCH and bm25 rank, evaluated once over the FTS table."""

    def __init__(self, results):
        super().__init__(results)
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize

        query = normalize(self.compiler.query)
        self.match = MatchExpression(self.compiler.FTS_TABLE_FIELDS, self.compiler.build_search_query(query, config=self.config))
        self.rank = self.compiler._build_rank_expression(self.compiler.get_search_vectors(), self.config)

    def entries(self):
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        return SQLiteFTSIndexEntry.objects.filter(self.match).filter(index_entry__content_type__in=self.content_types())

    def ranking(self):
        rows = self.entries().annotate(score=self.rank).values_list("index_entry__object_id", "score")
        return _best_first(rows, higher_is_better=False)  # bm25(): lower is better


def _best_first(rows, *, higher_is_better):
    """Page ids by score, ties newest id first (as the backends order them)."""
    scored = {}
    for object_id, score in rows:
        if object_id.isdigit():
            page_id = int(object_id)
            score = float(score or 0.0) * (1 if higher_is_better else -1)
            scored[page_id] = max(score, scored.get(page_id, score))
    return sorted(scored, key=lambda page_id: (-scored[page_id], -page_id))


def index_match(results):
    """The fast path for these search results, or None."""
    from modelsearch.query import MatchAll, Not

    compiler = results.query_compiler
    if getattr(compiler, "fields", None) or isinstance(compiler.query, (MatchAll, Not)):
        return None
    try:
        if connection.vendor == "postgresql" and hasattr(compiler, "build_tsquery") and hasattr(compiler, "sql_weights"):
            return PostgresIndexMatch(results)
        if connection.vendor == "sqlite" and hasattr(compiler, "FTS_TABLE_FIELDS"):
            return SQLiteIndexMatch(results)
    except (ImportError, AttributeError):
        return None
    return None


def id_list(ids):
    """`pk__in=id_list(ids)`: a list of ids as one query parameter, however long the list."""
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::integer[])", (ids,))
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))
    return ids
