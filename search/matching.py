"""Fast paths over the database backends' own index: which pages match, and in what order.

modelsearch's database backends answer a search with queries that scale badly at thousands of
pages: PostgreSQL filters on `title || body`, a concatenation no GIN index can serve (every
index entry is read and detoasted), and SQLite orders by relevance with a correlated subquery
that re-runs the FTS5 MATCH once per matching row. Both backends still decide *what* a query
means: the match and rank expressions come from the backend's own query compiler (so analysis,
phrases, AND/OR and readings are exactly the backend's); only their evaluation is reorganised.

On Elasticsearch/OpenSearch the fast path reads every match's id and score from the cluster in one request
(`ClusterIndexMatch`). `index_match(results)` returns None when no fast path applies (a `fields=` search, an
unknown backend): the caller then uses the backend's results as they are.
On PostgreSQL, `summary()` also counts the matching pages per facet and orders them in the same
query as the ranking, so a search that matches thousands of pages sends no id lists back and forth.
tests/search/test_search_service.py checks the fast paths return what the backends return.
"""

import json
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Value
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from japanese_search.modelsearch_private import build_rank_expression
from knowledge.models import KnowledgePage, Theme
from search import background

# Sorted by relevance, PostgresIndexMatch.summary finds up to this many leading ids before the full order.
MAX_EARLY_IDS = 100


def early_candidates(first):
    """How many of the best matches are checked for the `first` visible ones (too few: wait for the full order)."""
    return 4 * first + 40


@dataclass
class Summary:
    """The visible pages a search matched: how many, their ids in display order, counts per facet value."""

    count: int = 0
    ids: list | None = None  # None: the backend orders each page of results itself
    types: Counter = field(default_factory=Counter)  # content type id -> pages
    prefectures: Counter = field(default_factory=Counter)  # prefecture code -> pages
    years: Counter = field(default_factory=Counter)
    themes: Counter = field(default_factory=Counter)  # theme id -> pages
    axes: Counter = field(default_factory=Counter)  # axis -> pages with at least one theme on it
    pending: object = None  # rows still being computed beside the request (search.background)
    first: list | None = None  # while pending: the first ids in display order (fewer than asked: all of them)
    ranked: list | None = None  # while pending: every matching page id best first, visible or not
    checked: int | None = None  # how many of the best matches `first` was looked for among

    def add(self, rows):
        """Add rows of (kind, key, count, ids): the order and count, a facet value's count, or (with
        `ranked`) the visible matching pages, which give the order and count."""
        counters = {"type": self.types, "prefecture": self.prefectures, "year": self.years}
        counters.update(theme=self.themes, axis=self.axes)
        for kind, key, count, ids in rows:
            if kind == "order":
                self.count, self.ids = count, ids or []
            elif kind in ("first", "ranked"):
                setattr(self, kind, ids or [])
            elif kind == "visible":
                visible = set(ids or ())
                self.count, self.ids = count, [pk for pk in self.ranked if pk in visible]
            elif key is not None:  # None: pages without a municipality (prefecture) or date
                counters[kind][key if kind == "axis" else int(key)] = count

    def first_ids(self, stop):
        """The first `stop` ids in display order (fewer: all there are), or None if the backend orders each page."""
        if self.pending is not None and self.first is not None:
            if len(self.first) >= stop or len(self.ranked) <= self.checked:
                return self.first[:stop]
            self.completed()  # few of the best matches are visible: wait for the full order
        return self.ids[:stop] if self.ids is not None else None

    def completed(self):
        """This summary with every count in it, once the counts still being computed have come."""
        if self.pending is not None:
            self.add(self.pending.rows())
            self.pending = None
        return self


class IndexMatch:
    """ranking(): every matching page id, best first (one query); matching_ids(): the same ids, unranked."""

    object_id_field = "object_id"  # of the rows entries() returns

    def __init__(self, results):
        self.results = results
        self.compiler = results.query_compiler
        self.config = self.compiler.get_config(results.backend)

    def matching_ids(self):
        return list(dict.fromkeys(int(pk) for pk in self.entries().values_list(self.object_id_field, flat=True) if pk.isdigit()))

    @staticmethod
    def content_types():
        from modelsearch.utils import get_descendants_content_types_pks

        return get_descendants_content_types_pks(KnowledgePage)


