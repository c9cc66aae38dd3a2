"""The site's names for the engine's abbreviations (japanese_search.abbreviations): every Organisation
snippet's name and short name, in Japanese and English, read again after any content change."""

from functools import lru_cache

from django.db.models import QuerySet

from core.cache import generation
from core.languages import LANGUAGE_CODES
from knowledge.models import Organisation


def organisation_names() -> tuple[tuple[str, ...], ...]:
    """Groups of names, one per organisation (one small query per content generation)."""
    return _organisation_names(generation())


@lru_cache(maxsize=1)
def _organisation_names(_generation) -> tuple[tuple[str, ...], ...]:
    fields = [f"{name}_{lang}" for name in ("name", "short_name") for lang in LANGUAGE_CODES]
    # A plain QuerySet: the same columns, without modeltranslation's rewriting.
    return tuple(QuerySet(model=Organisation).values_list(*fields))
