"""gunicorn's settings for the site: `gunicorn -c cms/gunicorn.conf.py cms.wsgi` (docs/deploy.md).

Every value can be changed from the environment. Sync workers: each answers one request at a time, so
WEB_CONCURRENCY (default 4; about 2 per core) bounds the requests served at once per server.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
worker_class = "sync"
# A request taking longer is killed (its worker restarted) and logged; the proxy's timeout should be longer.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Each worker is replaced after about this many requests (jitter: not all at once), bounding slow leaks.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# The application (models, URL patterns, the search analyser's dictionary) loads once, before the workers
# fork: less memory, faster restarts of a worker. A code change needs a restart of the master, not HUP.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() == "true"
# Requests only from the proxy: it sets X-Forwarded-Proto (and the client's address, CLIENT_IP_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
limit_request_line = 8190
# gunicornc's control socket only where asked for (its default path is one per user, not per site).
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# One JSON line per request on stdout (core.logs.JsonLinesFormatter): pid (the worker), remote, method, path,
# query, status, bytes, ms (time in the worker), ua. gunicorn's own lines are JSON too.
access_log_format = "%(h)s %(m)s %(U)s %(s)s"  # the formatter reads the fields themselves
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logs.JsonLinesFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["stdout"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}

raw_env = ["DJANGO_SETTINGS_MODULE=" + os.environ.get("DJANGO_SETTINGS_MODULE", "cms.settings.production")]


def post_fork(server, worker):
    """What the master opened while loading the application must not be shared by the workers."""
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    caches.close_all()
