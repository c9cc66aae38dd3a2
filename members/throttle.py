"""Counting failed logins in the cache (locmem in development and tests, Redis in production).

A fixed one-minute window per account name and per client address. The account key is the name
typed, whether or not such an account exists, so a refusal tells nothing about which accounts exist.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache

from core.clients import client_address  # the one place the client's address is read

WINDOW_SECONDS = 60


def _limits():
    return (
        getattr(settings, "MEMBERS_LOGIN_FAILURES_PER_ACCOUNT", 5),
        getattr(settings, "MEMBERS_LOGIN_FAILURES_PER_ADDRESS", 10),
    )


def _keys(request, username):
    name = hashlib.sha256((username or "").strip().casefold().encode()).hexdigest()[:32]
    return f"login-fail:account:{name}", f"login-fail:address:{client_address(request)}"


def is_throttled(request, username):
    return locked_for(request, username) > 0


def locked_for(request, username):
    """Seconds until this account name and address may sign in again (0: now)."""
    keys = _keys(request, username)
    values = cache.get_many([*keys, *(f"{key}:until" for key in keys)])
    now = time.time()
    waits = [
        max(1, math.ceil(values.get(f"{key}:until", now + WINDOW_SECONDS) - now))
        for key, limit in zip(keys, _limits(), strict=True)
        if values.get(key, 0) >= limit
    ]
    return max(waits, default=0)


def record_failure(request, username):
    for key in _keys(request, username):
        if cache.add(key, 0, WINDOW_SECONDS):
            cache.set(f"{key}:until", time.time() + WINDOW_SECONDS, WINDOW_SECONDS)
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
