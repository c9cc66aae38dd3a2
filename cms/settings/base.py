"""Settings shared by every environment. Environment-specific modules import from here."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from core.conf import rate_limits
from japanese_search.conf import search_backends

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
SHARED_DIR = BASE_DIR.parent / "shared"

INSTALLED_APPS = [
    # modeltranslation must come before the apps whose models it translates
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    # (not "wagtail_modeltranslation.migrate": home's migrate command runs it quietly)
    "modeltranslation",
    "core",
    "home",
    "knowledge",
    "search",
    "members",
    "syndication",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",  # its catalogue: Wagtail's "3 seconds ago" in the editor's language
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.memo.RequestMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.cache.AnonymousPageCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# DATABASE_URL chooses the database; an embedded SQLite file under var/ by default.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The data lives in memory or on SSDs: random reads cost about what sequential ones do. With the
    # default (4) PostgreSQL reads every search index entry to test a two-word query instead of using
    # the GIN index (70 ms instead of 40 at 10,000 pages; benchmarks/README.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c random_page_cost=1.1")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Japanese is the default, English the second.
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "ja"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ja",)}
# One slug per page: /ja/<slug>/ and /en/<slug>/ are the same page.
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = False
WAGTAILMODELTRANSLATION_LOCALE_PICKER = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
# Where collectstatic writes (STATIC_ROOT, default var/static/); WhiteNoise serves it from there.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "var" / "static")
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Failed sign-ins are throttled per account name and per address (members/throttle.py), on every login path.
AUTHENTICATION_BACKENDS = ["members.backends.ThrottledModelBackend"]
# Behind a reverse proxy, the request header holding the client's address, e.g. HTTP_X_FORWARDED_FOR.
MEMBERS_CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL

# Wagtail
WAGTAIL_SITE_NAME = _("日本首長連合 ナレッジサイト")
WAGTAIL_I18N_ENABLED = False  # translation is per field (modeltranslation), not per page tree
# The one base URL of the site (API v2 html_url, the Site record, emails): SITE_BASE_URL or WAGTAILADMIN_BASE_URL.
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_BASE_URL") or os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100

WAGTAILSEARCH_BACKENDS = search_backends(DATABASES["default"]["ENGINE"], os.environ)
# PostgreSQL: threads per process that count a search's facets on their own connection while the
# request ranks its matches (search/background.py); 0 computes everything in the request's query.
SEARCH_BACKGROUND_QUERIES = int(os.environ.get("SEARCH_BACKGROUND_QUERIES", "1"))

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Seminar recordings' video and audio files (wagtailmedia). They are kept outside MEDIA_ROOT, where no web server
# serves them; knowledge/recordings/views.py streams them (with byte ranges) after checking the page's privacy.
INSTALLED_APPS += ["wagtailmedia"]
WAGTAILMEDIA = {"MEDIA_MODEL": "knowledge.RecordingMedia"}
STORAGES["recording_media"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": os.environ.get("RECORDING_MEDIA_ROOT", str(BASE_DIR / "var" / "recording-media"))},
}
# Serving (docs/deploy.md): health checks first, then the log of slow requests; JSON log lines on stdout.
from email.utils import getaddresses  # noqa: E402

from core.logs import logging_settings  # noqa: E402

MIDDLEWARE = ["core.logs.SlowRequestMiddleware", "core.health.HealthCheckMiddleware", *MIDDLEWARE]
SLOW_REQUEST_MS = int(os.environ.get("SLOW_REQUEST_MS", "1000"))
# ADMINS="Name <a@example.org>, b@example.org": who gets a mail for each 500 (and Django's other error mails).
ADMINS = [(name or email, email) for name, email in getaddresses([os.environ.get("ADMINS", "")]) if email]
LOGGING = logging_settings(os.environ.get("LOG_LEVEL", "INFO"), mail_admins=bool(ADMINS))
# Reused connections are checked before each request: after a PostgreSQL restart no request fails.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
# Per-client request limits (core/ratelimit.py): RATE_LIMIT_<KIND>="COUNT/SECONDS" per client address
# ("off" or 0: none). Behind a proxy set CLIENT_IP_HEADER, or every visitor shares the proxy's address.
RATE_LIMITS = rate_limits(os.environ, {"search": "60/60", "api": "120/60", "login": "30/300"})
RATE_LIMIT_RULES = [
    ("search", r"^/[a-z]{2}/search/$", ("GET", "HEAD")),
    ("search", r"^/[a-z]{2}/export/search\.csv$", ("GET", "HEAD")),
    ("search", r"^/api/search/$", ("GET", "HEAD")),
    ("api", r"^/api/v2/", ("GET", "HEAD")),
    ("login", r"^/admin/login/$", ("POST",)),
    ("login", r"^/[a-z]{2}/accounts/login/$", ("POST",)),
]
RATE_LIMIT_EXEMPT_PATHS = ["/healthz", "/readyz"]
MIDDLEWARE += ["core.ratelimit.RateLimitMiddleware"]
# An admin search while the search cluster does not answer: a message, never a 500 (search/admin_unavailable.py).
MIDDLEWARE += ["search.admin_unavailable.AdminSearchUnavailableMiddleware"]
# The admin login says when, and for how long, signing in is locked (members/throttle.py).
WAGTAILADMIN_USER_LOGIN_FORM = "members.forms.AdminLoginForm"
# The admin (editors): Japanese or English as each user chooses in their account; both languages' fields shown
# side by side, the editor's choice of languages remembered in the browser; no Gravatar (blocked offline and
# inside municipal networks: Wagtail's own avatar instead).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILMODELTRANSLATION_LOCALE_PICKER_DEFAULT = MODELTRANSLATION_LANGUAGES
WAGTAILMODELTRANSLATION_LOCALE_PICKER_RESTORE = True
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Media (docs/deploy.md, "Media and backups"). Who may download a file: core/media.py. Local files are served
# by the app (core.media.serve_media), or handed to the proxy by X-Accel-Redirect when
# MEDIA_ACCEL_REDIRECT_PREFIX names its internal location; documents always go through /documents/<id>/<name>.
MEDIA_SERVE = True
MEDIA_CACHE_SECONDS = int(os.environ.get("MEDIA_CACHE_SECONDS", "3600"))
MEDIA_ACCEL_REDIRECT_PREFIX = os.environ.get("MEDIA_ACCEL_REDIRECT_PREFIX", "")
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Origins besides the site's own that pages load media from (object storage), for the Content-Security-Policy.
MEDIA_ORIGINS = []

# Content-Security-Policy and Permissions-Policy (core/security.py; docs/deploy.md, "Security headers").
MIDDLEWARE.insert(MIDDLEWARE.index("core.cache.AnonymousPageCacheMiddleware") + 1, "core.security.SecurityHeadersMiddleware")
CSP_FRAME_SOURCES = ["https://www.youtube-nocookie.com"]  # the recordings' players
CSP_REPORT_ONLY = os.environ.get("CSP_REPORT_ONLY", "") == "1"
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatars from outside: the admin works offline and under the CSP
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin asks no outside server for new releases

# Upload limits: each image and document (Wagtail says so in the admin form), and any request body
# (core.security.RequestSizeLimitMiddleware answers 413); the proxy's own limit should match (client_max_body_size).
WAGTAILIMAGES_MAX_UPLOAD_SIZE = int(os.environ.get("IMAGE_MAX_UPLOAD_MB", "10")) * 1024 * 1024
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("DOCUMENT_MAX_UPLOAD_MB", "20")) * 1024 * 1024
UPLOAD_MAX_REQUEST_SIZE = max(WAGTAILIMAGES_MAX_UPLOAD_SIZE, WAGTAILDOCS_MAX_UPLOAD_SIZE) + 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024  # form fields without files (a long page's StreamField JSON)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads are spooled to a temporary file
_security = MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
MIDDLEWARE.insert(_security + 1, "core.security.RequestSizeLimitMiddleware")
