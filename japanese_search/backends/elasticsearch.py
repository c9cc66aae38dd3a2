"""Japanese/English analysis for Elasticsearch 8/9 and OpenSearch 2/3.

Pure Python (no client import), so the generated settings and mappings can be
tested without a node. The per-version modules (elasticsearch8.py, ...) apply
`japanese_backend()` to modelsearch's backend classes.

Cluster needs the analysis-kuromoji plugin (analysis-icu too when ICU=True).
A search on /ja/ or /en/ reads only that language's text, through per-language catch-all fields.
"""

import unicodedata
from copy import deepcopy
from functools import cached_property

from modelsearch.query import Phrase, PlainText
from modelsearch.utils import deep_update

from japanese_search import abbreviations, spelling, synonyms
from japanese_search.analysis import ENGLISH_STOP_WORDS, LANGUAGES, USE_CONTEXT, VARIANT_KANJI, normalize_text, resolve_language
from japanese_search.backends.cluster import ClusterGuardMixin, ClusterResultsMixin
from japanese_search.backends.common import IndexChangeMixin, LanguageOptionMixin, field_language
from japanese_search.compounds import MAX_COMPOUND_CHARS, compound_query_token
from japanese_search.modelsearch_private import ElasticsearchCompilerHooks

# Analyzer names: "default" covers every text field without its own analyzer,
# including the _all_text* copy fields that normal searches query.
DEFAULT_ANALYZER = "default"
AUTOCOMPLETE_INDEX_ANALYZER = "edgengram_analyzer"  # name used by modelsearch's mappings
AUTOCOMPLETE_SEARCH_ANALYZER = "ja_autocomplete_search"
# Names inside compounds (japanese_search/compounds.py): Japanese text is also copied to COMPOUND_FIELD, indexed
# as the prefixes of 1-4 consecutive kuromoji words glued together (so each starts where a word starts), and a
# query word that is one kanji/katakana run is looked up there whole.
COMPOUND_FIELD = "_all_text_compound"
COMPOUND_INDEX_ANALYZER = "ja_compound_index"
COMPOUND_SEARCH_ANALYZER = "ja_compound_search"
COMPOUND_BOOST = 0.5
# Synonyms (japanese_search.synonyms) are expanded in the query, so a change needs no reindex; they weigh less than
# the words as typed.
SYNONYM_BOOST = 0.2

_ZERO_WIDTH_PATTERN = "[\\u00AD\\u200B-\\u200F\\u2060-\\u2064\\uFEFF\\uFE00-\\uFE0F]"


def _width_fold_mappings() -> list[str]:
    """NFKC for fullwidth letters/digits and halfwidth katakana, as mapping rules.

    Halfwidth kana followed by a (semi-)voiced mark map as one pair: ｶﾞ => ガ.
    """
    rules = []
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), *range(0xFF66, 0xFFA0)]:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        rules.append(f"{char} => {folded}")
        if 0xFF66 <= code <= 0xFF9D:
            for mark in ("\uff9e", "\uff9f"):
                composed = unicodedata.normalize("NFKC", char + mark)
                if len(composed) == 1:
                    rules.append(f"{char}{mark} => {composed}")
    return rules


