"""modelsearch's own backend tests (upstream's SQLite and PostgreSQL classes, which include BackendTests) run
against the Japanese backends in modelsearch's own test settings, with no app of any site installed.

    .venv/bin/pytest --ds=japanese_search.tests.settings japanese_search/tests
"""

from django.conf import settings
from django.test import override_settings
from modelsearch.tests import test_postgres_backend as upstream_postgres_tests
from modelsearch.tests import test_sqlite_backend as upstream_sqlite_tests

from japanese_search.tests.lifted_skips import PostgresSkipsLifted, SQLiteSkipsLifted
from japanese_search.tests.settings import POSTGRES_BACKEND, SQLITE_BACKEND


def test_fixture_is_there():
    """Fails loudly (instead of the suite failing on a missing fixture) when shared/ is not beside the clone."""
    path = settings.FIXTURE_DIRS[0] / "search.json"
    assert path.is_file(), f"modelsearch fixture missing: {path} (set MODELSEARCH_FIXTURE_DIR or put shared/ beside the clone)"


def _backend(path):
    return override_settings(MODELSEARCH_BACKENDS={"default": {"BACKEND": path}})


# Upstream's "MatchAll as an inner expression" skips are lifted (japanese_search/tests/lifted_skips.py).


@_backend(SQLITE_BACKEND)
class TestJapaneseSQLiteSearchBackend(SQLiteSkipsLifted, upstream_sqlite_tests.TestSQLiteSearchBackend):
    backend_path = SQLITE_BACKEND


@_backend(POSTGRES_BACKEND)
class TestJapanesePostgresSearchBackend(PostgresSkipsLifted, upstream_postgres_tests.TestPostgresSearchBackend):
    backend_path = POSTGRES_BACKEND
