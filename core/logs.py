"""Logs as one JSON object per line on stdout, and the log of slow requests.

Each line holds `ts`, `level`, `logger`, `event` (the message), the request's `method`, `path` and `status`
when the record has them, any `extra` fields, and `exc` (the traceback) for errors. `logging_settings`
builds settings.LOGGING: Django's failing requests (500 with the traceback), the site's own loggers (slow
requests, the cache, search, health), background jobs (django_tasks), gunicorn's errors; mail to ADMINS on
a 500 when ADMINS is set.
"""

import json
import logging
import time

from django.conf import settings

slow_logger = logging.getLogger("core.requests")

STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
SKIPPED_ATTRS = {"request", "status_code", "server_time"}


# gunicorn's access log atoms -> our field names (cms/gunicorn.conf.py hands gunicorn's loggers to this formatter)
ACCESS_ATOMS = {
    "p": "pid",
    "h": "remote",
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "ms",
    "a": "ua",
}


class JsonLinesFormatter(logging.Formatter):
    def format(self, record):
        if record.name == "gunicorn.access" and hasattr(record.args, "__getitem__") and not isinstance(record.args, tuple):
            return self.access_line(record)
        line = {
            "ts": self.timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "META"):
            line["method"] = request.method
            line["path"] = request.get_full_path()
        if getattr(record, "status_code", None) is not None:
            line["status"] = record.status_code
        for name, value in vars(record).items():
            if name not in STANDARD_ATTRS and name not in SKIPPED_ATTRS:
                line[name] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)

    def timestamp(self, record):
        return self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z"

    def access_line(self, record):
        line = {"ts": self.timestamp(record), "level": "INFO", "logger": "access"}
        for atom, name in ACCESS_ATOMS.items():
            value = record.args[atom]
            line[name] = int(value) if name in ("status", "ms") and str(value).isdigit() else value
        line["pid"] = str(line["pid"]).strip("<>")
        return json.dumps(line, ensure_ascii=False)

    converter = time.gmtime


def logging_settings(level="INFO", mail_admins=False):
    handlers = ["stdout", "mail_admins"] if mail_admins else ["stdout"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "core.logs.JsonLinesFormatter"}},
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "handlers": {
            "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["require_debug_false"],
            },
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            "django": {"handlers": ["stdout"], "level": level, "propagate": False},
            "django.request": {"handlers": handlers, "level": "WARNING", "propagate": False},
            "django.server": {"handlers": ["stdout"], "level": "INFO", "propagate": False},  # runserver's lines
            "django_tasks": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        },
    }


class SlowRequestMiddleware:
    """Logs each request that took longer than SLOW_REQUEST_MS (milliseconds; 0 turns it off)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.threshold_ms = getattr(settings, "SLOW_REQUEST_MS", 1000)

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        if self.threshold_ms and elapsed_ms >= self.threshold_ms:
            slow_logger.warning(
                "slow_request",
                extra={
                    "method": request.method,
                    "path": request.get_full_path(),
                    "status": response.status_code,
                    "ms": round(elapsed_ms),
                    "threshold_ms": self.threshold_ms,
                },
            )
        return response
