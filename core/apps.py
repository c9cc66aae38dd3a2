from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app of the site shares; imports no other app of the project (docs/architecture.md)."""

    name = "core"

    def ready(self):
        from core.cache import connect_generation_signals
        from core.field_languages import explain_english_fields

        connect_generation_signals()
        explain_english_fields()
