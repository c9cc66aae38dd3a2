"""Index writes the search cluster missed, kept in the database and written again.

A save or publish never waits on a cluster that does not answer (japanese_search.backends.cluster): the engine
hands the write over (`signals.index_write_failed`) and `queue_failed_write` keeps it as a PendingIndexUpdate.
`retry()` writes them again (`manage.py retry_search_index`, every minute from cron); `update_index` rebuilds
the whole index and then drops those queued before it started.
"""

import logging

from django.apps import apps
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import get_indexed_instance

from japanese_search.backends.cluster import SearchUnavailable, raise_write_failures
from search.models import PendingIndexUpdate

logger = logging.getLogger("search.index_queue")


def queue_failed_write(sender, model, pks, deleted=False, **kwargs):
    """signals.index_write_failed receiver: keep (or refresh) one row per object."""
    now = timezone.now()
    rows = [
        PendingIndexUpdate(
            app_label=model._meta.app_label, model_name=model._meta.model_name, object_id=str(pk), deleted=deleted, queued_at=now
        )
        for pk in pks
    ]
    with transaction.atomic():
        PendingIndexUpdate.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["app_label", "model_name", "object_id"],
            update_fields=["deleted", "queued_at"],
        )


def _cluster_backends():
    backends = get_search_backends_with_name(with_auto_update=True)
    return [backend for _name, backend in backends if hasattr(backend, "cluster_call")]


def _write(row, backends):
    model = apps.get_model(row.app_label, row.model_name)
    obj = None if row.deleted else model._default_manager.filter(pk=row.object_id).first()
    indexed = get_indexed_instance(obj) if obj is not None else None
    for backend in backends:
        if indexed is not None:
            backend.add(indexed)
        else:  # deleted, or no longer indexed: remove its entry
            backend.delete(model(pk=model._meta.pk.to_python(row.object_id)))


def retry(limit=None):
    """Write the queued updates, oldest first, until the cluster fails again. Returns (written, still queued)."""
    backends = _cluster_backends()
    written = 0
    rows = list(PendingIndexUpdate.objects.all()[:limit]) if backends else []
    with raise_write_failures():
        for row in rows:
            try:
                _write(row, backends)
            except SearchUnavailable as error:
                logger.warning("Queued index updates wait: the search cluster is unavailable (%s)", error)
                PendingIndexUpdate.objects.filter(pk__in=[r.pk for r in rows[written:]]).update(attempts=F("attempts") + 1)
                break
            except LookupError:  # the model is gone (an app removed): nothing to write
                logger.warning("Queued index update for unknown model %s.%s dropped", row.app_label, row.model_name)
            # A newer failure of the same object while this ran keeps its row.
            PendingIndexUpdate.objects.filter(pk=row.pk, queued_at=row.queued_at).delete()
            written += 1
    return written, PendingIndexUpdate.objects.count()


def forget_before(moment):
    """After a full rebuild started at `moment`: the updates queued before it are in the new index."""
    return PendingIndexUpdate.objects.filter(queued_at__lt=moment).delete()[0]
