from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Japanese/English search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The engine (japanese_search) knows nothing of the site: hand it the organisations' names,
        # and renew the content generation (cached searches and pages) after every index write.
        from japanese_search import abbreviations, signals
        from search.names import organisation_names

        abbreviations.register_names_provider(organisation_names)
        signals.index_changed.connect(_index_changed, dispatch_uid="search.index_changed")


def _index_changed(sender, **kwargs):
    from cms.cache import new_generation

    new_generation()
