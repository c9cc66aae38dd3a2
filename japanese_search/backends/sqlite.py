"""SQLite FTS5 backend with Japanese/English analysis (settings: "japanese_search.backends.sqlite")."""

from django.db.models import Case, FloatField, Value, When
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite import sqlite as upstream
from modelsearch.backends.database.sqlite.query import (
    BM25,
    LexemeCombinable,
    SearchQueryExpression,
    SearchQueryField,
)
from modelsearch.query import Not, Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from japanese_search import modelsearch_private
from japanese_search.analysis import PhraseMatch, TermMatch
from japanese_search.backends.common import AnalysedQueryMixin, AnalysingIndexerMixin, IndexChangeMixin, LanguageOptionMixin
from japanese_search.modelsearch_private import RankExpressionHooks

TITLE_WEIGHT = 5.0
# A page that matches the query as typed ranks above every page found only through synonyms (bm25: lower is better).
EXACT_BONUS = 1000.0


def _fts_phrase(phrase: PhraseMatch) -> str:
    quoted = '"' + " ".join(phrase.tokens).replace('"', '""') + '"'
    return quoted + "*" if phrase.prefix else quoted


def _fts_term(term: TermMatch) -> str:
    alternatives = ["(" + " AND ".join(_fts_phrase(phrase) for phrase in alternative) + ")" for alternative in term.everything]
    return alternatives[0] if len(alternatives) == 1 else "(" + " OR ".join(alternatives) + ")"


class WeightedBM25(BM25):
    """bm25() weighting a match in the title above one in the body.

    FTS5 columns are (autocomplete, body, title); upstream weighs them equally,
    so the row with the shortest title won whatever column matched.
    """

    def as_sql(self, compiler, connection, function=None, template=None):
        table = upstream.SQLiteFTSIndexEntry._meta.db_table
        return f"bm25({table}, 1.0, 1.0, {TITLE_WEIGHT})", []


def exact_bonus(exact: str):
    """EXACT_BONUS for FTS rows that match `exact` (an FTS5 query of the words as typed, without synonyms)."""
    table = upstream.SQLiteFTSIndexEntry._meta.db_table
    rows = RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [exact])  # noqa: S608, S611 - table from model meta, query as a parameter
    return Case(When(index_entry__in=rows, then=Value(EXACT_BONUS)), default=Value(0.0), output_field=FloatField())


class FTSExpression(LexemeCombinable, Value):
    """A ready-made FTS5 query expression built from analysed tokens."""

    _output_field = SearchQueryField()

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


class ObjectIndexer(AnalysingIndexerMixin, upstream.ObjectIndexer):
    @cached_property
    def title(self):
        return " ".join(value for _field, value, _written in self.texts_for_column("title"))

    @cached_property
    def body(self):
        return " ".join(value for _field, value, _written in self.texts_for_column("body"))

    @cached_property
    def autocomplete(self):
        return " ".join(value for _field, value, _written in self.texts_for_column("autocomplete"))


class AnalysedSQLiteIndex(upstream.SQLiteIndex):
    def add_items(self, model, objs):
        # Same as upstream, with the analysing ObjectIndexer.
        search_fields = model.get_search_fields()
        if not search_fields:
            return

        indexers = [ObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return

        content_type_pk = get_content_type_pk(model)

        ids_and_data = {}
        for indexer in indexers:
            ids_and_data[indexer.id] = (indexer.title, indexer.autocomplete, indexer.body)

        index_entries_for_ct = self.entries.filter(content_type_id=content_type_pk)
        indexed_ids = frozenset(
            index_entries_for_ct.filter(object_id__in=ids_and_data.keys()).values_list("object_id", flat=True)
        )
        for indexed_id in indexed_ids:
            title, autocomplete, body = ids_and_data[indexed_id]
            index_entries_for_ct.filter(object_id=indexed_id).update(title=title, autocomplete=autocomplete, body=body)

        to_be_created = []
        for object_id, (title, autocomplete, body) in ids_and_data.items():
            if object_id not in indexed_ids:
                to_be_created.append(
                    upstream.IndexEntry(
                        content_type_id=content_type_pk,
                        object_id=object_id,
                        title=title,
                        autocomplete=autocomplete,
                        body=body,
                    )
                )

        self.entries.bulk_create(to_be_created)
        modelsearch_private.refresh_title_norms(self)


class SQLiteIndex(IndexChangeMixin, AnalysedSQLiteIndex):
    """Sends signals.index_changed after each write."""


class AnalysedSQLiteCompilerMixin(AnalysedQueryMixin):
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            terms = self.plain_text_terms(query)
            connector = " AND " if query.operator == "and" else " OR "
            expression = connector.join(_fts_term(term) for term in terms)
            return SearchQueryExpression(FTSExpression(f"({expression})"), config=config)
        if isinstance(query, Phrase):
            expression = _fts_term(self.phrase_term(query))
            return SearchQueryExpression(FTSExpression(expression))
        return super().build_search_query_content(query, config=config)

    def build_tsrank(self, vector, query, config=None, boost=1.0):
        if isinstance(query, (Phrase, PlainText, Not)):
            return WeightedBM25() * boost if boost != 1.0 else WeightedBM25()
        return super().build_tsrank(vector, query, config=config, boost=boost)

    def rank_expression(self, rank):
        """bm25, with the words as typed ranking above their synonyms (once, whatever the vectors' boosts)."""
        query = self.query
        if isinstance(query, PlainText) and (exact_terms := self.exact_terms(query)):
            connector = " AND " if query.operator == "and" else " OR "
            return rank - exact_bonus("(" + connector.join(_fts_term(term) for term in exact_terms) + ")")
        return rank

    def search(self, config, start, stop, score_field=None):
        if self.fields is None:
            return super().search(config, start, stop, score_field=score_field)
        # Upstream matches fields= against FTS columns: give it the analysed columns.
        requested_fields = self.fields
        self.fields = self.requested_index_columns()
        try:
            return super().search(config, start, stop, score_field=score_field)
        finally:
            self.fields = requested_fields


class SQLiteSearchQueryCompiler(AnalysedSQLiteCompilerMixin, RankExpressionHooks, upstream.SQLiteSearchQueryCompiler):
    pass


class SQLiteAutocompleteQueryCompiler(AnalysedSQLiteCompilerMixin, RankExpressionHooks, upstream.SQLiteAutocompleteQueryCompiler):
    AUTOCOMPLETE = True


class SQLiteSearchBackend(LanguageOptionMixin, upstream.SQLiteSearchBackend):
    index_class = SQLiteIndex
    query_compiler_class = SQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler


SearchBackend = SQLiteSearchBackend