def index_settings(use_icu: bool = False) -> dict:
    """INDEX_SETTINGS (deep-merged by modelsearch into its own index settings)."""
    normalizer = "ja_icu_nfkc" if use_icu else "ja_width_fold"
    char_filters = ["ja_zero_width", normalizer, "ja_variant_kanji"]
    text_filters = [
        "kuromoji_baseform",  # 磨き上げる -> 磨く 上げる
        "kuromoji_part_of_speech",  # drop particles/auxiliaries
        "cjk_width",
        "ja_stop",
        "kuromoji_stemmer",  # サーバー -> サーバ (long vowel mark at the end)
        "lowercase",
        "en_possessive",
        "en_stop",
        "en_american_words",  # British spellings folded to American ones (search/spelling.py)
        "en_american_ize",
        "en_american_our",
        "en_stemmer",  # crafts -> craft, exhibiting/exhibition -> exhibit
    ]
    autocomplete_filters = ["cjk_width", "kuromoji_stemmer", "lowercase"]
    return {
        "settings": {
            "analysis": {
                "char_filter": {
                    "ja_zero_width": {"type": "pattern_replace", "pattern": _ZERO_WIDTH_PATTERN, "replacement": ""},
                    "ja_variant_kanji": {
                        "type": "mapping",
                        "mappings": [f"{variant} => {standard}" for variant, standard in VARIANT_KANJI.items()],
                    },
                    normalizer: (
                        {"type": "icu_normalizer", "name": "nfkc_cf"}
                        if use_icu
                        else {"type": "mapping", "mappings": _width_fold_mappings()}
                    ),
                },
                "tokenizer": {
                    # search mode also splits long compounds: 関西国際空港 -> 関西 国際 空港 (+ whole)
                    "ja_search_tokenizer": {"type": "kuromoji_tokenizer", "mode": "search", "discard_punctuation": True},
                    "ja_normal_tokenizer": {"type": "kuromoji_tokenizer", "mode": "normal", "discard_punctuation": True},
                },
                "filter": {
                    "ja_stop": {"type": "ja_stop", "stopwords": "_japanese_"},
                    "en_possessive": {"type": "stemmer", "language": "possessive_english"},
                    "en_stop": {"type": "stop", "stopwords": sorted(ENGLISH_STOP_WORDS)},
                    "en_stemmer": {"type": "stemmer", "language": "english"},
                    "en_american_words": {
                        "type": "synonym",
                        "synonyms": [f"{british} => {american}" for british, american in sorted(spelling.WORDS.items())],
                    },
                    "en_american_ize": {"type": "pattern_replace", "pattern": spelling.IZE_RE.pattern, "replacement": "$1iz$2"},
                    "en_american_our": {"type": "pattern_replace", "pattern": spelling.OR_RE.pattern, "replacement": "$1or"},
                    "ja_compound_shingle": {
                        "type": "shingle",
                        "min_shingle_size": 2,
                        "max_shingle_size": 4,
                        "output_unigrams": True,
                        "token_separator": "",
                    },
                    "ja_compound_prefix": {"type": "edge_ngram", "min_gram": 2, "max_gram": MAX_COMPOUND_CHARS},
                },
                "analyzer": {
                    DEFAULT_ANALYZER: {
                        "type": "custom",
                        "char_filter": char_filters,
                        "tokenizer": "ja_search_tokenizer",
                        "filter": text_filters,
                    },
                    # Autocomplete: written forms (no base forms or stems), prefixes of each word.
                    AUTOCOMPLETE_INDEX_ANALYZER: {
                        "type": "custom",
                        "char_filter": char_filters,
                        "tokenizer": "ja_normal_tokenizer",
                        "filter": [*autocomplete_filters, "edgengram"],
                    },
                    AUTOCOMPLETE_SEARCH_ANALYZER: {
                        "type": "custom",
                        "char_filter": char_filters,
                        "tokenizer": "ja_normal_tokenizer",
                        "filter": autocomplete_filters,
                    },
                    COMPOUND_INDEX_ANALYZER: {
                        "type": "custom",
                        "char_filter": char_filters,
                        "tokenizer": "ja_normal_tokenizer",
                        "filter": ["cjk_width", "lowercase", "ja_compound_shingle", "ja_compound_prefix"],
                    },
                    COMPOUND_SEARCH_ANALYZER: {
                        "type": "custom",
                        "char_filter": char_filters,
                        "tokenizer": "keyword",
                        "filter": ["cjk_width", "lowercase"],
                    },
                },
            }
        }
    }


class JapaneseMappingMixin:
    # Upstream searches autocomplete fields with the "standard" analyzer, which splits
    # kanji into single characters: use the kuromoji analyzer without n-grams instead.
    edgengram_analyzer_config = {
        "analyzer": AUTOCOMPLETE_INDEX_ANALYZER,
        "search_analyzer": AUTOCOMPLETE_SEARCH_ANALYZER,
    }

    def get_mapping(self):
        """Upstream's mapping, with each full-text field also copied to catch-all fields of its language
        (`_all_text_ja`, `_all_text_en`, `_all_text_boost_2_0_en`...; a field of neither language, such as a
        name without a per-language copy, to both), so that a search can read one language only."""
        mapping = super().get_mapping()
        targets = set()

        def add_language_copies(properties):
            for name, field_mapping in properties.items():
                copy_to = field_mapping.get("copy_to")
                if name == "title" and any(f"title_{code}" in properties for code in LANGUAGES):
                    copy_to = None  # the plain title holds whichever language was active when saved
                if copy_to:
                    copy_to = [copy_to] if isinstance(copy_to, str) else list(copy_to)
                    lang = field_language(name)
                    copies = [f"{target}_{code}" for target in copy_to for code in ([lang] if lang else LANGUAGES)]
                    if lang in ("ja", None):
                        copies.append(COMPOUND_FIELD)
                    field_mapping["copy_to"] = copy_to + list(dict.fromkeys(copies))
                    targets.update(copies)
                if field_mapping.get("type") == "nested":
                    add_language_copies(field_mapping["properties"])

        add_language_copies(mapping["properties"])
        targets.discard(COMPOUND_FIELD)
        mapping["properties"].update({target: {"type": "text"} for target in sorted(targets)})
        mapping["properties"][COMPOUND_FIELD] = {
            "type": "text",
            "analyzer": COMPOUND_INDEX_ANALYZER,
            "search_analyzer": COMPOUND_SEARCH_ANALYZER,
        }
        return mapping


