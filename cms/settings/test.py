from .base import *  # noqa: F401,F403
from .base import INSTALLED_APPS, SHARED_DIR

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# modelsearch's own backend test suite (tests/search/test_modelsearch_suite.py) runs against our backends.
INSTALLED_APPS = [*INSTALLED_APPS, "modelsearch.test.testapp"]
MIGRATION_MODULES = {"searchtests": None}
FIXTURE_DIRS = [SHARED_DIR / "vendor" / "modelsearch"]
STORAGES["recording_media"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
# Many tests search from one address within a minute: the tests of the limits set their own (tests/core).
RATE_LIMITS = {}
