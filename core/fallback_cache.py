"""A Redis cache that falls back to Django's database cache while Redis cannot be reached.

With Redis down, every cache call would raise and every page, search and login would answer 500. Here a
failing call marks Redis down for RETRY_SECONDS (for the whole process, so requests do not each wait for a
connection timeout) and the call is answered from the database cache instead; slower, but shared by every
worker. The first failure and each minute of an outage are logged, and the return logged once.

Both switches call ON_SWITCH (a dotted path, e.g. "core.cache.new_generation"): what the other store holds
may predate changes made meanwhile, so the site starts a new content generation in the store it now uses.

    CACHES = {"default": {
        "BACKEND": "core.fallback_cache.RedisWithDatabaseFallback",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "OPTIONS": {"FALLBACK_TABLE": "site_cache", "ON_SWITCH": "core.cache.new_generation"},
    }}
"""

import logging
import threading
import time

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.utils.module_loading import import_string
from redis.exceptions import RedisError

logger = logging.getLogger("core.cache")

RETRY_SECONDS = 5
LOG_EVERY_SECONDS = 60
REDIS_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
DELEGATED = ("add", "get", "set", "touch", "delete", "get_many", "set_many", "delete_many", "has_key", "incr", "decr")
FALLBACK_OPTIONS = ("MAX_ENTRIES", "CULL_FREQUENCY")

_states = {}  # one per Redis location and process, shared by the threads' cache objects
_states_lock = threading.Lock()


class _State:
    def __init__(self):
        self.down_since = None
        self.retry_at = 0.0
        self.logged_at = 0.0
        self.fallback_calls = 0


def _state(location):
    with _states_lock:
        return _states.setdefault(location, _State())


class RedisWithDatabaseFallback(BaseCache):
    def __init__(self, location, params):
        options = dict(params.get("OPTIONS", {}))
        table = options.pop("FALLBACK_TABLE", "site_cache")
        self.on_switch = options.pop("ON_SWITCH", None)
        fallback_options = {name: options.pop(name) for name in FALLBACK_OPTIONS if name in options}
        super().__init__(params)
        redis_params = {**params, "OPTIONS": {**REDIS_TIMEOUTS, **options}}
        self.primary = RedisCache(location, redis_params)
        self.fallback = DatabaseCache(table, {**params, "OPTIONS": fallback_options})
        self.fallback_table = table
        self.state = _state(location)

    def _call(self, name, *args, **kwargs):
        if self.state.down_since is not None and not self._back_up():
            return self._from_fallback(name, *args, **kwargs)
        try:
            return getattr(self.primary, name)(*args, **kwargs)
        except (RedisError, OSError) as error:
            self._mark_down(error)
            return self._from_fallback(name, *args, **kwargs)

    def _back_up(self):
        """While down: whether Redis answers again (asked once per RETRY_SECONDS)."""
        if time.monotonic() < self.state.retry_at:
            return False
        try:
            self.primary.has_key("fallback:probe")
        except (RedisError, OSError) as error:
            self._mark_down(error)
            return False
        self._mark_up()
        return True

    def _from_fallback(self, name, *args, **kwargs):
        self.state.fallback_calls += 1
        now = time.monotonic()
        if now - self.state.logged_at >= LOG_EVERY_SECONDS:
            self.state.logged_at = now
            logger.warning(
                "cache_fallback redis unreachable for %.0f s; %d cache calls answered by the database",
                now - self.state.down_since,
                self.state.fallback_calls,
            )
        return getattr(self.fallback, name)(*args, **kwargs)

    def _mark_down(self, error):
        state, now = self.state, time.monotonic()
        first = state.down_since is None
        state.retry_at = now + RETRY_SECONDS
        if first:
            state.down_since, state.logged_at, state.fallback_calls = now, now, 0
            logger.error("cache_down redis unreachable (%s: %s); using the database cache", type(error).__name__, error)
            self._switched()

    def _mark_up(self):
        state = self.state
        logger.warning(
            "cache_up redis reachable again after %.0f s; %d cache calls were answered by the database",
            time.monotonic() - state.down_since,
            state.fallback_calls,
        )
        state.down_since = None
        self._switched()

    def _switched(self):
        if self.on_switch:
            try:
                import_string(self.on_switch)()
            except Exception:  # a hook must not turn a cache switch into a failing request
                logger.exception("cache_switch_hook_failed %s", self.on_switch)

    def clear(self):
        self.fallback.clear()
        try:
            self.primary.clear()
        except (RedisError, OSError) as error:
            self._mark_down(error)

    def close(self, **kwargs):
        self.primary.close(**kwargs)
        self.fallback.close(**kwargs)


def _delegate(name):
    def method(self, *args, **kwargs):
        return self._call(name, *args, **kwargs)

    method.__name__ = name
    return method


for _name in DELEGATED:
    setattr(RedisWithDatabaseFallback, _name, _delegate(_name))
