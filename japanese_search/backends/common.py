"""Pieces shared by the backends: index-side and query-side analysis (SQLite, PostgreSQL), the index-write
signal and the search's `language` option (all backends)."""

from django.conf import settings
from django.utils.functional import cached_property
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import And, Boost, MatchAll, Not, Or, Phrase, PlainText

from japanese_search import abbreviations, analysis, modelsearch_private, synonyms
from japanese_search.signals import index_changed


def is_title_field(name: str) -> bool:
    """`title` and its per-language copies (`title_ja`, `title_en`) fill the title column."""
    prefix, _, lang = name.partition("_")
    return name == "title" or (prefix == "title" and lang in getattr(settings, "MODELTRANSLATION_LANGUAGES", ()))


def field_language(name: str) -> str | None:
    """The language of a field's text from its name (`body_en` -> "en"); None for both."""
    lang = name.rpartition("_")[2]
    return lang if lang in analysis.LANGUAGES else None


def analyse_field_value(field, value: str) -> str:
    """Index text for one leaf field: autocomplete analysis for AutocompleteField (both
    languages together, as the admin searches), full-text analysis in the field's language."""
    if isinstance(field, AutocompleteField):
        return analysis.autocomplete_index_text(value)
    return analysis.index_text(value, field_language(field.field_name))


class IndexChangeMixin:
    """Index side: every write to the index sends `signals.index_changed`, so a site can drop what it
    cached from earlier answers (the site this was written for starts a new content generation)."""

    def add_items(self, model, objs):
        super().add_items(model, objs)
        index_changed.send(sender=type(self), index=self)

    def delete_item(self, item):
        super().delete_item(item)
        index_changed.send(sender=type(self), index=self)


class LanguageOptionMixin:
    """Backend side: `search(..., language="ja")` searches only that language's text ("en": English, None:
    both); without it, the language of an enclosing `analysis.search_language()` block, else both."""

    def search(
        self, query, model_or_queryset, fields=None, operator=None, order_by_relevance=True, language=analysis.USE_CONTEXT
    ):
        return modelsearch_private.run_search(
            self,
            self.query_compiler_class,
            query,
            model_or_queryset,
            fields=fields,
            operator=operator,
            order_by_relevance=order_by_relevance,
            language=language,
        )


def search_in_language(backend, query, model_or_queryset, language, **options):
    """backend.search() limited to one language's text ("ja", "en"; None: both) on a Japanese backend; on any
    other backend (e.g. a stock one to compare with) the same search without the option."""
    if isinstance(backend, LanguageOptionMixin):
        options["language"] = language
    return backend.search(query, model_or_queryset, **options)


class AnalysingIndexerMixin:
    """Analyse leaf field values; RelatedFields recurse back into prepare_field for their leaves.

    Upstream walks all search fields once per column (title, body, autocomplete);
    `prepared_fields` walks them once, so each value is fetched and analysed once.
    """

    def prepare_field(self, obj, field):
        """Upstream's items with the analysed text, plus the text as written at the end."""
        if isinstance(field, RelatedFields):
            yield from super().prepare_field(obj, field)
            return
        for *prepared, value in super().prepare_field(obj, field):
            yield (*prepared, analyse_field_value(prepared[0], value), value)

    @cached_property
    def prepared_fields(self) -> list[tuple]:
        """(leaf field, [weight,] analysed text, written text) for every leaf field."""
        return [item for field in self.search_fields for item in self.prepare_field(self.obj, field)]

    def texts_for_column(self, column: str) -> list[tuple]:
        """Prepared items of one index column: "title", "body" or "autocomplete"."""
        items = []
        for item in self.prepared_fields:
            field = item[0]
            if isinstance(field, AutocompleteField):
                item_columns = ("autocomplete",)
            elif isinstance(field, SearchField) and field.field_name == "title":
                item_columns = ("title",)
            elif isinstance(field, SearchField) and is_title_field(field.field_name):
                # Translated titles rank as titles and also stay in the body, so a body match
                # alone (search.matching's PostgreSQL fast path) still finds every title match.
                item_columns = ("title", "body")
            elif isinstance(field, SearchField):
                item_columns = ("body",)
            else:
                continue
            if column in item_columns:
                items.append(item)
        if column == "title" and any(item[0].field_name != "title" for item in items):
            # Translated titles are indexed in every language; the plain `title` only
            # holds whichever language was active when the object was saved.
            items = [item for item in items if item[0].field_name != "title"]
        return items


