"""modelsearch's own test settings with the Japanese backend: no app of any site installed.

    .venv/bin/pytest --ds=japanese_search.tests.settings japanese_search/tests

DATABASE_URL selects the database as in modelsearch's settings (SQLite by default). The fixture
`search.json` of modelsearch's tests (not shipped in its wheel) is read from FIXTURE_DIRS:
../shared/vendor/modelsearch beside the repository, or MODELSEARCH_FIXTURE_DIR.
"""

import os
from pathlib import Path

from modelsearch.test.settings import *  # noqa: F403

REPOSITORY_DIR = Path(__file__).resolve().parents[2]
FIXTURE_DIRS = [Path(os.environ.get("MODELSEARCH_FIXTURE_DIR") or REPOSITORY_DIR.parent / "shared" / "vendor" / "modelsearch")]

SQLITE_BACKEND = "japanese_search.backends.sqlite"
POSTGRES_BACKEND = "japanese_search.backends.postgres"
MODELSEARCH_BACKENDS = {
    "default": {"BACKEND": POSTGRES_BACKEND if "postgres" in DATABASES["default"]["ENGINE"] else SQLITE_BACKEND}  # noqa: F405
}
