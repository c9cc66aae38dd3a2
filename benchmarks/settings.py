"""Settings for the benchmarks: the site's settings, production-like (DEBUG off), any host."""

from cms.settings.base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "benchmark-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
