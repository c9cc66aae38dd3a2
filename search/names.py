"""The site's names for the engine's abbreviations (japanese_search.abbreviations), read again after any
content change: every Organisation snippet's name and short name in Japanese and English, and for each
municipality that pages or people name, its name, reading and English name with and without the kind
(亀岡市 = かめおかし = かめおか = Kameoka City = Kameoka)."""

from functools import lru_cache

from django.db.models import Q, QuerySet

from core.cache import generation
from core.languages import LANGUAGE_CODES
from knowledge.models import Municipality, Organisation
from knowledge.romaji import english_name, split_kind

# Names without their kind whose reading is shorter name too many other things (津 = つ = Tsu).
MIN_STEM_CHARS = 3


def site_names() -> tuple[tuple[str, ...], ...]:
    """Groups of names, one per organisation and one per municipality with content (a few small queries
    per content generation)."""
    return _site_names(generation())


@lru_cache(maxsize=1)
def _site_names(_generation) -> tuple[tuple[str, ...], ...]:
    fields = [f"{name}_{lang}" for name in ("name", "short_name") for lang in LANGUAGE_CODES]
    # A plain QuerySet: the same columns, without modeltranslation's rewriting.
    organisations = tuple(QuerySet(model=Organisation).values_list(*fields))
    return organisations + municipality_names()


def municipality_names() -> tuple[tuple[str, ...], ...]:
    named = Q(pages__isnull=False) | Q(people__isnull=False)
    rows = QuerySet(model=Municipality).filter(named).exclude(kana="").values_list("name_ja", "name_en", "kana").distinct()
    return tuple(_municipality_group(*row) for row in rows)


def _municipality_group(name_ja, name_en, kana):
    stem, _kind = split_kind(name_ja or "", kana)
    romanised = english_name(name_ja or "", kana)
    latin_stem = romanised.rsplit(" ", 1)[0] if " " in romanised else romanised
    names = [name_ja, name_en, kana, romanised]
    if len(stem) >= MIN_STEM_CHARS:  # the name without its kind, in kana and in Latin letters
        english_stem = (name_en or "").removesuffix(" City").removesuffix(" Town").removesuffix(" Village")
        names += [stem, latin_stem, english_stem]
    return tuple(dict.fromkeys(n for n in names if n))
