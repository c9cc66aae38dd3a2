"""Per-request memory for lookups that cannot change while one request is answered."""

from contextvars import ContextVar

_memo: ContextVar[dict | None] = ContextVar("core_request_memo", default=None)


def remembered(key, compute):
    """compute(), once per request (every time outside a request)."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


class RequestMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
