"""What the two public JSON APIs (/api/search/ and /api/v2/) share: one error shape and cross-origin reading.

Errors: `{"error": "<message, in English>", "param": "<the query parameter at fault, or null>"}`, sent with
`Content-Language: en`.

Cross-origin (CORS): a partner's page may read a GET/HEAD answer (`Access-Control-Allow-Origin: *`, never
`Access-Control-Allow-Credentials`), and an OPTIONS preflight gets a 204. A request that carries the site's
session cookie gets no `Access-Control-Allow-Origin` at all: its answer may hold members-only pages, so no other
site's script may read it, whatever a browser does with credentials. Browsers only send the cookie cross-origin
when a script asks for credentials, and the anonymous answer (without the cookie) is the one partners get.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

CORS_METHODS = ("GET", "HEAD", "OPTIONS")
PREFLIGHT_MAX_AGE = 86400  # seconds a browser may remember the preflight


def error_body(message, param=None):
    """The body of an API error: the one shape both APIs answer with."""
    return {"error": str(message), "param": param}


def carries_session(request):
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def allow_cross_origin(request, response):
    """Let any site's script read this answer unless the request carries a session (see the module docstring)."""
    patch_vary_headers(response, ("Cookie",))
    if request.method in CORS_METHODS and not carries_session(request):
        response["Access-Control-Allow-Origin"] = "*"
    return response


def options_response():
    """The answer to OPTIONS, a CORS preflight included: which methods and request headers are allowed."""
    response = HttpResponse(status=204)
    response["Allow"] = response["Access-Control-Allow-Methods"] = ", ".join(CORS_METHODS)
    response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Type"
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def public_read_only(view):
    """A function view of a public read-only API: OPTIONS answered here, CORS headers on every answer."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return options_response()
        return allow_cross_origin(request, view(request, *args, **kwargs))

    return wrapper
