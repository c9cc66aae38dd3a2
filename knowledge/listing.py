"""Filters and pagination for the index pages (knowledge.models.index_pages)."""

from collections import Counter

from django.db.models import Prefetch, Q, QuerySet
from wagtail.models import Page

from core.pagination import paginate
from core.visibility import visible_pages
from knowledge.models.pages import (
    Axis,
    CaseStudyPage,
    KnowledgePage,
    Municipality,
    NoticeStatus,
    Person,
    Prefecture,
    ProgramNoticePage,
    SeminarRecordingPage,
    Theme,
)

LISTING_PAGE_SIZE = 12
FILTERS = ("theme", "axis", "prefecture", "year", "status", "municipality", "person")


def clean_filters(request, child_model):
    """The filters of the request that name something real; anything else is ignored."""
    got = {name: (request.GET.get(name) or "").strip() for name in FILTERS}
    chosen = {}
    if got["theme"] and Theme.objects.filter(slug=got["theme"]).exists():
        chosen["theme"] = got["theme"]
    if got["axis"] in Axis.values:
        chosen["axis"] = got["axis"]
    if got["prefecture"].isdigit() and Prefecture.objects.filter(code=int(got["prefecture"])).exists():
        chosen["prefecture"] = int(got["prefecture"])
    if got["year"].isdigit() and 1900 <= int(got["year"]) <= 2100:
        chosen["year"] = int(got["year"])
    if child_model is ProgramNoticePage and got["status"] in NoticeStatus.values:
        chosen["status"] = got["status"]
    if got["municipality"].isdigit() and Municipality.objects.filter(code=got["municipality"]).exists():
        chosen["municipality"] = got["municipality"]
    people_pages = child_model in (CaseStudyPage, SeminarRecordingPage)
    if people_pages and got["person"] and Person.objects.filter(slug=got["person"]).exists():
        chosen["person"] = got["person"]
    return chosen


def apply_filters(queryset, chosen):
    # Theme filters as subqueries: a join would repeat pages (and need DISTINCT over every column).
    links = KnowledgePage.themes.through.objects
    if "theme" in chosen:
        queryset = queryset.filter(pk__in=links.filter(theme__slug=chosen["theme"]).values("knowledgepage_id"))
    if "axis" in chosen:
        queryset = queryset.filter(pk__in=links.filter(theme__axis=chosen["axis"]).values("knowledgepage_id"))
    if "prefecture" in chosen:
        queryset = queryset.filter(municipality__prefecture__code=chosen["prefecture"])
    if "year" in chosen:
        queryset = queryset.filter(date__year=chosen["year"])
    if "municipality" in chosen:
        queryset = queryset.filter(municipality__code=chosen["municipality"])
    if "person" in chosen:
        queryset = queryset.filter(person_filter(queryset.model, chosen["person"]))
    if "status" in chosen:
        queryset = queryset.filter(ProgramNoticePage.status_filter(chosen["status"]))
    return queryset


def person_filter(model, slug):
    """Pages a person presents (case studies) or speaks in (recordings)."""
    if issubclass(model, CaseStudyPage):
        return Q(pk__in=CaseStudyPage.objects.filter(presenter__slug=slug).values("pk"))
    return Q(pk__in=SeminarRecordingPage.speakers.through.objects.filter(person__slug=slug).values("seminarrecordingpage_id"))


def with_listing_relations(queryset):
    """Everything a listing card shows, fetched in a fixed number of queries (bodies are not read)."""
    return (
        queryset.defer_streamfields()
        .select_related("municipality__prefecture")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("axis", "slug")))
    )


def first_pages(queryset, user, limit, *order, select_related=()):
    """The first `limit` pages of `queryset` that `user` may see, in `order`, with their listing relations.

    The order is found on narrow rows: first among a few times `limit` live pages (an index walk), checking
    visibility on those ids only; when too few of them are visible, over every visible page. Then only the
    pages shown are read in full.
    """

    def first_ids(candidates, count):
        return list(QuerySet(model=queryset.model, query=candidates.query.chain()).values_list("pk", flat=True)[:count])

    candidates = first_ids(queryset.live().order_by(*order), limit * 4)
    visible = set(visible_pages(Page.objects.filter(pk__in=candidates), user).values_list("pk", flat=True))
    ids = [pk for pk in candidates if pk in visible][:limit]
    if len(ids) < limit and len(candidates) == limit * 4:
        ids = first_ids(visible_pages(queryset, user).order_by(*order), limit)
    full = with_listing_relations(queryset.model.objects.filter(pk__in=ids))
    if select_related:  # (select_related() with no names would follow every non-null key instead)
        full = full.select_related(*select_related)
    by_pk = full.in_bulk(ids)
    return [by_pk[pk] for pk in ids if pk in by_pk]


def visible_children(index_page, user):
    """The index's children the user may see, newest first."""
    return visible_pages(index_page.child_model.objects.child_of(index_page), user).order_by("-date", "-pk")


def filtered_children(index_page, request):
    chosen = clean_filters(request, index_page.child_model)
    return with_listing_relations(apply_filters(visible_children(index_page, request.user), chosen)), chosen


def themes_offered(visible, chosen):
    """The themes of the pages the listing holds (a theme with no page would find nothing), and the chosen one."""
    used = KnowledgePage.themes.through.objects.filter(knowledgepage_id__in=visible.values("pk")).values("theme_id")
    return Theme.objects.filter(Q(pk__in=used) | Q(slug=chosen.get("theme", "")))


def listing_context(index_page, request):
    """A page of the index's visible children, filtered, newest first; the filter choices offered.

    One narrow read of the visible children (id, date, prefecture) gives the years and prefectures
    offered and, without filters, the order; only the cards shown are then read in full. The work
    and the number of queries do not grow with what the listing holds beyond that one read.
    """
    model = index_page.child_model
    base = visible_children(index_page, request.user)
    chosen = clean_filters(request, model)
    # A plain QuerySet: modeltranslation's row-by-row iteration costs more than the query here.
    rows = list(QuerySet(model=model, query=base.query.chain()).values_list("pk", "date", "municipality__prefecture_id"))
    ids = list(apply_filters(base, chosen).values_list("pk", flat=True)) if chosen else [pk for pk, _date, _prefecture in rows]
    page = paginate(request, ids, LISTING_PAGE_SIZE)
    shown = list(page.object_list)
    by_pk = with_listing_relations(model.objects.filter(pk__in=shown)).in_bulk(shown)
    page.object_list = [by_pk[pk] for pk in shown if pk in by_pk]
    prefecture_counts = Counter(pk for _pk, _date, pk in rows if pk)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "items": page,
        "chosen": chosen,
        "filter_query": query.urlencode(),
        "themes": themes_offered(base, chosen),
        "axes": Axis.choices,
        "prefectures": [p for p in Prefecture.objects.order_by("code") if p.pk in prefecture_counts],
        "prefecture_counts": prefecture_counts,  # {prefecture id: visible children}, unfiltered
        "years": sorted({d.year for _pk, d, _p in rows if d}, reverse=True),
        "statuses": NoticeStatus.choices if model is ProgramNoticePage else [],
    }
