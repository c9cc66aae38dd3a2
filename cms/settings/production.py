"""Production: every secret comes from the environment."""

import os

from .base import *  # noqa: F401,F403
from .storage import object_storage, object_storage_origin, uses_object_storage

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# SECURE_COOKIES=false only for plain-http trials on one's own machine (`make serve`).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("SECURE_COOKIES", "true").lower() == "true"
X_FRAME_OPTIONS = "SAMEORIGIN"
# Wagtail's live preview shows the page in a same-origin frame, so frames stay allowed from the site itself.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
STORAGES["recording_media"] = {  # noqa: F405 (base): outside MEDIA_ROOT, streamed by knowledge/recordings/views.py
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": os.environ.get("RECORDING_MEDIA_ROOT", str(BASE_DIR / "var" / "recording-media"))},  # noqa: F405
}
if uses_object_storage(os.environ):
    STORAGES["default"] = object_storage(os.environ)
    MEDIA_SERVE = False
    MEDIA_ORIGINS = [object_storage_origin(os.environ)]

# One cache shared by every worker and server (content generation, page cache, login throttle): Redis when
# REDIS_URL is set, falling back to the database table while Redis cannot be reached; else that table alone.
# Never a per-process cache (core.checks refuses one under `check --deploy`). `migrate` creates the table.
CACHE_TABLE = "site_cache"
CACHE_OPTIONS = {"MAX_ENTRIES": int(os.environ.get("CACHE_TABLE_MAX_ENTRIES", "20000"))}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "core.fallback_cache.RedisWithDatabaseFallback",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"FALLBACK_TABLE": CACHE_TABLE, "ON_SWITCH": "core.cache.new_generation", **CACHE_OPTIONS},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": CACHE_OPTIONS,
        }
    }

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() == "true"

# Errors and slow transactions to Sentry (or a compatible service) when SENTRY_DSN is set.
if os.environ.get("SENTRY_DSN"):
    import sentry_sdk

    sentry_sdk.init(
        dsn=os.environ["SENTRY_DSN"],
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=False,
    )
# ensure_admin: no demo accounts with published passwords; the administrator's password from the environment or
# a prompt (docs/deploy.md). ALLOW_DEMO_ACCOUNTS=1 only for a production-shaped stack on a developer's machine.
DEMO_ACCOUNTS_ALLOWED = os.environ.get("ALLOW_DEMO_ACCOUNTS", "") == "1"
