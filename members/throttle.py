"""Counting failed logins in the cache (locmem in development and tests, Redis in production).

A fixed one-minute window per account name and per client address. The account key is the name
typed, whether or not such an account exists, so a refusal tells nothing about which accounts exist.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def _limits():
    return (
        getattr(settings, "MEMBERS_LOGIN_FAILURES_PER_ACCOUNT", 5),
        getattr(settings, "MEMBERS_LOGIN_FAILURES_PER_ADDRESS", 10),
    )


def client_address(request):
    """REMOTE_ADDR, or behind a reverse proxy the header it sets (MEMBERS_CLIENT_IP_HEADER, e.g.
    HTTP_X_FORWARDED_FOR: its last entry, the one the proxy added)."""
    if request is None:
        return "unknown"
    header = getattr(settings, "MEMBERS_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        entries = [entry.strip() for entry in request.META[header].split(",") if entry.strip()]
        if entries:
            return entries[-1]
    return request.META.get("REMOTE_ADDR") or "unknown"


def _keys(request, username):
    name = hashlib.sha256((username or "").strip().casefold().encode()).hexdigest()[:32]
    return f"login-fail:account:{name}", f"login-fail:address:{client_address(request)}"


def is_throttled(request, username):
    account_limit, address_limit = _limits()
    account_key, address_key = _keys(request, username)
    counts = cache.get_many([account_key, address_key])
    return counts.get(account_key, 0) >= account_limit or counts.get(address_key, 0) >= address_limit


def record_failure(request, username):
    for key in _keys(request, username):
        cache.add(key, 0, WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW_SECONDS)


def clear_account(request, username):
    cache.delete(_keys(request, username)[0])


def count_request(kind, value, limit, window=3600):
    """A general counter for other abuse-prone actions (password reset emails). True while under the limit."""
    key = f"throttle:{kind}:{hashlib.sha256(str(value).casefold().encode()).hexdigest()[:32]}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    return count <= limit
