from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Japanese/English search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The engine (japanese_search) knows nothing of the site: hand it the organisations' names,
        # and renew the content generation (cached searches and pages) after every index write.
        from core.cache import new_generation
        from japanese_search import abbreviations, signals
        from search.names import site_names

        abbreviations.register_names_provider(site_names)
        signals.index_changed.connect(new_generation, dispatch_uid="search.index_changed")
