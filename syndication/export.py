"""CSV of an index listing or of search results, with the same filters the visitor chose on screen."""

import csv
import logging

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from core.languages import current_language
from core.visibility import visible_pages
from knowledge.listing import filtered_children, with_listing_relations
from knowledge.models import KnowledgePage
from knowledge.outcomes_index import clean_outcome_filters, filtered_outcomes
from search.params import SearchParams
from search.service import SearchUnavailable, result_ids

logger = logging.getLogger("syndication.export")

MAX_ROWS = 20_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    gettext_lazy("タイトル"),
    gettext_lazy("種類"),
    gettext_lazy("日付"),
    gettext_lazy("自治体"),
    gettext_lazy("都道府県"),
    gettext_lazy("テーマ"),
    "URL",
)


def safe_cell(value):
    """Text that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class Echo:
    def write(self, value):
        return value


def page_row(page, request):
    municipality = page.municipality
    return [
        page.title,
        page.specific_class._meta.verbose_name if page.specific_class else "",
        page.date.isoformat() if page.date else "",
        municipality.name if municipality else "",
        municipality.prefecture.name if municipality else "",
        " / ".join(theme.name for theme in page.themes.all()),
        request.build_absolute_uri(page.get_url(request)),
    ]


def csv_response(rows, filename, columns=COLUMNS):
    """Streams UTF-8 with a byte order mark, so that Excel opens Japanese text correctly."""
    writer = csv.writer(Echo())

    def lines():
        yield "\ufeff" + writer.writerow([str(c) for c in columns])
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store" if getattr(request_user(rows), "is_authenticated", False) else "no-cache"
    return response


def request_user(rows):
    return getattr(rows, "user", None)


class Rows:
    """Rows of pages, with the user kept for the response headers."""

    def __init__(self, pages, request):
        self.pages, self.request, self.user = pages, request, request.user

    def __iter__(self):
        for page in self.pages.iterator(chunk_size=500):
            yield page_row(page, self.request)


def listing_csv(request, page_id):
    """The index page's listing (as filtered by the query string), every page of it."""
    index_page = Page.objects.filter(pk=page_id).live().first()
    specific = index_page.specific if index_page else None
    if specific is None or getattr(specific, "child_model", None) is None:
        raise Http404(_("一覧が見つかりません。"))
    if not visible_pages(Page.objects.filter(pk=page_id), request.user).exists():
        raise Http404(_("一覧が見つかりません。"))
    items, _chosen = filtered_children(specific, request)
    stamp = timezone.localdate().isoformat()
    return csv_response(Rows(items[:MAX_ROWS], request), f"{specific.slug}-{current_language()}-{stamp}.csv")


def search_csv(request):
    """The search results for ?q= with the search page's filters and sort, in its order (search.service decides);
    a 503 with Retry-After while the search cluster does not answer."""
    params = SearchParams.from_request(request.GET, lang=current_language())
    try:
        page_ids = list(result_ids(params, request.user, limit=MAX_ROWS)) if params.query else []
    except SearchUnavailable as error:
        logger.warning("Search CSV: search unavailable (retry after %d s)", error.retry_after)
        message = _("ただいま検索をご利用いただけません。しばらくしてから、もう一度お試しください。")
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(error.retry_after)
        return response
    stamp = timezone.localdate().isoformat()
    return csv_response(SearchRows(page_ids, request), f"search-{current_language()}-{stamp}.csv")


class SearchRows(Rows):
    """Rows in the order of the search results, fetched in chunks with their relations."""

    CHUNK = 500

    def __init__(self, page_ids, request):
        self.page_ids, self.request, self.user = page_ids, request, request.user

    def __iter__(self):
        for start in range(0, len(self.page_ids), self.CHUNK):
            chunk = self.page_ids[start : start + self.CHUNK]
            pages = with_listing_relations(KnowledgePage.objects.filter(pk__in=chunk)).in_bulk()
            for pk in chunk:
                if pk in pages:
                    yield page_row(pages[pk], self.request)


OUTCOME_COLUMNS = (
    gettext_lazy("指標"),
    gettext_lazy("区分"),
    gettext_lazy("単位"),
    gettext_lazy("基準値"),
    gettext_lazy("基準年"),
    gettext_lazy("結果の値"),
    gettext_lazy("結果の年"),
    gettext_lazy("変化"),
    gettext_lazy("変化率（%）"),
    gettext_lazy("先進事例"),
    gettext_lazy("自治体"),
    gettext_lazy("都道府県"),
    gettext_lazy("出典"),
    "URL",
)


class OutcomeRows(Rows):
    """One row per outcome of the visible case studies, as filtered and sorted on the outcomes index."""

    def __iter__(self):
        for outcome in self.pages.iterator(chunk_size=500):
            page, municipality = outcome.page, outcome.page.municipality
            source = outcome.source_document.url if outcome.source_document else outcome.source_url
            yield [
                outcome.indicator,
                outcome.get_kind_display(),
                outcome.unit,
                outcome.baseline_value,
                outcome.baseline_year,
                outcome.result_value,
                outcome.result_year,
                outcome.change,
                outcome.change_percent,
                page.title,
                municipality.name if municipality else "",
                municipality.prefecture.name if municipality else "",
                self.request.build_absolute_uri(source) if source else "",
                self.request.build_absolute_uri(page.get_url(self.request)),
            ]


def outcomes_csv(request):
    """The outcomes index (with the visitor's filters and sort) as CSV."""
    outcomes = filtered_outcomes(request.user, clean_outcome_filters(request.GET))[:MAX_ROWS]
    stamp = timezone.localdate().isoformat()
    return csv_response(OutcomeRows(outcomes, request), f"outcomes-{current_language()}-{stamp}.csv", OUTCOME_COLUMNS)
