from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    """What visitors from outside and partner sites use: API, feeds, calendars, CSV, sitemap, SEO metadata, page cache."""

    name = "syndication"
    verbose_name = "Syndication"

    def ready(self):
        from . import cache  # noqa: F401  (connects the cache invalidation signals)
