"""The site's 500 handler: a database that cannot be reached is a 503 ("try again shortly"), not a 500.

While PostgreSQL restarts or fails over, requests that need it fail with OperationalError/InterfaceError.
The visitor gets the friendly 503 page with Retry-After, and the log one short `database_unavailable` line per
request instead of a traceback and a mail to the administrators. Any other error stays a 500 (logged with its
traceback by django.request, mailed to ADMINS).
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger("core.errors")

RETRY_AFTER_SECONDS = 10


def database_unavailable(error):
    """The database error in an exception's chain of causes, if there is one."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, (OperationalError, InterfaceError)):
            return error
        error, seen = error.__cause__ or error.__context__, seen + 1
    return None


def server_error(request, *args, **kwargs):
    outage = database_unavailable(sys.exc_info()[1])
    if outage is None:
        return HttpResponseServerError(loader.get_template("500.html").render())
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    logger.warning(
        "database_unavailable",
        extra={"method": request.method, "path": request.path, "status": 503, "error": str(outage).strip()[:300]},
    )
    response._has_been_logged = True  # Django's own log of 5xx (a traceback, a mail to ADMINS) is skipped
    return response
