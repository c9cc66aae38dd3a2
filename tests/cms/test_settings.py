"""cms: the project's top layer (settings, URLs): the shared middleware and apps are wired in."""

from django.conf import settings
from django.urls import reverse


def test_core_is_installed_before_the_apps_that_use_it():
    apps = settings.INSTALLED_APPS
    assert apps.index("core") < min(apps.index(app) for app in ("home", "knowledge", "search", "members", "syndication"))


def test_the_request_memo_wraps_everything_and_the_page_cache_follows_authentication():
    middleware = settings.MIDDLEWARE
    sessions = middleware.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert middleware.index("core.memo.RequestMemoMiddleware") < sessions
    assert middleware.index("core.cache.AnonymousPageCacheMiddleware") > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )


def test_translated_fields_cover_the_site_languages():
    assert settings.MODELTRANSLATION_LANGUAGES == tuple(code for code, _name in settings.LANGUAGES) == ("ja", "en")


def test_the_urls_are_mounted():
    assert reverse("login").endswith("/accounts/login/")