class PostgresIndexMatch(IndexMatch):
    """`body @@ query` instead of `(title || body) @@ query`: the body column's GIN index serves it.

    Exact for knowledge pages: the title column holds `title_ja`/`title_en`, which are indexed in
    the body column too (japanese_search.backends.common), so a page matches the body alone whenever it
    matches title || body.
    """

    def __init__(self, results):
        super().__init__(results)
        self.tsquery = self.compiler.build_tsquery(self.compiler.query, config=self.config)

    def entries(self):
        from wagtail.search.models import IndexEntry

        return IndexEntry.objects.filter(content_type_id__in=self.content_types(), body=self.tsquery)

    def scored_entries(self):
        from django.contrib.postgres.search import SearchRank

        weights = self.compiler.sql_weights
        rank = SearchRank(F("title"), self.tsquery, weights=weights) * F("title_norm") + SearchRank(
            F("body"), self.tsquery, weights=weights
        )
        if (exact := self.compiler.exact_bonus([F("body")], config=self.config)) is not None:
            rank = rank + exact  # the words as typed rank above their synonyms
        return self.entries().annotate(score=rank).values_list("object_id", "score")

    def ranking(self, limit=None, within=None):
        rows = self.scored_entries()
        if within is not None:
            rows = rows.filter(object_id__in=[str(pk) for pk in within])
        return _best_first(rows.order_by("-score")[:limit] if limit else rows, higher_is_better=True)

    def summary(self, pages, sort, first=None):
        """Summary of the pages of `pages` (a KnowledgePage queryset: visibility and filters) that match;
        `sort` is "relevance" or "date" (newest first, undated last; ties newest id first); `first`: how
        many leading ids the caller needs at once (`first_ids()`).

        One query, or two side by side: the facets need no ranking, and when a second connection is free
        (search.background) PostgreSQL counts them on another core while this one ranks, and the caller
        loads the first page of results. Then, by relevance, this one checks the visibility of the best
        matches only until it has the first `first`, and the other reads which matching pages are visible
        (the full order and count); they come with `completed()`."""
        facet_columns = {"type": F("content_type_id"), "prefecture": F("municipality__prefecture__code")}

        def found(entries, **columns):
            """SQL of the visible, filtered matching pages (id, date, `columns`, score) and its parameters."""
            ranked_sql, ranked_params = _ranked(entries)
            pages_sql, pages_params = pages.order_by().values("pk", "date", **columns).query.sql_with_params()
            selected = "".join(f", p.{name}" for name in columns)  # by name: Django may reorder them
            sql = f"""
                WITH {ranked_sql}, found AS MATERIALIZED (
                    SELECT p.pk AS id, p.date{selected}, ranked.score
                    FROM ({pages_sql}) p JOIN ranked ON ranked.id = p.pk
                )"""  # noqa: S608 (compiled by the ORM; parameters are passed separately)
            return sql, (*ranked_params, *pages_params)

        order = "f.score DESC, f.id DESC" if sort == "relevance" else "f.date DESC NULLS LAST, f.id DESC"
        order_select = f"SELECT 'order', NULL, count(*), array_agg(f.id ORDER BY {order}) FROM found f"  # noqa: S608
        links = KnowledgePage.themes.through._meta.db_table
        facets_select = f"""
            SELECT
                CASE WHEN grouping(type) = 0 THEN 'type' WHEN grouping(prefecture) = 0 THEN 'prefecture' ELSE 'year' END,
                coalesce(type::text, prefecture::text, extract(year FROM date)::integer::text), count(*), NULL::integer[]
                FROM found GROUP BY GROUPING SETS ((type), (prefecture), (extract(year FROM date)))
            UNION ALL SELECT
                CASE WHEN grouping(link.theme_id) = 0 THEN 'theme' ELSE 'axis' END,
                coalesce(link.theme_id::text, theme.axis), count(DISTINCT found.id), NULL::integer[]
                FROM found JOIN {links} link ON link.knowledgepage_id = found.id
                JOIN {Theme._meta.db_table} theme ON theme.id = link.theme_id
                GROUP BY GROUPING SETS ((link.theme_id), (theme.axis))"""  # noqa: S608
        unranked = self.entries().values_list("object_id", Value(0.0))
        ranked = self.scored_entries() if sort == "relevance" else unranked
        early = sort == "relevance" and first is not None and first <= MAX_EARLY_IDS
        checked = early_candidates(first) if early else None
        visible_select = "UNION ALL SELECT 'visible', NULL, count(*), array_agg(id) FROM found" if early else ""
        facets = None
        if background.can_start():  # else all in one query: build the facet query only when it can go there
            facets = background.BackgroundRows.start(*_joined(found(unranked, **facet_columns), facets_select, visible_select))
        if facets is None:
            sql, params = _joined(found(ranked, **facet_columns), order_select, "UNION ALL", facets_select)
        elif early:
            sql, params = self._best_visible(ranked, pages, first, checked)
        else:  # the order needs no facet columns
            sql, params = _joined(found(ranked), order_select)
        summary = Summary(pending=facets, checked=checked)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            summary.add(cursor.fetchall())
        return summary

    @staticmethod
    def _best_visible(entries, pages, first, checked):
        """SQL of every matching id best first ('ranked'), and the first `first` of them that are in
        `pages` ('first'), checked one by one in that order (an index lookup each), among the best `checked`."""
        ranked_sql, ranked_params = _ranked(entries)
        pages_sql, pages_params = pages.order_by().values("pk").query.sql_with_params()
        sql = f"""
            WITH {ranked_sql}
            SELECT 'first', NULL, NULL, array(
                SELECT best.id FROM (SELECT id FROM ranked ORDER BY score DESC, id DESC LIMIT {int(checked)}) best
                CROSS JOIN LATERAL (SELECT FROM ({pages_sql}) p WHERE p.pk = best.id LIMIT 1) visible
                LIMIT {int(first)})
            UNION ALL SELECT 'ranked', NULL, count(*), array_agg(id ORDER BY score DESC, id DESC) FROM ranked
        """  # noqa: S608 (compiled by the ORM; parameters are passed separately)
        return sql, (*ranked_params, *pages_params)


