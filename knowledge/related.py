"""Related pages of a case study or a recording, ranked, for the "関連する事例" list on its page.

A candidate scores by the themes it shares, by place (same municipality, prefecture or region; a municipality
of the same kind: 市, 町, 村), and by how well the search index (the site's own analysis, in the page's language)
matches it to the page's title and summary. Editors pin pages (always shown first, in the order the editor set:
`pinned_related_pages`) and exclude pages (`excluded_related_pages`), chosen in the page editor. Only pages the
visitor may see are ever listed, pinned or not. The ranked ids are cached per content generation, audience and
language; the cards are read in one query.

However many pages the site holds, only a bounded pool is scored: the pages sharing the most themes and the newest
of the same municipality and prefecture, re-ranked by the words; only a page with little in common with others
searches the whole index for its words and looks as far as its region (ranked_ids). The words are read through the
index's fast path that the search app registers (`register_text_ranking`).
"""

import logging

from django.core.cache import cache
from django.db.models import Count, FloatField, Q, Value
from django.db.models.expressions import Case, When
from django.db.models.functions import Cast
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from core.cache import generation
from core.languages import LANGUAGE_CODES, current_language
from core.visibility import visible_pages, visible_related
from japanese_search.backends.common import search_in_language

from .models import CaseStudyPage, KnowledgePage, Municipality, SeminarRecordingPage

logger = logging.getLogger(__name__)

RELATED_LIMIT = 5
RELATED_TYPES = (CaseStudyPage, SeminarRecordingPage)
SHARED_THEME, SAME_MUNICIPALITY, SAME_PREFECTURE, SAME_REGION, SAME_KIND = 3.0, 2.0, 2.0, 1.0, 0.5
DISTANT_POINTS = SAME_REGION + SAME_KIND  # the most a page outside likely_ids scores without its words
TEXT_WEIGHT, TEXT_CANDIDATES, TEXT_SCAN = 3.0, 30, 100
THEME_POOL, PLACE_POOL = 200, 50
QUERY_LENGTH = 120
CACHE_SECONDS = 24 * 60 * 60
# Long text a card does not show, left unread.
CARD_UNUSED = [f"{name}{suffix}" for name in ("body", "summary") for suffix in ("", *(f"_{code}" for code in LANGUAGE_CODES))]


def municipality_kind(name):
    """市, 町, 村 or 区 from a Japanese municipality name; "" when it ends otherwise."""
    return name[-1] if name and name[-1] in "市町村区" else ""


class _TextRanking:
    """Reads the ids a search matched, best first; None: read the backend's own ordered results."""

    function = None


def register_text_ranking(function):
    """`function(results, limit, within)` gives the ids of the best pages a search matched (among the page ids
    `within`, unless None), best first, or None when it cannot (search/apps.py registers the index's fast path,
    search.matching.ranked_page_ids)."""
    _TextRanking.function = function


def text_matches(page, lang, within=None):
    """Ids of the pages the search index matches best to the page's title and summary (words joined with OR),
    best first, up to TEXT_SCAN, among `within` (page ids) or everywhere; who may see them the caller checks."""
    query = f"{page.title} {page.summary or ''}"[:QUERY_LENGTH].strip()
    if not query or within == []:
        return []
    try:
        scope = KnowledgePage.objects.type(*RELATED_TYPES)
        if within is not None:
            scope = scope.filter(pk__in=within)
        results = search_in_language(get_search_backend(), query, scope, lang, operator="or")
        ranked = _TextRanking.function(results, TEXT_SCAN, within) if _TextRanking.function else None
        if ranked is None:
            ranked = [hit.pk for hit in results[:TEXT_SCAN]]
    except Exception:  # the related list is an extra: a search backend failure must not break the page
        logger.warning("related pages: the search backend failed for page %s", page.pk, exc_info=True)
        return []
    return [pk for pk in ranked if pk != page.pk][:TEXT_SCAN]


def text_points(ranked_ids):
    """Points for the words: the best match TEXT_WEIGHT, falling by rank."""
    found = ranked_ids[:TEXT_CANDIDATES]
    return {pk: TEXT_WEIGHT * (1 - rank / len(found)) for rank, pk in enumerate(found)}


