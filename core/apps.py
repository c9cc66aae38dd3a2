from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class CoreConfig(AppConfig):
    """What every app of the site shares; imports no other app of the project (docs/architecture.md)."""

    name = "core"

    def ready(self):
        from core import checks  # noqa: F401 (registers the system checks)
        from core.cache import connect_generation_signals
        from core.checks import create_cache_tables
        from core.field_languages import explain_english_fields

        connect_generation_signals()
        explain_english_fields()
        # Before the first migration too: Wagtail's own migrations save pages, which starts a new content
        # generation in the cache, and under production settings without Redis the cache is that table.
        pre_migrate.connect(create_cache_tables, dispatch_uid="core-cache-tables-before")
        post_migrate.connect(create_cache_tables, dispatch_uid="core-cache-tables")
