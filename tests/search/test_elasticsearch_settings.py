"""Elasticsearch/OpenSearch index settings and mappings, checked without a node."""

import json
import re

import pytest
from django.apps import apps
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import deep_update

from japanese_search.backends.elasticsearch import (
    AUTOCOMPLETE_INDEX_ANALYZER,
    AUTOCOMPLETE_SEARCH_ANALYZER,
    index_settings,
    japanese_backend,
)

# Components provided by Elasticsearch/OpenSearch themselves or their kuromoji/icu plugins.
BUILT_IN_FILTERS = {
    "kuromoji_baseform",
    "kuromoji_part_of_speech",
    "kuromoji_stemmer",
    "cjk_width",
    "lowercase",
}


@pytest.mark.parametrize("use_icu", [False, True])
def test_analyzers_only_reference_defined_components(use_icu):
    backend = japanese_backend(ElasticsearchBaseSearchBackend)
    # What the backend sends: its own settings merged with INDEX_SETTINGS from japanese_search.conf.
    merged = deep_update(json.loads(json.dumps(backend.settings)), index_settings(use_icu=use_icu))
    analysis = merged["settings"]["analysis"]
    for name, analyzer in analysis["analyzer"].items():
        assert analyzer["tokenizer"] in analysis["tokenizer"] or analyzer["tokenizer"] in ("standard", "keyword"), name
        for char_filter in analyzer.get("char_filter", []):
            assert char_filter in analysis["char_filter"], (name, char_filter)
        for token_filter in analyzer["filter"]:
            assert token_filter in analysis["filter"] or token_filter in BUILT_IN_FILTERS | {"asciifolding"}, token_filter
    default = analysis["analyzer"]["default"]
    assert analysis["tokenizer"][default["tokenizer"]]["type"] == "kuromoji_tokenizer"
    assert ("ja_icu_nfkc" in default["char_filter"]) is use_icu
    assert analysis["filter"]["en_stemmer"] == {"type": "stemmer", "language": "english"}
    json.dumps(merged)  # serialisable as sent to the cluster


def test_default_analyzer_handles_japanese_and_english():
    analysis = index_settings()["settings"]["analysis"]
    default = analysis["analyzer"]["default"]
    assert default["filter"][:2] == ["kuromoji_baseform", "kuromoji_part_of_speech"]
    assert {"lowercase", "en_stop", "en_stemmer"} <= set(default["filter"])
    assert "it" not in analysis["filter"]["en_stop"]["stopwords"]
    width_rules = analysis["char_filter"]["ja_width_fold"]["mappings"]
    assert {"Ｄ => D", "ｶﾞ => ガ", "ﾊﾟ => パ", "ｲ => イ", "５ => 5"} <= set(width_rules)
    assert "髙 => 高" in analysis["char_filter"]["ja_variant_kanji"]["mappings"]


def test_british_spellings_fold_to_american_before_stemming():
    analysis = index_settings()["settings"]["analysis"]
    chain = analysis["analyzer"]["default"]["filter"]
    folds = ["en_american_words", "en_american_ize", "en_american_our"]
    assert all(chain.index(name) < chain.index("en_stemmer") for name in folds)
    assert "programme => program" in analysis["filter"]["en_american_words"]["synonyms"]
    ize = analysis["filter"]["en_american_ize"]
    assert re.sub(ize["pattern"], ize["replacement"].replace("$", "\\"), "organisation") == "organization"
    assert re.sub(ize["pattern"], ize["replacement"].replace("$", "\\"), "revise") == "revise"
    our = analysis["filter"]["en_american_our"]
    assert re.sub(our["pattern"], our["replacement"].replace("$", "\\"), "neighbourhood") == "neighborhood"


def test_autocomplete_uses_kuromoji_edge_ngrams_and_no_standard_analyzer():
    backend = japanese_backend(ElasticsearchBaseSearchBackend)
    analysis = backend.settings["settings"]["analysis"]
    index_analyzer = analysis["analyzer"][AUTOCOMPLETE_INDEX_ANALYZER]
    assert index_analyzer["tokenizer"] == "ja_normal_tokenizer"
    assert index_analyzer["filter"][-1] == "edgengram"
    assert "edgengram" in analysis["filter"]  # from modelsearch's own settings
    assert "edgengram" not in analysis["analyzer"][AUTOCOMPLETE_SEARCH_ANALYZER]["filter"]


def test_mapping_sends_autocomplete_fields_to_the_japanese_analyzers():
    if not apps.is_installed("modelsearch.test.testapp"):
        pytest.skip("needs modelsearch.test.testapp (test_modelsearch_suite.py fails loudly about it)")
    from modelsearch.test.testapp.models import Book

    backend = japanese_backend(ElasticsearchBaseSearchBackend)
    mapping = backend.mapping_class(Book)
    name, field_mapping = mapping.get_field_mapping(AutocompleteField("title"))
    assert name == "title_edgengrams"
    assert field_mapping["analyzer"] == AUTOCOMPLETE_INDEX_ANALYZER
    assert field_mapping["search_analyzer"] == AUTOCOMPLETE_SEARCH_ANALYZER
    properties = mapping.get_mapping()["properties"]
    assert properties["_edgengrams"]["search_analyzer"] == AUTOCOMPLETE_SEARCH_ANALYZER
    # Full-text fields use the index's default (kuromoji) analyzer.
    _, title_mapping = mapping.get_field_mapping(SearchField("title"))
    assert "analyzer" not in title_mapping


def test_several_words_mean_all_of_them():
    backend = japanese_backend(ElasticsearchBaseSearchBackend)
    assert backend.query_compiler_class.DEFAULT_OPERATOR == "and"
    assert backend.autocomplete_query_compiler_class.DEFAULT_OPERATOR == "and"
    assert backend.query_compiler_class.mapping_class is backend.mapping_class


