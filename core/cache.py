"""The site's content generation, and a whole-response cache for anonymous visitors built on it.

The generation changes on every content or index change; cached pages (here) and cached search answers
(search.service) include it in their keys, so nothing cached outlives a change.

Only these responses are stored: GET/HEAD by a visitor with no session cookie, status 200, no Set-Cookie, not
marked private, from a Wagtail page with no view restriction (or a view marked `cache_anonymous`). A CSRF token
in a form (e.g. "log in to bookmark") is replaced by the visitor's own on every hit. Members and editors always
get a fresh response, and a members-only page is never stored. Any publish, unpublish, move or delete, or a
change to a page or snippet, starts a new cache generation (signals connected by CoreConfig.ready).
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import cc_delim_re
from wagtail.models import PageViewRestriction, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.visibility import view_restrictions

CACHE_SECONDS = 300
GENERATION_KEY = "site:content-generation"
BYPASS_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
MAX_KEY_QUERY = 512
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# Changes to models of these apps (by label) change what pages show: they start a new generation.
CONTENT_APP_LABELS = ("knowledge", "home", "wagtailcore", "wagtailimages", "wagtaildocs")
IGNORED_APP_LABELS = ("sessions", "admin", "contenttypes")


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = timezone.now().timestamp()
        cache.add(GENERATION_KEY, value, None)
    return value


def new_generation(**_kwargs):
    cache.set(GENERATION_KEY, timezone.now().timestamp(), None)


def cache_key(request):
    # today's date is part of the key: notice statuses change at midnight
    raw = "|".join((request.get_host(), request.get_full_path(), str(timezone.localdate()), str(generation()), request.method))
    return "site:page:" + hashlib.sha256(raw.encode()).hexdigest()


def may_use_cache(request):
    return (
        request.method in ("GET", "HEAD")
        and not any(name in request.COOKIES for name in BYPASS_COOKIES)
        and len(request.META.get("QUERY_STRING", "")) <= MAX_KEY_QUERY
        and "preview" not in request.GET
    )


def storable(request, response):
    if response.status_code != 200 or response.cookies or getattr(response, "streaming", False):
        return False
    cache_control = {part.strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))}
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    page = getattr(request, "served_page", None)
    if page is not None:
        return not view_restrictions(page)
    return getattr(request, "cacheable_view", False)


class AnonymousPageCacheMiddleware:
    """Place after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        usable = may_use_cache(request)
        key = cache_key(request) if usable else None
        if key:
            cached = cache.get(key)
            if cached is not None:
                response, uses_csrf = cached
                if uses_csrf:  # a form on the page (e.g. "log in to bookmark"): this visitor's own token
                    token = get_token(request).encode()
                    response.content = CSRF_INPUT.sub(lambda m: m.group(1) + token + m.group(2), response.content)
                response["X-Page-Cache"] = "hit"
                return response
        response = self.get_response(request)
        if key and storable(request, response):
            response["X-Page-Cache"] = "miss"
            cache.set(key, (response, bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))), CACHE_SECONDS)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "cache_anonymous", False):
            request.cacheable_view = True


def remember_served_page(page, request, *args, **kwargs):
    """`before_serve_page` hook: the middleware needs the page to check its restrictions."""
    request.served_page = page


def on_model_change(sender, **kwargs):
    if sender is Revision or sender._meta.app_label in IGNORED_APP_LABELS:
        return
    if sender is PageViewRestriction or sender._meta.app_label in CONTENT_APP_LABELS:
        new_generation()


def connect_generation_signals():
    """Publishing, unpublishing, moving, and saving or deleting content start a new generation."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(new_generation, dispatch_uid=f"site-cache-{signal!r}")
    post_save.connect(on_model_change, dispatch_uid="site-cache-save")
    post_delete.connect(on_model_change, dispatch_uid="site-cache-delete")
