import os

from .base import *  # noqa: F401,F403

DEBUG = True
SECRET_KEY = "dev-only-secret-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

# On a developer's machine only warnings and errors are logged (the demo's publishing would print hundreds of
# lines during `make run`); runserver still prints each request. LOG_LEVEL=INFO shows everything.
LOGGING = logging_settings(os.environ.get("LOG_LEVEL", "WARNING"), mail_admins=False)  # noqa: F405
