"""Health checks for the load balancer and the orchestrator: `/healthz` (liveness) and `/readyz` (readiness).

Answered by the first middleware, before anything else runs: no host check, no HTTPS redirect, no language
prefix, no session, no page cache, no throttling (the proxy calls them over plain http, by address).

- `/healthz`: the process answers. Touches no database, cache or index: 200 `{"status": "alive"}`.
- `/readyz`: each dependency is asked once, with its time in milliseconds: the database (`SELECT 1`), the
  cache (write and read back a key; "degraded" while Redis is unreachable and the database cache answers),
  the search backend (a cluster's ping, or one search on the database backend) and whether every migration
  is applied. 200 when all are usable, else 503 (the failing check says why).
"""

import json
import logging
import time
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse

logger = logging.getLogger("core.health")

LIVENESS_PATHS = ("/healthz", "/healthz/")
READINESS_PATHS = ("/readyz", "/readyz/")
SEARCH_PING_SECONDS = 2

_migrations_applied = False  # once true it stays true: a process never loses a migration


def check_database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache():
    key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the value written could not be read back")
    cache.delete(key)
    state = getattr(cache, "state", None)  # core.fallback_cache: Redis down, the database answers
    return "degraded" if state is not None and state.down_since is not None else "ok"


def check_search():
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    client = getattr(backend, "es", None)
    if client is not None:  # Elasticsearch / OpenSearch
        client = client.options(request_timeout=SEARCH_PING_SECONDS) if hasattr(client, "options") else client
        if not client.ping():
            raise RuntimeError("the search cluster does not answer")
        return "ok"
    list(backend.search("readyz", Page)[:1])
    return "ok"


def check_migrations():
    global _migrations_applied
    if not _migrations_applied:
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise RuntimeError(f"{len(pending)} migrations not applied (first: {pending[0][0]})")
        _migrations_applied = True
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "search": check_search, "migrations": check_migrations}


def run_checks():
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = {"state": check()}
        except Exception as error:  # any failure makes the instance not ready, and says why
            result = {"state": "failing", "error": f"{type(error).__name__}: {error}"[:300]}
            logger.warning("readiness_check_failed", extra={"check": name, "error": result["error"]})
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    return results


def json_response(body, status):
    response = HttpResponse(json.dumps(body), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Keep it first in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path in LIVENESS_PATHS:
            return json_response({"status": "alive"}, 200)
        if request.path in READINESS_PATHS:
            checks = run_checks()
            ready = all(result["state"] != "failing" for result in checks.values())
            return json_response({"status": "ready" if ready else "not ready", "checks": checks}, 200 if ready else 503)
        return self.get_response(request)