def likely_ids(page, theme_ids):
    """Pages that can rank by themes or a near place, in a few small queries on indexed columns: those sharing
    the most themes (THEME_POOL), and the newest of the same prefecture, its own municipality's first (PLACE_POOL).
    Who may see them the caller checks."""
    ids = set()
    if theme_ids:
        through = KnowledgePage.themes.through.objects.filter(theme_id__in=theme_ids).exclude(knowledgepage_id=page.pk)
        sharing = through.values("knowledgepage_id").annotate(n=Count("theme_id")).order_by("-n", "-knowledgepage_id")
        ids.update(sharing.values_list("knowledgepage_id", flat=True)[:THEME_POOL])
    here = page.municipality
    if here is not None:
        prefecture = list(Municipality.objects.filter(prefecture_id=here.prefecture_id).values_list("pk", flat=True))
        nearest = Case(When(municipality_id=here.pk, then=Value(0)), default=Value(1))  # its own municipality first
        ids.update(_newest(page, Q(municipality_id__in=prefecture), nearest))
    return ids


def distant_ids(page):
    """The newest pages of the same region and of the same kind of municipality (PLACE_POOL each): asked only when
    fewer than enough pages score above what these can (DISTANT_POINTS)."""
    here = page.municipality
    if here is None:
        return set()
    ids = set(_newest(page, Q(municipality__prefecture__region=here.prefecture.region)))
    if kind := municipality_kind(here.name_ja):
        ids.update(_newest(page, Q(municipality__name_ja__endswith=kind)))
    return ids


def _newest(page, place, *first):
    pages = KnowledgePage.objects.type(*RELATED_TYPES).exclude(pk=page.pk).filter(place)
    return pages.order_by(*first, "-pk").values_list("pk", flat=True)[:PLACE_POOL]


# The page's own links to other pages, listed on it already under their own headings (knowledge/_related.html).
LINKED_ELSEWHERE = {CaseStudyPage: ("related_recordings",), SeminarRecordingPage: ("related_case_studies",)}


def candidate_pages(page, user):
    """Case studies and recordings other than the page, its excluded pages and the pages it already shows under
    another heading (who may see them: visible_among)."""
    queryset = KnowledgePage.objects.type(*RELATED_TYPES).exclude(pk=page.pk)
    excluded = {row.target_id for row in page.excluded_related_pages.all()}
    for name in LINKED_ELSEWHERE.get(type(page), ()):
        excluded.update(linked.pk for linked in visible_related(getattr(page, name), user))
    return queryset.exclude(pk__in=excluded)


def visible_among(ids, user):
    """The ids among these of the pages the user may see, as a subquery on Wagtail's page table: there the ids are
    an index look-up (PostgreSQL reads every page to check them on the knowledge page table)."""
    return visible_pages(Page.objects.filter(pk__in=list(ids)), user).values("pk")


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
    shown = set(visible_among(order, user).values_list("pk", flat=True))
    return [pk for pk in order if pk in shown]


def ranked_ids(page, user, lang):
    """The ids of the most related pages, pinned pages first. The pool (likely_ids) is scored by the database for
    themes and place over the pages the user may see, and the words re-rank it. When fewer than enough pages share a
    theme or a near place, the words may find pages anywhere, and the region and kind of municipality count too
    (distant_ids): a search over the whole index only for pages that have little else in common with others."""
    theme_ids = [t.pk for t in page.themes.all()]
    pinned = pinned_ids(page, user)
    shared = Count("themes", filter=Q(themes__in=theme_ids), distinct=True) if theme_ids else Value(0)
    points_of = SHARED_THEME * Cast(shared, FloatField()) + place_points(page)
    scored = candidate_pages(page, user).values("pk").annotate(points=points_of).order_by()
    points = dict(scored.filter(pk__in=visible_among(likely_ids(page, theme_ids), user)).values_list("pk", "points"))
    if sum(value > DISTANT_POINTS for value in points.values()) >= RELATED_LIMIT + len(pinned):
        matched = text_matches(page, lang, within=list(points))
    else:
        matched = text_matches(page, lang)
        farther = (distant_ids(page) | set(matched)) - set(points)
        points.update(scored.filter(pk__in=visible_among(farther, user)).values_list("pk", "points"))
    text = text_points([pk for pk in matched if pk in points])
    scores = {pk: value + text.get(pk, 0.0) for pk, value in points.items()}
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
    pages = KnowledgePage.objects.filter(pk__in=visible_among(ids, user)).select_related("municipality__prefecture")
    pages = pages.defer(*CARD_UNUSED)
    by_id = {p.pk: p for p in pages}
    return [by_id[pk] for pk in ids if pk in by_id]