@pytest.mark.django_db
def test_each_language_has_its_own_catch_all_fields_and_a_search_reads_only_its_own():
    from modelsearch.query import PlainText

    from japanese_search.analysis import search_language
    from knowledge.models import CaseStudyPage

    backend = japanese_backend(ElasticsearchBaseSearchBackend)
    properties = backend.mapping_class(CaseStudyPage).get_mapping()["properties"]

    def copies(field_mapping):
        return {
            target
            for target in field_mapping["copy_to"]
            if target.startswith("_all_text_") and "boost" not in target and target != "_all_text_compound"
        }

    title_en = next(value for key, value in properties.items() if key.endswith("title_en"))
    title_ja = next(value for key, value in properties.items() if key.endswith("title_ja"))
    assert copies(title_en) == {"_all_text_en"} and copies(title_ja) == {"_all_text_ja"}
    assert copies(properties["title"]) == set()  # whichever language was active when the page was saved
    municipality = next(value for key, value in properties.items() if key.endswith("municipality"))
    assert copies(municipality["properties"]["name_en"]) == {"_all_text_en"}
    assert {"_all_text_ja", "_all_text_en"} <= set(properties)

    def fields(lang):
        with search_language(lang):
            compiler = backend.query_compiler_class(CaseStudyPage.objects.all(), PlainText("京都"))
        return {field.field_name for field in compiler.remapped_fields}

    assert fields("en") and all(name.endswith("_en") and name in properties for name in fields("en"))
    assert fields("ja") and all(name.endswith("_ja") and name in properties for name in fields("ja"))
    assert "_all_text" in fields(None)  # the admin searches both languages


def test_index_writes_renew_the_content_generation():
    from japanese_search.backends.common import IndexChangeMixin

    assert issubclass(japanese_backend(ElasticsearchBaseSearchBackend).index_class, IndexChangeMixin)


@pytest.mark.django_db
def test_an_abbreviation_in_the_query_also_matches_the_full_names_as_phrases():
    from modelsearch.query import PlainText

    from japanese_search.analysis import search_language
    from knowledge.models import CaseStudyPage

    backend = japanese_backend(ElasticsearchBaseSearchBackend)

    def compiled(query):
        with search_language("ja"):
            return json.dumps(
                backend.query_compiler_class(CaseStudyPage.objects.all(), query).get_inner_query(), ensure_ascii=False
            )

    plain = compiled(PlainText("観光 補助金"))
    assert "match_phrase" not in plain and '"operator": "and"' in plain  # no listed name: upstream's query
    query = json.loads(compiled(PlainText("経産省 観光")))
    words = query["bool"]["must"]  # both words
    assert len(words) == 2
    alternatives = json.dumps(words[0], ensure_ascii=False)
    for name in ("経産省", "経済産業省", "METI", "Ministry of Economy, Trade and Industry"):
        assert name in alternatives
    assert "経済産業省" not in json.dumps(words[1], ensure_ascii=False)
    either = json.loads(compiled(PlainText("経産省 観光", operator="or")))
    assert len(either["bool"]["should"]) == 2  # either word


@pytest.mark.django_db
def test_compounds_and_synonyms_reach_the_cluster_query_and_mapping():
    from modelsearch.query import PlainText

    from japanese_search.analysis import search_language
    from japanese_search.backends.elasticsearch import COMPOUND_FIELD, COMPOUND_INDEX_ANALYZER, COMPOUND_SEARCH_ANALYZER
    from knowledge.models import CaseStudyPage
    from search.models import SearchSynonym

    backend = japanese_backend(ElasticsearchBaseSearchBackend)
    properties = backend.mapping_class(CaseStudyPage).get_mapping()["properties"]
    assert properties[COMPOUND_FIELD]["analyzer"] == COMPOUND_INDEX_ANALYZER
    title_ja = next(value for key, value in properties.items() if key.endswith("title_ja"))
    title_en = next(value for key, value in properties.items() if key.endswith("title_en"))
    assert COMPOUND_FIELD in title_ja["copy_to"] and COMPOUND_FIELD not in title_en["copy_to"]
    analysis = index_settings()["settings"]["analysis"]
    assert analysis["analyzer"][COMPOUND_SEARCH_ANALYZER]["tokenizer"] == "keyword"  # the query run whole
    assert [f for f in analysis["analyzer"][COMPOUND_INDEX_ANALYZER]["filter"] if f.startswith("ja_compound")] == [
        "ja_compound_shingle",  # consecutive kuromoji words glued: every gram starts where a word starts
        "ja_compound_prefix",
    ]

    def compiled(query, lang="ja"):
        with search_language(lang):
            return json.dumps(
                backend.query_compiler_class(CaseStudyPage.objects.all(), PlainText(query)).get_inner_query(),
                ensure_ascii=False,
            )

    assert f'"{COMPOUND_FIELD}": {{"query": "柿田川"' in compiled("柿田川")
    assert f'"{COMPOUND_FIELD}": {{"query": "まち歩き"' in compiled("まち歩き")  # hiragana and kanji: one run
    assert COMPOUND_FIELD not in compiled("の森")  # nothing is looked for from a particle on
    assert COMPOUND_FIELD not in compiled("Kakita", "en")
    assert "湧き水" not in compiled("湧水")
    SearchSynonym.objects.create(terms_ja="湧水、湧き水")
    assert "湧き水" in compiled("湧水")  # expanded in the query: no reindex
    assert "高齢者" in compiled("お年寄り")  # SudachiDict's synonym groups
