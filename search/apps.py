from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Japanese/English search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The engine (japanese_search) knows nothing of the site: hand it the organisations' names,
        # and renew the content generation (cached searches and pages) after every index write.
        from django.db.models.signals import post_delete, post_save

        from core.cache import new_generation
        from japanese_search import abbreviations, signals, synonyms
        from knowledge.related import register_text_ranking
        from search.index_queue import queue_failed_write
        from search.matching import ranked_page_ids
        from search.models import SearchSynonym
        from search.names import site_names
        from search.synonyms import synonym_groups

        abbreviations.register_names_provider(site_names)
        # Related pages read the words' matches through the index's fast path (search/matching.py).
        register_text_ranking(ranked_page_ids)
        signals.index_changed.connect(new_generation, dispatch_uid="search.index_changed")
        # Index writes the search cluster missed are kept and written again (search/index_queue.py).
        signals.index_write_failed.connect(queue_failed_write, dispatch_uid="search.index_write_failed")
        # The editors' synonyms apply from the next search: a change starts a new generation (no reindex).
        synonyms.register_synonyms_provider(synonym_groups)
        for signal in (post_save, post_delete):
            signal.connect(new_generation, sender=SearchSynonym, dispatch_uid=f"search.synonym_{signal is post_save}")
