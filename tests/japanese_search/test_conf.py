"""japanese_search.conf.search_backends: WAGTAILSEARCH_BACKENDS from the database engine and environment."""

import pytest
from django.conf import settings

from japanese_search.conf import search_backends


def test_database_backends_follow_the_default_database():
    assert search_backends("django.db.backends.sqlite3", {}) == {"default": {"BACKEND": "japanese_search.backends.sqlite"}}
    assert search_backends("django.db.backends.postgresql", {}) == {"default": {"BACKEND": "japanese_search.backends.postgres"}}
    with pytest.raises(ValueError, match="mysql"):
        search_backends("django.db.backends.mysql", {})


def test_project_settings_use_our_backend_for_the_test_database():
    engine = settings.DATABASES["default"]["ENGINE"]
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == search_backends(engine, {})["default"]["BACKEND"]


@pytest.mark.parametrize("name", ["elasticsearch8", "elasticsearch9", "opensearch2", "opensearch3"])
def test_cluster_backends(name):
    conf = search_backends(
        "django.db.backends.sqlite3",
        {"SEARCH_BACKEND": name, "SEARCH_URL": "https://user:pw@es1:9200, https://es2:9200", "SEARCH_TIMEOUT": "30"},
    )["default"]
    assert conf["BACKEND"] == f"japanese_search.backends.{name}"
    assert conf["URLS"] == ["https://user:pw@es1:9200", "https://es2:9200"]
    assert conf["INDEX_PREFIX"] == "cms_"  # Wagtail 8: INDEX_PREFIX, not INDEX
    assert "INDEX" not in conf
    assert conf["TIMEOUT"] == 30
    assert conf["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"]["tokenizer"] == "ja_search_tokenizer"
    assert conf["OPTIONS"] == {"max_retries": 1, "retry_on_timeout": False}
    assert conf["DOWN_SECONDS"] == 15


def test_cluster_timeouts_are_short_unless_set():
    """A search or a publish waits at most about this long on a cluster that does not answer."""
    conf = search_backends("django.db.backends.sqlite3", {"SEARCH_BACKEND": "elasticsearch9", "SEARCH_URL": "http://es:9200"})
    assert conf["default"]["TIMEOUT"] == 2
    environ = {"SEARCH_BACKEND": "elasticsearch9", "SEARCH_URL": "http://es:9200", "SEARCH_TIMEOUT": "0.5"}
    environ.update(SEARCH_MAX_RETRIES="0", SEARCH_DOWN_SECONDS="60")
    conf = search_backends("django.db.backends.sqlite3", environ)["default"]
    assert (conf["TIMEOUT"], conf["OPTIONS"]["max_retries"], conf["DOWN_SECONDS"]) == (0.5, 0, 60)


def test_cluster_options():
    conf = search_backends(
        "django.db.backends.postgresql",
        {
            "SEARCH_BACKEND": "OpenSearch3",
            "SEARCH_URL": "http://localhost:9200",
            "SEARCH_INDEX_PREFIX": "staging_",
            "SEARCH_ICU": "true",
            "SEARCH_CA_CERTS": "/etc/ssl/ca.pem",
        },
    )["default"]
    assert conf["INDEX_PREFIX"] == "staging_"
    assert conf["OPTIONS"]["ca_certs"] == "/etc/ssl/ca.pem"
    char_filters = conf["INDEX_SETTINGS"]["settings"]["analysis"]["char_filter"]
    assert char_filters["ja_icu_nfkc"] == {"type": "icu_normalizer", "name": "nfkc_cf"}


@pytest.mark.parametrize(
    "environ",
    [
        {"SEARCH_BACKEND": "elasticsearch7", "SEARCH_URL": "http://x"},
        {"SEARCH_BACKEND": "opensearch2"},
        {"SEARCH_URL": "http://x"},
    ],
)
def test_incomplete_cluster_configuration_is_an_error(environ):
    with pytest.raises(ValueError, match="SEARCH_"):
        search_backends("django.db.backends.sqlite3", environ)
