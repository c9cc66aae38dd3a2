"""An Elasticsearch/OpenSearch cluster that may be down or slow, as the site sees it.

- A search the cluster cannot answer (connection refused, timed out, a 5xx or 429 answer) raises
  `SearchUnavailable`, so the site can say "search is temporarily unavailable" rather than fail.
- After such a failure the cluster counts as down for DOWN_SECONDS (a key in Django's cache, shared by every
  process): searches fail at once and live index writes are not tried, so no request waits on it meanwhile.
- A live index write that fails (backend.add, add_bulk, delete: saving and publishing) is not lost and does not
  fail the save: the backend sends `signals.index_write_failed` (model, ids, deleted) for the site to queue and
  retry. Inside `raise_write_failures()` (the retry itself) it raises SearchUnavailable instead.

Pure Python: the clients' exception classes are imported only when installed.
"""

import hashlib
import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

from japanese_search.modelsearch_private import ElasticsearchResultsHooks
from japanese_search.signals import index_write_failed

logger = logging.getLogger("japanese_search.cluster")

DOWN_SECONDS = 15  # how long a failed cluster counts as down (backend option DOWN_SECONDS)
SCROLL_SIZE = 1000  # hits per request when reading every match's id (ids only: small answers)

_raise_writes = ContextVar("japanese_search_raise_write_failures", default=False)


class SearchUnavailable(Exception):
    """The search cluster did not answer; `retry_after`: seconds until it is tried again."""

    def __init__(self, message="search is temporarily unavailable", retry_after=DOWN_SECONDS):
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))


def _client_errors():
    errors = []
    try:
        import elastic_transport

        errors += [elastic_transport.TransportError, elastic_transport.ApiError]
    except ImportError:
        pass
    try:
        from opensearchpy.exceptions import TransportError

        errors.append(TransportError)
    except ImportError:
        pass
    return tuple(errors)


def _status(error):
    """The HTTP status of a client error (elasticsearch's ApiError.meta, opensearch-py's status_code), or None."""
    status = getattr(getattr(error, "meta", None), "status", None)
    if status is None:
        status = getattr(error, "status_code", None)
    return status if isinstance(status, int) else None


def is_unavailable(error) -> bool:
    """Whether a client error means the cluster could not answer (rather than a bad request)."""
    if not isinstance(error, _client_errors()):
        return False
    status = _status(error)
    return status is None or status >= 500 or status == 429


@contextmanager
def raise_write_failures():
    """In this block a failed index write raises SearchUnavailable instead of being handed on to be queued."""
    token = _raise_writes.set(True)
    try:
        yield
    finally:
        _raise_writes.reset(token)


class ClusterGuardMixin:
    """Backend side: the down-for-a-while rule, and live index writes that never fail a save."""

    def __init__(self, params):
        self.down_seconds = int(params.pop("DOWN_SECONDS", DOWN_SECONDS))
        super().__init__(params)

    @property
    def down_key(self):
        hosts = hashlib.sha256(repr(self.hosts).encode()).hexdigest()[:16]
        return f"japanese_search:cluster-down:{hosts}:{self.index_prefix}"

    def down_for(self) -> int:
        """Seconds this cluster still counts as down (0: up)."""
        until = cache.get(self.down_key)
        return max(0, int(until - time.time()) + 1) if until else 0

    @contextmanager
    def cluster_call(self):
        """Talk to the cluster: SearchUnavailable at once while it is down, or when this call finds it down."""
        if wait := self.down_for():
            raise SearchUnavailable(retry_after=wait)
        try:
            yield
        except Exception as error:
            if not is_unavailable(error):
                raise
            logger.warning(
                "Search cluster unavailable (%s: %s); not tried for %d s", type(error).__name__, error, self.down_seconds
            )
            cache.set(self.down_key, time.time() + self.down_seconds, self.down_seconds)
            raise SearchUnavailable(retry_after=self.down_seconds) from error

    def _guarded_write(self, write, model, pks, deleted=False):
        try:
            with self.cluster_call():
                write()
        except SearchUnavailable:
            if _raise_writes.get():
                raise
            logger.warning(
                "Search index %s of %s %s queued: the cluster is unavailable",
                "delete" if deleted else "update",
                model.__name__,
                pks,
            )
            index_write_failed.send(sender=type(self), backend=self, model=model, pks=list(pks), deleted=deleted)

    def add(self, obj):
        self._guarded_write(lambda: super(ClusterGuardMixin, self).add(obj), type(obj), [obj.pk])

    def add_bulk(self, model, obj_list):
        obj_list = list(obj_list)
        self._guarded_write(lambda: super(ClusterGuardMixin, self).add_bulk(model, obj_list), model, [o.pk for o in obj_list])

    def delete(self, obj):
        self._guarded_write(lambda: super(ClusterGuardMixin, self).delete(obj), type(obj), [obj.pk], deleted=True)


class ClusterResultsMixin(ElasticsearchResultsHooks):
    """Results side: searches, counts and facets through cluster_call; `scored_pks()` reads every match's id and score."""

    def fetch_results(self, upstream):
        with self.backend.cluster_call():
            yield from upstream()

    def fetch_count(self, upstream):
        with self.backend.cluster_call():
            return upstream()

    def facet(self, field_name):
        """Counts by a field's values (the admin's page search counts by page type)."""
        with self.backend.cluster_call():
            return super().facet(field_name)

    def scored_pks(self):
        """[(pk as text, score)] of every match, best first: ids only, SCROLL_SIZE hits per request."""
        index = self.backend.get_index_for_model(self.query_compiler.queryset.model).name
        body = {"query": self.query_compiler.get_query()}
        params = {"index": index, "_source": False, self.fields_param_name: "pk", "size": SCROLL_SIZE, "scroll": "1m"}
        rows = []
        with self.backend.cluster_call():
            page = self.search_request(body, **params)
            while hits := page["hits"]["hits"]:
                rows += [(str(hit["fields"]["pk"][0]), hit.get("_score") or 0.0) for hit in hits]
                if len(hits) < SCROLL_SIZE or "_scroll_id" not in page:
                    break
                page = self.backend.es.scroll(scroll_id=page["_scroll_id"], scroll="1m")
            if "_scroll_id" in page:
                self.backend.es.clear_scroll(scroll_id=page["_scroll_id"])
        return rows