class LanguageScopedQueryMixin:
    """With the search's `language` option (or inside analysis.search_language(lang)), a search without
    `fields` reads that language's catch-all fields only (the language is fixed when the query is made, as on
    the database backends)."""

    def __init__(self, *args, language=USE_CONTEXT, **kwargs):
        self.search_language = resolve_language(language)  # before upstream's __init__, which remaps the fields
        super().__init__(*args, **kwargs)

    def remap_search_fields(self, remapped, requested):
        remapped = super().remap_search_fields(remapped, requested)
        lang = self.search_language
        if requested or lang is None:
            return remapped
        return [type(field)(f"{field.field_name}_{lang}", field.boost) for field in remapped]


class WordAlternativesQueryMixin:
    """Each query word also matches, as on the database backends: the other names of its group as phrases
    when it is a listed name (japanese_search.abbreviations: 国交省 finds 国土交通省 and MLIT), and, when it is
    one run of kanji or katakana, the same run inside a longer compound (COMPOUND_FIELD: 柿田川 in 柿田川湧水群); and
    its synonyms as phrases, weighing less (SYNONYM_BOOST)."""

    @cached_property
    def names(self):
        return abbreviations.known_names()  # once per search, however many fields and subqueries it compiles

    @cached_property
    def synonyms(self):
        return synonyms.Synonyms()

    def word_alternatives(self, word, fields) -> list[dict]:
        alternatives = [self.compile_phrase(Phrase(name), fields) for name in self.names.get(word, ())]
        all_text = all(field.field_name.startswith("_all_text") for field in fields)
        compounds = all_text and self.search_language != "en"
        if compounds and compound_query_token(word):
            alternatives.append({"match": {COMPOUND_FIELD: {"query": word, "boost": COMPOUND_BOOST}}})
        for synonym in self.synonyms(word):
            either = [self.compile_phrase(Phrase(synonym), fields)]
            if compounds and compound_query_token(normalize_text(synonym)):
                either.append({"match": {COMPOUND_FIELD: {"query": synonym}}})
            alternatives.append({"bool": {"should": either, "boost": SYNONYM_BOOST}})
        return alternatives

    def compile_plaintext(self, query, fields, boost=1.0):
        words = normalize_text(query.query_string).split()
        alternatives = {word: self.word_alternatives(word, fields) for word in words}
        if not any(alternatives.values()):
            return super().compile_plaintext(query, fields, boost)
        parts = []
        for word in words:
            plain = super().compile_plaintext(PlainText(word, operator=query.operator), fields, boost)
            others = alternatives[word]
            parts.append({"bool": {"should": [plain, *others], "minimum_should_match": 1}} if others else plain)
        connector = "should" if query.operator == "or" else "must"
        return {"bool": {connector: parts}}


def japanese_backend(upstream_backend):
    """Subclass a modelsearch Elasticsearch/OpenSearch backend with our analysis.

    Several words mean all of them (operator "and", as on the database backends).
    INDEX_SETTINGS from the settings (japanese_search.conf passes index_settings()) merge on top.
    """
    name = upstream_backend.__name__.replace("SearchBackend", "")
    mapping = type(f"Japanese{name}Mapping", (JapaneseMappingMixin, upstream_backend.mapping_class), {})
    compiler_attrs = {"mapping_class": mapping, "DEFAULT_OPERATOR": "and"}
    search_mixins = (WordAlternativesQueryMixin, LanguageScopedQueryMixin, ElasticsearchCompilerHooks)
    return type(
        f"Japanese{name}SearchBackend",
        (LanguageOptionMixin, ClusterGuardMixin, upstream_backend),
        {
            "mapping_class": mapping,
            # A cluster that does not answer: SearchUnavailable for searches, queued writes (backends/cluster.py).
            "results_class": type(f"Japanese{name}SearchResults", (ClusterResultsMixin, upstream_backend.results_class), {}),
            # Index writes renew the content generation (cached search answers and pages), as on the databases.
            "index_class": type(f"Japanese{name}Index", (IndexChangeMixin, upstream_backend.index_class), {}),
            "query_compiler_class": type(
                f"Japanese{name}SearchQueryCompiler",
                (*search_mixins, upstream_backend.query_compiler_class),
                compiler_attrs,
            ),
            "autocomplete_query_compiler_class": type(
                f"Japanese{name}AutocompleteQueryCompiler",
                (upstream_backend.autocomplete_query_compiler_class,),
                compiler_attrs,
            ),
            "settings": deep_update(deepcopy(upstream_backend.settings), index_settings()),
        },
    )
