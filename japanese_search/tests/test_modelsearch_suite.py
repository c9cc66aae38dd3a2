"""modelsearch's own backend tests (upstream's SQLite and PostgreSQL classes, which include BackendTests) run
against the Japanese backends in modelsearch's own test settings, with no app of any site installed.

    .venv/bin/pytest --ds=japanese_search.tests.settings japanese_search/tests
"""

from django.conf import settings
from django.test import override_settings
from modelsearch.tests import test_postgres_backend as upstream_postgres_tests
from modelsearch.tests import test_sqlite_backend as upstream_sqlite_tests
from modelsearch.tests.test_backends import BackendTests

from japanese_search.tests.settings import POSTGRES_BACKEND, SQLITE_BACKEND


def test_fixture_is_there():
    """Fails loudly (instead of the suite failing on a missing fixture) when shared/ is not beside the clone."""
    path = settings.FIXTURE_DIRS[0] / "search.json"
    assert path.is_file(), f"modelsearch fixture missing: {path} (set MODELSEARCH_FIXTURE_DIR or put shared/ beside the clone)"


def _backend(path):
    return override_settings(MODELSEARCH_BACKENDS={"default": {"BACKEND": path}})


# The "MatchAll as an inner expression" skips of upstream's classes are lifted: the Japanese compilers simplify
# MatchAll/MATCH_NONE out of And/Or/Not before anything reaches the database.


@_backend(SQLITE_BACKEND)
class TestJapaneseSQLiteSearchBackend(upstream_sqlite_tests.TestSQLiteSearchBackend):
    backend_path = SQLITE_BACKEND

    test_search_not_match_none = BackendTests.test_search_not_match_none
    test_search_or_match_all = BackendTests.test_search_or_match_all
    test_search_or_match_none = BackendTests.test_search_or_match_none
    test_search_and_match_all = BackendTests.test_search_and_match_all
    test_search_boosting_on_related_fields = BackendTests.test_search_boosting_on_related_fields
    test_autocomplete_with_fields_arg = BackendTests.test_autocomplete_with_fields_arg


@_backend(POSTGRES_BACKEND)
class TestJapanesePostgresSearchBackend(upstream_postgres_tests.TestPostgresSearchBackend):
    backend_path = POSTGRES_BACKEND

    test_search_not_match_none = BackendTests.test_search_not_match_none
    test_search_or_match_all = BackendTests.test_search_or_match_all
    test_search_or_match_none = BackendTests.test_search_or_match_none
    test_search_and_match_all = BackendTests.test_search_and_match_all
    test_search_and_match_none = BackendTests.test_search_and_match_none
