"""Search index writes waiting for the search cluster (search/index_queue.py)."""

from django.db import models


class PendingIndexUpdate(models.Model):
    """An object whose search entry could not be written because the Elasticsearch/OpenSearch cluster did not
    answer: written again by `retry_search_index` (cron) or made moot by `update_index`."""

    app_label = models.CharField(max_length=100)
    model_name = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    deleted = models.BooleanField(default=False)  # the object was deleted: remove its entry
    queued_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["app_label", "model_name", "object_id"], name="search_pending_unique")]
        ordering = ["queued_at", "pk"]

    def __str__(self):
        return f"{self.app_label}.{self.model_name} {self.object_id}{' (deleted)' if self.deleted else ''}"