class SQLiteIndexMatch(IndexMatch):
    """The backend's FTS5 MATCH and bm25 rank, evaluated once over the FTS table."""

    object_id_field = "index_entry__object_id"

    def __init__(self, results):
        super().__init__(results)
        from modelsearch.backends.database.sqlite.query import MatchExpression, normalize

        query = normalize(self.compiler.query)
        self.match = MatchExpression(self.compiler.FTS_TABLE_FIELDS, self.compiler.build_search_query(query, config=self.config))
        self.rank = build_rank_expression(self.compiler, self.compiler.get_search_vectors(), self.config)

    def entries(self):
        from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

        return SQLiteFTSIndexEntry.objects.filter(self.match).filter(index_entry__content_type__in=self.content_types())

    def ranking(self, limit=None, within=None):
        rows = self.entries().annotate(score=self.rank).values_list("index_entry__object_id", "score")
        if within is not None:
            rows = rows.filter(index_entry__object_id__in=[str(pk) for pk in within])
        return _best_first(rows.order_by("score")[:limit] if limit else rows, higher_is_better=False)  # bm25: lower is better


class ClusterIndexMatch:
    """Elasticsearch/OpenSearch: the cluster's own matches and scores, ids only (the engine's `scored_pks()`);
    visibility and filters are then checked on those ids in the database, as for the other fast paths."""

    def __init__(self, results):
        self.results = results

    @cached_property
    def rows(self):
        return self.results.scored_pks()

    def ranking(self, limit=None, within=None):
        shown = None if within is None else {str(pk) for pk in within}
        rows = self.rows if shown is None else [(pk, score) for pk, score in self.rows if pk in shown]
        return _best_first(rows, higher_is_better=True)[:limit]

    def matching_ids(self):
        return list(dict.fromkeys(int(pk) for pk, _score in self.rows if pk.isdigit()))


def _ranked(entries):
    """SQL of a `ranked` CTE (page id, best score of its index entries) over (object_id, score) rows."""
    sql, params = entries.query.sql_with_params()
    cte = f"""ranked AS (
        SELECT r.object_id::integer AS id, max(coalesce(r.score, 0)) AS score
        FROM ({sql} OFFSET 0) r (object_id, score)  -- OFFSET 0: score each entry before grouping
        GROUP BY 1
    )"""  # noqa: S608 (compiled by the ORM; parameters are passed separately)
    return cte, params


def _joined(sql_and_params, *more_sql):
    sql, params = sql_and_params
    return " ".join((sql, *more_sql)), params


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
    if hasattr(results, "scored_pks"):
        return ClusterIndexMatch(results)
    try:
        if connection.vendor == "postgresql" and hasattr(compiler, "build_tsquery") and hasattr(compiler, "sql_weights"):
            return PostgresIndexMatch(results)
        if connection.vendor == "sqlite" and hasattr(compiler, "FTS_TABLE_FIELDS"):
            return SQLiteIndexMatch(results)
    except (ImportError, AttributeError):
        return None
    return None


def ranked_page_ids(results, limit, within=None):
    """The ids of the `limit` best pages these search results match, among the page ids `within` unless None, best
    first, through the fast path; None when none applies (knowledge/related.py reads the words' matches with it:
    registered in search/apps.py)."""
    match = index_match(results)
    return match.ranking(limit, within) if match is not None else None


def id_list(ids):
    """`pk__in=id_list(ids)`: a list of ids as one query parameter, however long the list."""
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::integer[])", (ids,))
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))
    return ids
