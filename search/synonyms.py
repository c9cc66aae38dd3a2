"""The editors' synonym groups (SearchSynonym snippets) for the engine (japanese_search.synonyms), read again
after any change (a saved or deleted group starts a new content generation: search/apps.py)."""

from functools import lru_cache

from core.cache import generation
from search.models import SearchSynonym


def synonym_groups() -> tuple[tuple[str, ...], ...]:
    """Groups of words, one per SearchSynonym (one small query per content generation)."""
    return _synonym_groups(generation())


@lru_cache(maxsize=1)
def _synonym_groups(_generation) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(group.terms()) for group in SearchSynonym.objects.all())
