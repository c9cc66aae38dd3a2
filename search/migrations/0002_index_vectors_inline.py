"""PostgreSQL: keep each page's body vector inline in the search index's rows, uncompressed.

A search ranks every matching page with ts_rank, which reads each page's body vector. Stored the
default way (compressed and moved out of line to the TOAST table once a row passes 2 KB), that
read cost ~30 ms for 4,900 matches at 10,000 pages; inline and uncompressed it costs ~10 ms
(lz4 saves only ~7% on tsvectors). Rows stay inline up to a full 8 KB page; longer ones are
compressed (lz4, migration 0001) and, as a last resort, moved out of line as before.
Only the storage of Wagtail's table changes, not its columns. Values move when they are next
written, so existing sites run `manage.py update_index` once. No-op on other databases.
"""

from django.db import migrations

ROW_TARGET_BYTES = 8160  # the largest toast_tuple_target: a row's values stay inline up to a full page


def _set_storage(storage, row_target):
    def change(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
        target = f"SET (toast_tuple_target = {row_target})" if row_target else "RESET (toast_tuple_target)"
        schema_editor.execute(f"ALTER TABLE {table} {target}, ALTER COLUMN {schema_editor.quote_name('body')} SET STORAGE {storage}")

    return change


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index_lz4_compression")]

    operations = [migrations.RunPython(_set_storage("MAIN", ROW_TARGET_BYTES), _set_storage("EXTENDED", None))]