def _is_match_none(query) -> bool:
    return isinstance(query, Not) and isinstance(query.subquery, MatchAll)


def _match_none():
    return Not(MatchAll())


class AnalysedQueryMixin:
    """Query compiler side: analyse PlainText/Phrase leaves like the indexed text.

    A leaf that analyses to nothing (only punctuation, emoji, ...) matches nothing,
    and And/Or/Not around it are simplified, so nothing reaches the database empty.
    """

    AUTOCOMPLETE = False

    def __init__(self, *args, language=analysis.USE_CONTEXT, **kwargs):
        super().__init__(*args, **kwargs)
        # The language searched (the search's `language` option, else search_language()'s) and the names known
        # (japanese_search.abbreviations) are fixed when the search is made (results are evaluated later), and
        # read once however often the query is compiled.
        self.search_language = analysis.resolve_language(language)
        self.names = None if self.AUTOCOMPLETE else abbreviations.known_names()
        self.synonyms = None if self.AUTOCOMPLETE else synonyms.Synonyms()
        self.query = self._simplify(self.query)

    def plain_text_terms(self, query: PlainText) -> list[analysis.TermMatch]:
        if self.AUTOCOMPLETE:
            return analysis.autocomplete_terms(query.query_string)
        return analysis.search_terms(query.query_string, self.names, language=self.search_language, synonyms=self.synonyms)

    def exact_terms(self, query) -> list[analysis.TermMatch] | None:
        """A PlainText's terms without their synonyms, when any word has synonyms (to rank exact matches
        first); None otherwise."""
        if not isinstance(query, PlainText) or self.AUTOCOMPLETE:
            return None
        terms = self.plain_text_terms(query)
        if not any(term.synonyms for term in terms):
            return None
        return [analysis.TermMatch(term.alternatives) for term in terms]

    def phrase_term(self, query: Phrase) -> analysis.TermMatch | None:
        if self.AUTOCOMPLETE:
            tokens = analysis.phrase_tokens(query.query_string, stem=False)
            return analysis.TermMatch(((analysis.PhraseMatch(tokens),),)) if tokens else None
        return analysis.phrase_term(query.query_string, language=self.search_language)

    def requested_index_columns(self) -> list[str]:
        """Index columns holding the fields passed as fields=[...].

        The index keeps three analysed columns: title (SearchFields named "title"),
        body (every other SearchField) and autocomplete, so fields= narrows the
        search to those columns rather than to single model fields.
        """
        columns = []
        for field in self.search_fields.values():
            if self.AUTOCOMPLETE:
                column = "autocomplete"
            elif field is not None and is_title_field(field.field_name):
                column = "title"
            else:
                column = "body"
            if column not in columns:
                columns.append(column)
        return columns

    def _simplify(self, query):
        if isinstance(query, PlainText):
            return query if self.plain_text_terms(query) else _match_none()
        if isinstance(query, Phrase):
            return query if self.phrase_term(query) else _match_none()
        if isinstance(query, Not):
            return _simplified_not(self._simplify(query.subquery))
        if isinstance(query, Boost):
            inner = self._simplify(query.subquery)
            if isinstance(inner, MatchAll) or _is_match_none(inner):
                return inner
            return Boost(inner, query.boost)
        if isinstance(query, And):
            return _simplified_and([self._simplify(subquery) for subquery in query.subqueries])
        if isinstance(query, Or):
            return _simplified_or([self._simplify(subquery) for subquery in query.subqueries])
        return query


def _simplified_not(inner):
    if isinstance(inner, MatchAll):
        return _match_none()
    if _is_match_none(inner):
        return MatchAll()
    return Not(inner)


def _simplified_and(children):
    if any(_is_match_none(child) for child in children):
        return _match_none()
    children = [child for child in children if not isinstance(child, MatchAll)]
    if not children:
        return MatchAll()
    return children[0] if len(children) == 1 else And(children)


def _simplified_or(children):
    if any(isinstance(child, MatchAll) for child in children):
        return MatchAll()
    children = [child for child in children if not _is_match_none(child)]
    if not children:
        return _match_none()
    return children[0] if len(children) == 1 else Or(children)
