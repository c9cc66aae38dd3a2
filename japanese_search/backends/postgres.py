"""PostgreSQL backend with Japanese/English analysis (settings: "japanese_search.backends.postgres").

Text is analysed in Python, so the text search configuration is always 'simple':
PostgreSQL only splits our space-separated tokens (no second stemming, no stop words).
"""

from django.contrib.postgres.search import SearchQuery
from django.db.models import BooleanField, Case, F, FloatField, Value, When
from django.db.models.expressions import Expression
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres import postgres as upstream
from modelsearch.backends.database.postgres.query import LexemeCombinable
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from japanese_search import modelsearch_private
from japanese_search.analysis import PhraseMatch, TermMatch
from japanese_search.backends.common import AnalysedQueryMixin, AnalysingIndexerMixin, IndexChangeMixin, LanguageOptionMixin
from japanese_search.modelsearch_private import RankExpressionHooks

SEARCH_CONFIG = "simple"
# Added to the rank of a page that matches the query as typed, so it ranks above pages found only through synonyms.
EXACT_BONUS = 10.0


def _tsquery_token(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _tsquery_phrase(phrase: PhraseMatch) -> str:
    parts = [_tsquery_token(token) for token in phrase.tokens]
    if phrase.prefix:
        parts[-1] += ":*"
    return "(" + " <-> ".join(parts) + ")"


def _tsquery_term(term: TermMatch) -> str:
    alternatives = ["(" + " & ".join(_tsquery_phrase(phrase) for phrase in alternative) + ")" for alternative in term.everything]
    return "(" + " | ".join(alternatives) + ")"


class MatchesAny(Expression):
    """Whether any of the vectors matches the tsquery (`v1 @@ q OR v2 @@ q`), for CASE WHEN."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, vectors, tsquery):
        super().__init__()
        self.vectors, self.tsquery = list(vectors), tsquery

    def get_source_expressions(self):
        return [*self.vectors, self.tsquery]

    def set_source_expressions(self, expressions):
        *self.vectors, self.tsquery = expressions

    def as_sql(self, compiler, connection):
        query_sql, query_params = compiler.compile(self.tsquery)
        parts, params = [], []
        for vector in self.vectors:
            vector_sql, vector_params = compiler.compile(vector)
            parts.append(f"({vector_sql}) @@ ({query_sql})")
            params += [*vector_params, *query_params]
        return "(" + " OR ".join(parts) + ")", params


class RawTsquery(LexemeCombinable, Value):
    """A ready-made to_tsquery() expression built from analysed tokens."""

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


class ObjectIndexer(AnalysingIndexerMixin, upstream.ObjectIndexer):
    """The index columns as SQL (sql, params): plain SQL is much cheaper than compiling one Django
    SearchVector expression per field and page, and gives the same tsvector."""

    def as_vector_sql(self, texts, for_autocomplete=False):
        texts = [(text.strip(), weight) for text, weight in texts]
        texts = [(text, weight) for text, weight in texts if text]
        if not texts:
            return "''::tsvector", []
        config = self.autocomplete_config if for_autocomplete else self.config
        params = []
        for text, weight in texts:
            params += [config, text, weight]
        return "(" + " || ".join(["setweight(to_tsvector(%s::regconfig, %s), %s)"] * len(texts)) + ")", params

    @cached_property
    def title(self):
        return self.as_vector_sql([(value, weight) for _field, weight, value, _written in self.texts_for_column("title")])

    @cached_property
    def body(self):
        return self.as_vector_sql([(value, weight) for _field, weight, value, _written in self.texts_for_column("body")])

    @cached_property
    def autocomplete(self):
        texts = [(value, weight) for _field, weight, value, _written in self.texts_for_column("autocomplete")]
        return self.as_vector_sql(texts, for_autocomplete=True)

    # Fuzzy (trigram) search reads these columns: keep the text as written, not analysed.
    def _written_text(self, column):
        texts = (written.strip() for _field, _weight, _value, written in self.texts_for_column(column))
        return " ".join(text for text in texts if text)

    @cached_property
    def title_text(self):
        return self._written_text("title")

    @cached_property
    def body_text(self):
        return self._written_text("body")


class AnalysedPostgresIndex(upstream.PostgresIndex):
    def add_items(self, model, objs):
        # Same as upstream, with the analysing ObjectIndexer.
        search_fields = model.get_search_fields()
        if not search_fields:
            return

        indexers = [ObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return

        IndexEntry = upstream.IndexEntry
        content_type_pk = get_content_type_pk(model)
        title_sql = []
        autocomplete_sql = []
        body_sql = []
        data_params = []

        for indexer in indexers:
            data_params.extend((content_type_pk, indexer.id))
            for column, values_sql in (
                ("title", title_sql),
                ("autocomplete", autocomplete_sql),
                ("body", body_sql),
            ):
                sql, params = getattr(indexer, column)
                values_sql.append(sql)
                data_params.extend(params)
            data_params.append(indexer.title_text)
            data_params.append(indexer.body_text)

        data_sql = ", ".join(
            f"(%s, %s, {a}, {b}, {c}, 1.0, %s, %s)" for a, b, c in zip(title_sql, autocomplete_sql, body_sql, strict=True)
        )

        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {IndexEntry._meta.db_table}
                    (content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text)
                (VALUES {data_sql})
                ON CONFLICT (content_type_id, object_id)
                DO UPDATE SET title = EXCLUDED.title,
                              title_norm = 1.0,
                              autocomplete = EXCLUDED.autocomplete,
                              body = EXCLUDED.body,
                              title_text = EXCLUDED.title_text,
                              body_text = EXCLUDED.body_text
                """,  # noqa: S608 - table name from model meta, values parametrised
                data_params,
            )

        modelsearch_private.refresh_title_norms(self)


