"""Read queries that run beside the request's own, on a second database connection.

A search's facet counts do not depend on its ranking, so PostgreSQL can work on both at once, on two
cores, while the request thread goes on to load the page of results (as Rails' `load_async` does for
independent queries). A query goes to the background only when that cannot change what it sees: the
request's connection is in autocommit mode (inside a transaction, its own uncommitted writes would be
invisible to another connection) and a background worker is idle. Otherwise the caller runs its
queries as before; if the background connection fails, the query runs again on the request's own.

Each worker thread keeps its own connection, checked and renewed as Django does for requests
(CONN_MAX_AGE). SEARCH_BACKGROUND_QUERIES sets the number of workers per process (0: none).
"""

import contextlib
import queue
import threading
from concurrent.futures import Future

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

_lock = threading.Lock()
_idle = None  # SimpleQueue of idle workers, made on first use (never before a fork)
_workers = []


class _Worker(threading.Thread):
    def __init__(self, idle):
        super().__init__(name=f"search-background-{len(_workers) + 1}", daemon=True)
        self.jobs, self.idle = queue.SimpleQueue(), idle

    def run(self):
        try:
            while (job := self.jobs.get()) is not None:
                self._answer(*job)
        finally:
            connections.close_all()

    def _answer(self, future, sql, params, using):
        connection = connections[using]  # this thread's own
        try:
            connection.close_if_unusable_or_obsolete()
            rows = _fetch(sql, params, using)
            connection.close_if_unusable_or_obsolete()
        except Exception as error:  # the request asks again on its own connection
            with contextlib.suppress(Exception):
                connection.close()  # the next query opens a new one
            self.idle.put(self)
            future.set_exception(error)
        except BaseException:  # this thread ends: it is not idle again
            future.set_exception(RuntimeError("the background query was interrupted"))
            raise
        else:
            self.idle.put(self)  # idle again before the request has its rows
            future.set_result(rows)


def _idle_workers():
    global _idle
    size = getattr(settings, "SEARCH_BACKGROUND_QUERIES", 0)
    with _lock:
        if _idle is None and size > 0:
            _idle = queue.SimpleQueue()
            for _ in range(size):
                worker = _Worker(_idle)
                _workers.append(worker)
                worker.start()
                _idle.put(worker)
        return _idle if size > 0 else None


def shutdown():
    """Stop the workers, closing their connections (e.g. before a test database is dropped)."""
    global _idle
    with _lock:
        for worker in _workers:
            worker.jobs.put(None)
        for worker in _workers:
            worker.join()
        _workers.clear()
        _idle = None


def _fetch(sql, params, using):
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _idle_queue(using):
    """The idle workers, if a query on `using` may go to one (not SQLite, not inside a transaction)."""
    connection = connections[using]
    if connection.vendor == "sqlite" or connection.in_atomic_block:
        return None
    return _idle_workers()


def can_start(using=DEFAULT_DB_ALIAS):
    """Whether a worker is idle now (a hint: another request may take it first), so a caller can skip
    building a query that could not go to the background."""
    idle = _idle_queue(using)
    return idle is not None and not idle.empty()


class BackgroundRows:
    """The rows of one read query running on a worker's connection; rows() waits for them."""

    def __init__(self, future, sql, params, using):
        self._future, self.sql, self.params, self.using = future, sql, params, using

    @classmethod
    def start(cls, sql, params=(), using=DEFAULT_DB_ALIAS):
        """Start the query in the background, or return None if it cannot run there now."""
        idle = _idle_queue(using)
        if idle is None:
            return None
        try:
            worker = idle.get_nowait()
        except queue.Empty:  # all busy with other requests' queries
            return None
        future = Future()
        worker.jobs.put((future, sql, params, using))
        return cls(future, sql, params, using)

    def rows(self):
        try:
            return self._future.result()
        except (DatabaseError, RuntimeError):  # e.g. its connection was lost: ask again on the request's own
            return _fetch(self.sql, self.params, self.using)
