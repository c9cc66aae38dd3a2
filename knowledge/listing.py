"""Filters and pagination for the index pages."""

from django.db.models import Prefetch

from .models import (
    Axis,
    NoticeStatus,
    Prefecture,
    ProgramNoticePage,
    Theme,
    paginate,
    visible_pages,
)

FILTERS = ("theme", "axis", "prefecture", "year", "status")


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
    return chosen


def apply_filters(queryset, chosen):
    if "theme" in chosen:
        queryset = queryset.filter(themes__slug=chosen["theme"])
    if "axis" in chosen:
        queryset = queryset.filter(themes__axis=chosen["axis"])
    if "prefecture" in chosen:
        queryset = queryset.filter(municipality__prefecture__code=chosen["prefecture"])
    if "year" in chosen:
        queryset = queryset.filter(date__year=chosen["year"])
    if "status" in chosen:
        queryset = queryset.filter(ProgramNoticePage.status_filter(chosen["status"]))
    return queryset.distinct()


def with_listing_relations(queryset):
    """Everything a listing card shows, fetched in a fixed number of queries."""
    return queryset.select_related("municipality__prefecture").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("axis", "slug"))
    )


def filtered_children(index_page, request):
    model = index_page.child_model
    queryset = visible_pages(model.objects.child_of(index_page), request.user)
    chosen = clean_filters(request, model)
    return with_listing_relations(apply_filters(queryset, chosen)).order_by("-date", "-pk"), chosen


def listing_context(index_page, request):
    items, chosen = filtered_children(index_page, request)
    page = paginate(request, items)
    base_qs = visible_pages(index_page.child_model.objects.child_of(index_page), request.user)
    years = sorted({d.year for d in base_qs.values_list("date", flat=True) if d}, reverse=True)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "items": page,
        "chosen": chosen,
        "filter_query": query.urlencode(),
        "themes": Theme.objects.all(),
        "axes": Axis.choices,
        "prefectures": Prefecture.objects.filter(municipalities__pages__in=base_qs).distinct(),
        "years": years,
        "statuses": NoticeStatus.choices if index_page.child_model is ProgramNoticePage else [],
    }
