"""Wagtail's `update_index` (rebuild every search index), then the queued index writes (search/index_queue.py):
those queued before the rebuild started are in the new index; any queued during it are written again."""

from django.utils import timezone
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search import index_queue


class Command(WagtailUpdateIndex):
    help = "Rebuild the search index, then write the index updates the search cluster missed while it ran."

    def handle(self, **options):
        started = timezone.now()
        super().handle(**options)
        dropped = index_queue.forget_before(started)
        written, left = index_queue.retry()
        self.write(f"Queued index updates: {dropped} covered by the rebuild, {written} written, {left} still queued")
