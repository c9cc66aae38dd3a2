"""cms.settings.production as a server loads it: the shared cache it picks and Sentry only when asked for."""

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = """
import json, sys
import django
django.setup()
from django.conf import settings
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "sentry_imported": "sentry_sdk" in sys.modules,
    "sentry_active": "sentry_sdk" in sys.modules and sys.modules["sentry_sdk"].get_client().is_active(),
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
}))
"""


def production(**env):
    base = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "SENTRY_DSN", "DATABASE_URL")}
    base.update(DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org", **env)
    out = subprocess.run([sys.executable, "-c", PROBE], env=base, cwd=settings.BASE_DIR, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_without_redis_production_shares_the_database_cache_and_leaves_sentry_out():
    loaded = production()
    assert loaded["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert loaded["sentry_imported"] is False
    assert loaded["health_checks"] is True


def test_with_redis_and_a_sentry_dsn_production_uses_both():
    loaded = production(REDIS_URL="redis://127.0.0.1:6379/11", SENTRY_DSN="http://key@127.0.0.1:9/1")
    assert loaded["cache"] == "core.fallback_cache.RedisWithDatabaseFallback"
    assert loaded["sentry_active"] is True
