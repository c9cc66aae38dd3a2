"""PostgreSQL: keep the search index's tsvector columns compressed with lz4 instead of pglz.

A search ranks every matching page with ts_rank, which decompresses each page's body vector:
with pglz that took ~35 ms for 4,900 matches at 10,000 pages, with lz4 ~20 ms (benchmarks/README.md).
Only the storage of Wagtail's table changes, not its columns. Values are recompressed when they are
written, so existing sites run `manage.py update_index` once. No-op on other databases and on
PostgreSQL servers without lz4 (before 14, or built without it).
"""

from django.db import migrations

COLUMNS = ("title", "body", "autocomplete")


def _lz4_available(cursor):
    cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
    return cursor.fetchone() is not None


def _set_compression(method):
    def change(apps, schema_editor):
        connection = schema_editor.connection
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            if not _lz4_available(cursor):
                return
        table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
        changes = ", ".join(f"ALTER COLUMN {schema_editor.quote_name(column)} SET COMPRESSION {method}" for column in COLUMNS)
        schema_editor.execute(f"ALTER TABLE {table} {changes}")

    return change


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(_set_compression("lz4"), _set_compression("pglz"))]
