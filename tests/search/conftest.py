import pytest
from django.db import transaction
from django.utils import translation

from tests.factories import scenarios


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """scenarios.search_corpus(), built once per test module inside a transaction that is rolled back after the
    module's tests (each test runs in a savepoint within it)."""
    with django_db_blocker.unblock():
        translation.activate("ja")
        with transaction.atomic():
            yield scenarios.search_corpus()
            transaction.set_rollback(True)
        translation.deactivate()


@pytest.fixture
def cluster(settings):
    """An Elasticsearch 9 stand-in (tests/search/cluster_stub.py) as the site's search backend, with short
    timeouts; yields the stub (its `mode`, `delay`, stored documents and requests)."""
    from django.core.cache import cache

    from japanese_search.backends.elasticsearch import index_settings
    from tests.search.cluster_stub import running_stub

    with running_stub() as stub:
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": "japanese_search.backends.elasticsearch9",
                "URLS": [stub.url],
                "INDEX_PREFIX": "test_",
                "TIMEOUT": 1,
                "DOWN_SECONDS": 15,
                "OPTIONS": {"max_retries": 0},
                "INDEX_SETTINGS": index_settings(),
            }
        }
        cache.clear()
        yield stub
        cache.clear()
