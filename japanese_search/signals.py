"""Signals the engine sends; the site connects what it needs (e.g. dropping cached answers)."""

from django.dispatch import Signal

# Sent after every write to the index (add_items, delete_item) of a Japanese backend, with
# sender=the backend's index class and index=the index instance.
index_changed = Signal()
# Sent when a live write to an Elasticsearch/OpenSearch index failed because the cluster did not answer
# (japanese_search.backends.cluster), with sender=the backend class, backend, model, pks and deleted (bool):
# the write is not retried by the engine; a site queues it and retries it later.
index_write_failed = Signal()
