from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"

    def ready(self):
        from cms import cache  # noqa: F401  (connects the content-generation signals of the site's caches)
