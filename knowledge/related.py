"""Related pages of a case study or a recording, ranked, for the "関連する事例" list on its page.

A candidate scores by the themes it shares, by place (same municipality, prefecture or region; a municipality
of the same kind: 市, 町, 村), and by how well the search index (the site's own analysis, in the page's language)
matches it to the page's title and summary. Editors pin pages (always shown first, in the order the editor set:
`pinned_related_pages`) and exclude pages (`excluded_related_pages`), chosen in the page editor. Only pages the
visitor may see are ever listed, pinned or not. The ranked ids are cached per content generation, audience and
language; the cards are read in one query.
"""

import logging

from django.core.cache import cache
from django.db.models import Count, FloatField, Q, Value
from django.db.models.expressions import Case, When
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend

from core.cache import generation
from core.languages import current_language
from core.visibility import visible_pages
from japanese_search.backends.common import search_in_language

from .models import CaseStudyPage, KnowledgePage, SeminarRecordingPage

logger = logging.getLogger(__name__)

RELATED_LIMIT = 5
RELATED_TYPES = (CaseStudyPage, SeminarRecordingPage)
SHARED_THEME, SAME_MUNICIPALITY, SAME_PREFECTURE, SAME_REGION, SAME_KIND = 3.0, 2.0, 2.0, 1.0, 0.5
TEXT_WEIGHT, TEXT_CANDIDATES = 3.0, 30
QUERY_LENGTH = 120
CACHE_SECONDS = 24 * 60 * 60


def municipality_kind(name):
    """市, 町, 村 or 区 from a Japanese municipality name; "" when it ends otherwise."""
    return name[-1] if name and name[-1] in "市町村区" else ""


def text_scores(page, candidates, lang):
    """{page id: points} from the search index: the page's title and summary searched with OR, best first."""
    query = f"{page.title} {page.summary or ''}"[:QUERY_LENGTH].strip()
    if not query:
        return {}
    try:
        # The scope as a primary-key subquery: the search backends filter on plain columns only.
        scope = KnowledgePage.objects.filter(pk__in=candidates.values("pk"))
        hits = search_in_language(get_search_backend(), query, scope, lang, operator="or")[:TEXT_CANDIDATES]
        ids = [hit.pk for hit in hits]
    except Exception:  # the related list is an extra: a search backend failure must not break the page
        logger.warning("related pages: the search backend failed for page %s", page.pk, exc_info=True)
        return {}
    return {pk: TEXT_WEIGHT * (1 - rank / len(ids)) for rank, pk in enumerate(ids)}


# The page's own links to other pages, listed on it already under their own headings (knowledge/_related.html).
LINKED_ELSEWHERE = {CaseStudyPage: ("related_recordings",), SeminarRecordingPage: ("related_case_studies",)}


def candidate_pages(page, user):
    """Case studies and recordings the user may see, other than the page, its excluded pages and the pages
    it already links to under another heading."""
    queryset = KnowledgePage.objects.type(*RELATED_TYPES).exclude(pk=page.pk)
    excluded = {row.target_id for row in page.excluded_related_pages.all()}
    for name in LINKED_ELSEWHERE.get(type(page), ()):
        excluded.update(getattr(page, name).values_list("pk", flat=True))
    return visible_pages(queryset.exclude(pk__in=excluded), user)


def place_points(page):
    """Points for sharing a place, as a database expression over the candidates: the same municipality, else the
    same prefecture or region, plus a municipality of the same kind (市, 町, 村)."""
    here = page.municipality
    if here is None:
        return Value(0.0, output_field=FloatField())
    places = [When(municipality_id=here.pk, then=Value(SAME_MUNICIPALITY + SAME_PREFECTURE))]
    if here.prefecture_id:
        places.append(When(municipality__prefecture_id=here.prefecture_id, then=Value(SAME_PREFECTURE)))
        places.append(When(municipality__prefecture__region=here.prefecture.region, then=Value(SAME_REGION)))
    place = Case(*places, default=Value(0.0), output_field=FloatField())
    kind = municipality_kind(here.name_ja)
    if not kind:
        return place
    same_kind = Case(
        When(Q(municipality__name_ja__endswith=kind) & ~Q(municipality_id=here.pk), then=Value(SAME_KIND)),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return place + same_kind


def pinned_ids(page, user):
    """The ids of the pages the editor pinned, in the editor's order, that the user may see (never the page)."""
    order = list(dict.fromkeys(row.target_id for row in page.pinned_related_pages.all() if row.target_id != page.pk))
    if not order:
        return []
    shown = set(visible_pages(KnowledgePage.objects.filter(pk__in=order), user).values_list("pk", flat=True))
    return [pk for pk in order if pk in shown]


def ranked_ids(page, user, lang):
    """The ids of the most related pages: themes and place are scored by the database (no page is loaded to be
    scored), the words by the search index; pinned pages lead."""
    candidates = candidate_pages(page, user)
    theme_ids = [t.pk for t in page.themes.all()]
    text = text_scores(page, candidates, lang)
    pinned = pinned_ids(page, user)
    shared = Count("themes", filter=Q(themes__in=theme_ids), distinct=True) if theme_ids else Value(0)
    scored = candidates.annotate(points=SHARED_THEME * Cast(shared, FloatField()) + place_points(page))
    # The best by themes and place, and every page the words found: no other page can rank above these.
    best = scored.filter(points__gt=0).order_by("-points", "-pk")[: RELATED_LIMIT + len(pinned)]
    points = dict(best.values_list("pk", "points"))
    if text:
        points.update(scored.filter(pk__in=list(text)).values_list("pk", "points"))
    scores = {pk: value + text.get(pk, 0.0) for pk, value in points.items()}
    scores.update({pk: value for pk, value in text.items() if pk not in scores})
    ranked = sorted((pk for pk in scores if scores[pk] > 0), key=lambda pk: (-scores[pk], -pk))
    return (pinned + [pk for pk in ranked if pk not in pinned])[:RELATED_LIMIT]


def related_pages(page, user, limit=RELATED_LIMIT):
    """Up to `limit` related pages the user may see, most related first (pinned pages lead)."""
    lang = current_language()
    audience = "members" if user is not None and user.is_authenticated else "public"
    key = f"related:{generation()}:{page.pk}:{audience}:{lang}"
    ids = cache.get(key)
    if ids is None:
        ids = ranked_ids(page, user, lang)
        cache.set(key, ids, CACHE_SECONDS)
    ids = ids[:limit]
    pages = visible_pages(KnowledgePage.objects.filter(pk__in=ids), user).select_related("municipality__prefecture")
    by_id = {p.pk: p for p in pages}
    return [by_id[pk] for pk in ids if pk in by_id]
