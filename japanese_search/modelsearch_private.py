"""Every use of a private modelsearch name (one with a leading underscore), in one place.

modelsearch 1.3 has no public hook for these; each is wrapped here under a name of ours, and
japanese_search/tests/test_modelsearch_private.py fails when modelsearch renames one or changes its
parameters. The upstream classes the backends subclass (ObjectIndexer, SQLiteIndex, PostgresIndex, the
query compilers) are public names of modelsearch's modules; that test checks the members we rely on too.
"""


def run_search(backend, query_compiler_class, query, model_or_queryset, **options):
    """BaseSearchBackend._search: the search with extra options handed to the query compiler."""
    return backend._search(query_compiler_class, query, model_or_queryset, **options)


def refresh_title_norms(index) -> None:
    """SQLiteIndex/PostgresIndex._refresh_title_norms, which upstream's add_items calls at its end."""
    index._refresh_title_norms()


def build_rank_expression(compiler, vectors, config):
    """SQLiteSearchQueryCompiler._build_rank_expression: the bm25 rank of the compiled query."""
    return compiler._build_rank_expression(vectors, config)


class RankExpressionHooks:
    """A public name for the private rank hook of modelsearch's SQLite and PostgreSQL query compilers: put this
    class right before the upstream compiler in the bases; mixins before it override `rank_expression`."""

    def _build_rank_expression(self, vectors, config):
        return self.rank_expression(super()._build_rank_expression(vectors, config))

    def rank_expression(self, rank):
        """The rank of a search (upstream's: bm25 per vector, times its boost, summed)."""
        return rank


class ElasticsearchCompilerHooks:
    """Public names for the private hooks of modelsearch's Elasticsearch/OpenSearch query compiler.

    Put this class right before the upstream compiler in the bases; mixins before it override
    `remap_search_fields` and `compile_plaintext` and call super() as usual.
    """

    def _remap_fields(self, fields):
        return self.remap_search_fields(super()._remap_fields(fields), fields)

    def remap_search_fields(self, remapped, requested):
        """The index fields a search reads (`remapped`), given the model fields asked for (`requested`)."""
        return remapped

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        return self.compile_plaintext(query, fields, boost)

    def compile_plaintext(self, query, fields, boost=1.0):
        """The query body of a PlainText over these fields (upstream's)."""
        return super()._compile_plaintext_query(query, fields, boost)

    def compile_phrase(self, query, fields):
        """The query body of a Phrase over these fields (upstream's)."""
        return self._compile_phrase_query(query, fields)


class ElasticsearchResultsHooks:
    """Public names for the private members of modelsearch's Elasticsearch/OpenSearch search results.

    `fetch_results` / `fetch_count` wrap upstream's search and count (override them, calling `upstream()`);
    `search_request` sends a search body as upstream does.
    """

    def _do_search(self):
        return self.fetch_results(super()._do_search)

    def _do_count(self):
        return self.fetch_count(super()._do_count)

    def fetch_results(self, upstream):
        return upstream()

    def fetch_count(self, upstream):
        return upstream()

    def search_request(self, body, **params):
        return self._backend_do_search(body, **params)


# Every private name used above, for the test: (dotted class path, attribute, parameters after self).
PRIVATE_NAMES = (
    ("modelsearch.backends.base.BaseSearchBackend", "_search", ("query_compiler_class", "query", "model_or_queryset", "kwargs")),
    ("modelsearch.backends.database.sqlite.sqlite.SQLiteIndex", "_refresh_title_norms", ("full",)),
    ("modelsearch.backends.database.postgres.postgres.PostgresIndex", "_refresh_title_norms", ("full",)),
    (
        "modelsearch.backends.database.sqlite.sqlite.SQLiteSearchQueryCompiler",
        "_build_rank_expression",
        ("vectors", "config"),
    ),
    (
        "modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler",
        "_build_rank_expression",
        ("vectors", "config"),
    ),
    ("modelsearch.backends.elasticsearchbase.ElasticsearchBaseSearchQueryCompiler", "_remap_fields", ("fields",)),
    (
        "modelsearch.backends.elasticsearchbase.ElasticsearchBaseSearchQueryCompiler",
        "_compile_plaintext_query",
        ("query", "fields", "boost"),
    ),
    ("modelsearch.backends.elasticsearchbase.ElasticsearchBaseSearchQueryCompiler", "_compile_phrase_query", ("query", "fields")),
    ("modelsearch.backends.elasticsearchbase.ElasticsearchBaseSearchResults", "_do_search", ()),
    ("modelsearch.backends.elasticsearchbase.ElasticsearchBaseSearchResults", "_do_count", ()),
    ("modelsearch.backends.elasticsearchbase.ElasticsearchBaseSearchResults", "_backend_do_search", ("body", "kwargs")),
)
