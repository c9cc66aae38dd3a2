"""A map of Japan by prefecture as inline SVG: shapes from knowledge/data/japan_prefectures.json (built from the
japanmap package by `build_japan_map`), shaded by the number of case studies the visitor may see, each prefecture
a link to the case-study list filtered by it. Cached by content generation, language and audience (core.cache)."""

import json
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from django.db.models import Count

from core.cache import generation
from core.languages import current_language
from core.visibility import visible_pages
from knowledge.models.pages import CaseStudyPage, Prefecture, Region

MAP_FILE = Path(__file__).parent / "data" / "japan_prefectures.json"
SHADES = ("#e6ebf0", "#a9c7e4", "#6a9fd0", "#2f6ea8", "#123f6e")  # none, then four steps up to the most
CACHE_SECONDS = 3600


@lru_cache(maxsize=1)
def shapes():
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


def _shade(count, most):
    if not count:
        return SHADES[0]
    step = 1 + min(3, (count - 1) * 4 // max(most, 1))
    return SHADES[step]


def case_study_counts(user):
    """{prefecture id: case studies the user may see}."""
    rows = visible_pages(CaseStudyPage.objects.filter(municipality__isnull=False), user)
    return dict(rows.values_list("municipality__prefecture_id").annotate(n=Count("pk")).order_by())


def prefecture_map(user, list_url, counts=None):
    """What the map template shows: viewBox, inset frame, and per prefecture name, count, shade, link and path.
    `counts` ({prefecture id: case studies the user may see}) when the caller has them already, else counted."""
    audience = "members" if user and user.is_authenticated else "public"
    key = f"japan-map:{generation()}:{current_language()}:{audience}:{list_url}"
    found = cache.get(key)
    if found is None:
        found = _build(list_url, case_study_counts(user) if counts is None else counts)
        cache.set(key, found, CACHE_SECONDS)
    return found


def _build(list_url, counts):
    data = shapes()
    most = max(counts.values(), default=0)
    regions = dict(Region.choices)
    prefectures = []
    for prefecture in Prefecture.objects.order_by("code"):
        count = counts.get(prefecture.pk, 0)
        prefectures.append(
            {
                "code": prefecture.code,
                "name": prefecture.name,
                "region": str(regions.get(prefecture.region, "")),
                "count": count,
                "fill": _shade(count, most),
                "url": f"{list_url}?prefecture={prefecture.code}",
                "path": data["paths"][str(prefecture.code)],
            }
        )
    return {
        "width": data["width"],
        "height": data["height"],
        "inset": data["inset"],
        "prefectures": prefectures,
        "total": sum(counts.values()),
    }
