"""System checks for serving: the cache must be shared by every process (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Error(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is not shared between processes: with several "
            "workers a publish or unpublish shows on one of them only, and each counts failed logins alone.",
            hint="Use cms.settings.production (Redis with REDIS_URL, else the database cache).",
            id="core.E001",
        )
    ]


def create_cache_tables(app_config=None, using="default", **kwargs):
    """pre_migrate and post_migrate: the database cache tables (Django's own and the Redis fallback's), so
    `migrate` suffices, even on an empty database whose first migrations already write to the cache.

    Sent once per app with models (core has none): done once, for contenttypes."""
    if app_config is None or app_config.label != "contenttypes":
        return
    from django.core.cache import caches
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
    for alias in settings.CACHES:
        table = getattr(caches[alias], "fallback_table", None)
        if table:
            call_command("createcachetable", table, database=using, verbosity=0)
