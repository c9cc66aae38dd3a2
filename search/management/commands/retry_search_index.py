"""Write again the search index updates the Elasticsearch/OpenSearch cluster missed (search/index_queue.py).

Run it every minute from cron (docs/deploy.md); it does nothing on the database backends."""

from django.core.management.base import BaseCommand

from search import index_queue


class Command(BaseCommand):
    help = "Write the queued search index updates (saved while the search cluster did not answer)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="write at most this many")

    def handle(self, **options):
        written, left = index_queue.retry(options["limit"])
        self.stdout.write(f"{written} index updates written, {left} still queued")
