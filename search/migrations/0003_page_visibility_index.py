"""PostgreSQL: an index with what a search needs to check each matching page's visibility.

A search joins its matches to the live, public knowledge pages: with this index PostgreSQL reads id, live,
path and content type from the index alone instead of scanning Wagtail's page table (~2 ms of ~35 for
4,900 matches at 10,000 pages; benchmarks/README.md). Listings filter on the same columns. An index on
Wagtail's table, not a change to it; no-op on other databases.
"""

from django.conf import settings
from django.db import migrations

INDEX = "search_page_visibility"


def _create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = schema_editor.quote_name(apps.get_model("wagtailcore", "Page")._meta.db_table)
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON {table} (id) INCLUDE (live, path, content_type_id)")


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_index_vectors_inline"), migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL)]

    operations = [migrations.RunPython(_create, _drop)]
