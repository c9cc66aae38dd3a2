from django.apps import AppConfig


class SyndicationConfig(AppConfig):
    """What visitors from outside and partner sites use: API, feeds, calendars, CSV, sitemap, SEO metadata."""

    name = "syndication"
    verbose_name = "Syndication"
