from django.apps import AppConfig
from django.db.models.signals import post_migrate


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
        post_migrate.connect(create_cache_tables, dispatch_uid="core-cache-tables")
