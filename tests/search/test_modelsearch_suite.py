"""modelsearch's own BackendTests, run against our Japanese-aware backends.

Runs in the project's settings, on Wagtail's index tables (app wagtailsearch), so it
exercises the backends exactly as the site uses them. Needs in the test settings:
"modelsearch.test.testapp" in INSTALLED_APPS, MIGRATION_MODULES {"searchtests": None}
and FIXTURE_DIRS pointing at ../shared/vendor/modelsearch (see search/README.md).
"""

import sys
import unittest

from django.apps import apps
from django.conf import settings
from django.core.management import call_command, get_commands
from django.test import override_settings

SUITE_FIXTURE_DIR = settings.BASE_DIR.parent / "shared" / "vendor" / "modelsearch"
TESTAPP_INSTALLED = apps.is_installed("modelsearch.test.testapp")


def test_backend_suite_prerequisites():
    """Fails loudly (instead of silently skipping the suite) when its setup is missing."""
    assert (SUITE_FIXTURE_DIR / "search.json").is_file(), (
        f"modelsearch fixture missing: {SUITE_FIXTURE_DIR / 'search.json'} (shared/ must sit beside the clone)"
    )
    assert TESTAPP_INSTALLED, "add 'modelsearch.test.testapp' to INSTALLED_APPS in cms/settings/test.py"
    assert SUITE_FIXTURE_DIR in [type(SUITE_FIXTURE_DIR)(path) for path in getattr(settings, "FIXTURE_DIRS", [])], (
        "add FIXTURE_DIRS = [SHARED_DIR / 'vendor' / 'modelsearch'] to cms/settings/test.py"
    )
    assert not apps.is_installed("modelsearch"), (
        "do not install the 'modelsearch' app next to 'wagtail.search': both are ModelSearchAppConfig"
    )


if TESTAPP_INSTALLED:
    import wagtail.search.models

    # The suite imports modelsearch.models.IndexEntry; with wagtail.search installed (instead
    # of the modelsearch app) the backends use wagtail.search's IndexEntry: point it there.
    sys.modules.setdefault("modelsearch.models", wagtail.search.models)

    # Modules, not classes: names imported into this module would be collected and run as they are.
    from modelsearch.tests import test_postgres_backend as upstream_postgres_tests
    from modelsearch.tests import test_sqlite_backend as upstream_sqlite_tests

    from japanese_search.tests.lifted_skips import PostgresSkipsLifted, SQLiteSkipsLifted

    class UpstreamCommandMixin:
        def setUp(self):
            # The suite calls rebuild_modelsearch_index, which Wagtail ships as update_index.
            get_commands().setdefault("rebuild_modelsearch_index", "modelsearch")
            super().setUp()

    def _backend_settings(path):
        backends = {"default": {"BACKEND": path}}
        return override_settings(WAGTAILSEARCH_BACKENDS=backends, MODELSEARCH_BACKENDS=backends)

    # Upstream's per-database classes: BackendTests plus each backend's own tests.
    # Their "MatchAll as an inner expression" skips are lifted (japanese_search/tests/lifted_skips.py).

    @_backend_settings("japanese_search.backends.sqlite")
    class TestJapaneseSQLiteBackendSuite(UpstreamCommandMixin, SQLiteSkipsLifted, upstream_sqlite_tests.TestSQLiteSearchBackend):
        backend_path = "japanese_search.backends.sqlite"

    @_backend_settings("japanese_search.backends.postgres")
    class TestJapanesePostgresBackendSuite(
        UpstreamCommandMixin, PostgresSkipsLifted, upstream_postgres_tests.TestPostgresSearchBackend
    ):
        backend_path = "japanese_search.backends.postgres"

        @classmethod
        def setUpClass(cls):
            # Upstream's testapp migration 0005 enables these for the fuzzy tests; that
            # migration does not run here (MIGRATION_MODULES), so enable them before the
            # class transaction starts.
            for command in ("enable_unaccent", "enable_trigram", "enable_fuzzystrmatch"):
                call_command(command, verbosity=0)
            super().setUpClass()

        @unittest.skip(
            "test_weights expects the PostgreSQL boost-to-weight table computed from modelsearch's test "
            "models alone; here it is computed from every indexed model of the project (Wagtail pages and "
            "the site's page models bring other boosts). Not related to the analysis."
        )
        def test_weights(self):
            pass