class PostgresIndex(IndexChangeMixin, AnalysedPostgresIndex):
    """Sends signals.index_changed after each write."""


class AnalysedPostgresCompilerMixin(AnalysedQueryMixin):
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            connector = " & " if query.operator == "and" else " | "
            raw = connector.join(_tsquery_term(term) for term in self.plain_text_terms(query))
        elif isinstance(query, Phrase):
            raw = _tsquery_term(self.phrase_term(query))
        else:
            return super().build_tsquery_content(query, config=config, invert=invert)
        raw = f"({raw})"
        if invert:
            raw = f"!{raw}"
        return SearchQuery(RawTsquery(raw), search_type="raw", config=config)

    def exact_tsquery(self, query, config=None):
        """The tsquery of a PlainText's words as typed (no synonyms) when any word has synonyms, else None."""
        exact_terms = self.exact_terms(query)
        if not exact_terms:
            return None
        connector = " & " if query.operator == "and" else " | "
        raw = "(" + connector.join(_tsquery_term(term) for term in exact_terms) + ")"
        return SearchQuery(RawTsquery(raw), search_type="raw", config=config)

    def exact_bonus(self, vectors, config=None):
        """EXACT_BONUS for rows whose `vectors` match the query as typed, when synonyms widened it; else None."""
        if not isinstance(self.query, PlainText):
            return None
        exact = self.exact_tsquery(self.query, config=config or SEARCH_CONFIG)
        if exact is None:
            return None
        return Case(When(MatchesAny(vectors, exact), then=Value(EXACT_BONUS)), default=Value(0.0), output_field=FloatField())

    def rank_expression(self, rank):
        """ts_rank, with the words as typed ranking above their synonyms (once, whatever the vectors' boosts)."""
        bonus = self.exact_bonus([F("index_entries__title"), F("index_entries__body")])
        return rank if bonus is None else rank + bonus

    def get_fields_vectors(self, search_query):
        # Upstream builds vectors from the raw model columns, which were never analysed:
        # use the analysed index columns that hold the requested fields instead.
        vectors = {
            "title": (F("index_entries__title"), F("index_entries__title_norm")),
            "body": (F("index_entries__body"), 1.0),
            "autocomplete": (F("index_entries__autocomplete"), 1.0),
        }
        return [vectors[column] for column in self.requested_index_columns()]


class PostgresSearchQueryCompiler(AnalysedPostgresCompilerMixin, RankExpressionHooks, upstream.PostgresSearchQueryCompiler):
    pass


class PostgresAutocompleteQueryCompiler(
    AnalysedPostgresCompilerMixin, RankExpressionHooks, upstream.PostgresAutocompleteQueryCompiler
):
    AUTOCOMPLETE = True


class PostgresSearchBackend(LanguageOptionMixin, upstream.PostgresSearchBackend):
    index_class = PostgresIndex
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.config = SEARCH_CONFIG
        self.autocomplete_config = SEARCH_CONFIG


SearchBackend = PostgresSearchBackend
