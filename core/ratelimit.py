"""Per-client request limits on the expensive endpoints: 429 Too Many Requests with Retry-After.

Each request whose path matches a rule of RATE_LIMIT_RULES ((kind, path pattern, methods)) counts against its
kind's limit in RATE_LIMITS ({kind: (requests, seconds)}): a fixed window per client address (core.clients,
behind a proxy the address it reports) in the default cache. Over the limit, pages get a 429 page in the
site's language and APIs (paths under /api/) a 429 in the APIs' error shape (core.public_api). Paths in
RATE_LIMIT_EXEMPT_PATHS (health checks) are never limited, and neither is a request when the cache fails.
Answers from the anonymous page cache come before this middleware and are never counted.
"""

import logging
import re
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import render

from core.clients import client_key
from core.public_api import allow_cross_origin, error_body

logger = logging.getLogger("core.ratelimit")


@lru_cache(maxsize=8)
def _compiled(rules):
    return [(kind, re.compile(pattern), frozenset(methods)) for kind, pattern, methods in rules]


def kind_of(request):
    """The limit this request counts against (a key of RATE_LIMITS), or None."""
    path = request.path_info
    if any(path.startswith(exempt) for exempt in getattr(settings, "RATE_LIMIT_EXEMPT_PATHS", ())):
        return None
    rules = tuple((kind, pattern, tuple(methods)) for kind, pattern, methods in getattr(settings, "RATE_LIMIT_RULES", ()))
    for kind, pattern, methods in _compiled(rules):
        if request.method in methods and pattern.search(path):
            return kind
    return None


def count(kind, request, limit, window):
    """Count this request; seconds until the client may ask again when it is over the limit, else None."""
    now = time.time()
    start = int(now // window) * window
    key = f"ratelimit:{kind}:{start}:{client_key(request, 'ratelimit')}"
    try:
        hits = 1 if cache.add(key, 1, window + 1) else cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 1)
        hits = 1
    except Exception:  # the cache is down: better no limit than no site
        logger.warning("Rate limit %s not counted: the cache failed", kind, exc_info=True)
        return None
    if hits <= limit:
        return None
    if hits == limit + 1:  # once per client and window
        logger.warning("Rate limit %s: a client passed %d requests in %d s (%s)", kind, limit, window, request.path)
    return max(1, int(start + window - now) + 1)


def too_many_requests(request, retry_after):
    if request.path_info.startswith("/api/"):
        message = f"too many requests: try again in {retry_after} seconds"
        response = JsonResponse(error_body(message), status=429)
        response["Content-Language"] = "en"
        response = allow_cross_origin(request, response)
    else:
        response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        kind = kind_of(request)
        limit = getattr(settings, "RATE_LIMITS", {}).get(kind) if kind else None
        if limit:
            retry_after = count(kind, request, *limit)
            if retry_after:
                return too_many_requests(request, retry_after)
        return self.get_response(request)
