"""The outcomes index: every visible case study's outcomes, filtered by theme, prefecture and indicator,
sorted by change. The page (/ja/outcomes/) and its CSV (syndication/export.py) read the same rows."""

from urllib.parse import urlencode

from django.db.models import Case, DecimalField, ExpressionWrapper, F, Q, When
from django.db.models.functions import Abs
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.pagination import paginate
from core.visibility import visible_pages

from .models import CaseStudyPage, Outcome, OutcomeKind, Prefecture, Theme

PER_PAGE = 50
MAX_INDICATOR_QUERY = 100
DECIMAL = DecimalField(max_digits=20, decimal_places=4)
SORTS = {
    "newest": (_("新しい事例順"), ("-page__date", "page_id", "sort_order")),
    "change_desc": (_("変化が大きい順"), (F("change_value").desc(nulls_last=True), "-page__date")),
    "change_asc": (_("変化が小さい順"), (F("change_value").asc(nulls_last=True), "-page__date")),
    "percent_desc": (_("変化率が大きい順"), (F("change_pct").desc(nulls_last=True), "-page__date")),
    "percent_asc": (_("変化率が小さい順"), (F("change_pct").asc(nulls_last=True), "-page__date")),
}


def clean_outcome_filters(query):
    """The filters of the query string that name something real; anything else is ignored."""
    got = {name: (query.get(name) or "").strip() for name in ("theme", "prefecture", "indicator", "kind", "sort")}
    chosen = {}
    if got["theme"] and Theme.objects.filter(slug=got["theme"]).exists():
        chosen["theme"] = got["theme"]
    if got["prefecture"].isdigit() and Prefecture.objects.filter(code=int(got["prefecture"])).exists():
        chosen["prefecture"] = int(got["prefecture"])
    if got["indicator"]:
        chosen["indicator"] = got["indicator"][:MAX_INDICATOR_QUERY]
    if got["kind"] in OutcomeKind.values:
        chosen["kind"] = got["kind"]
    if got["sort"] in SORTS and got["sort"] != "newest":
        chosen["sort"] = got["sort"]
    return chosen


def visible_outcomes(user):
    """Outcomes of the case studies the user may see, with the change and its percentage computed in SQL."""
    pages = visible_pages(CaseStudyPage.objects.all(), user).values("pk")
    change = ExpressionWrapper(F("result_value") - F("baseline_value"), output_field=DECIMAL)
    percent = Case(
        When(Q(baseline_value__isnull=True) | Q(baseline_value=0), then=None),
        default=ExpressionWrapper(change * 100 / Abs(F("baseline_value")), output_field=DECIMAL),
        output_field=DECIMAL,
    )
    return (
        Outcome.objects.filter(page__in=pages)
        .annotate(change_value=change, change_pct=percent)
        .select_related("page", "page__municipality__prefecture", "source_document")
    )


def filtered_outcomes(user, chosen):
    outcomes = visible_outcomes(user)
    if "theme" in chosen:
        outcomes = outcomes.filter(page__themes__slug=chosen["theme"])
    if "prefecture" in chosen:
        outcomes = outcomes.filter(page__municipality__prefecture__code=chosen["prefecture"])
    if "indicator" in chosen:
        words = chosen["indicator"].split()
        for word in words:
            outcomes = outcomes.filter(Q(indicator_ja__icontains=word) | Q(indicator_en__icontains=word))
    if "kind" in chosen:
        outcomes = outcomes.filter(kind=chosen["kind"])
    return outcomes.order_by(*SORTS[chosen.get("sort", "newest")][1])


def outcomes_index(request):
    chosen = clean_outcome_filters(request.GET)
    items = paginate(request, filtered_outcomes(request.user, chosen), PER_PAGE)
    shown_pages = visible_outcomes(request.user).values("page_id")
    context = {
        "items": items,
        "chosen": chosen,
        "filter_query": urlencode(chosen),
        # Only choices that find something the visitor may see.
        "themes": Theme.objects.filter(pages__in=shown_pages).distinct().order_by("axis", "slug"),
        "prefectures": Prefecture.objects.filter(municipalities__pages__in=shown_pages).distinct().order_by("code"),
        "kinds": OutcomeKind.choices,
        "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
    }
    response = render(request, "knowledge/outcomes_index.html", context)
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response


# Anonymous answers hold only public outcomes: the page cache may keep them (core.cache, keyed by content generation).
outcomes_index.cache_anonymous = True
