"""Signals the engine sends; the site connects what it needs (e.g. dropping cached answers)."""

from django.dispatch import Signal

# Sent after every write to the index (add_items, delete_item) of a Japanese backend, with
# sender=the backend's index class and index=the index instance.
index_changed = Signal()
