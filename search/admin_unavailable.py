"""The Wagtail admin while the search cluster does not answer: an editor's search never ends in a 500.

Every admin search (pages, snippets, images, documents, choosers) goes through the search backend, which raises
SearchUnavailable while an Elasticsearch/OpenSearch cluster cannot be reached (japanese_search/backends/cluster.py).
This middleware answers it, in the editor's admin language, and logs `admin_search_unavailable`:

- a full page is shown again without the search (a listing without its search words; the page search as the
  page explorer), with a message saying that search is unavailable for now and when to try again;
- what the admin's script fetches (a listing's live results, a chooser's search) gets the same message in place
  of the results.
"""

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import ngettext

from search.service import SearchUnavailable

logger = logging.getLogger("search.admin")

# The query string parameters of an admin search (and its page number), dropped to show the listing without it.
SEARCH_PARAMETERS = ("q", "p")


def unavailable_message(seconds):
    return ngettext(
        "検索サーバーが応答しないため、ただいま検索をご利用いただけません。約%(seconds)d秒後に、もう一度お試しください。",
        "検索サーバーが応答しないため、ただいま検索をご利用いただけません。約%(seconds)d秒後に、もう一度お試しください。",
        seconds,
    ) % {"seconds": seconds}


def admin_language(request):
    """The language the admin speaks to this user (Wagtail's own views switch to it only while they run)."""
    profile = getattr(getattr(request, "user", None), "wagtail_userprofile", None)
    return (profile.get_preferred_language() if profile else None) or translation.get_language()


def listing_without_search(request):
    """Where the editor sees the same listing without the search, or None when nothing is left to drop."""
    if request.path == reverse("wagtailadmin_pages:search"):
        return reverse("wagtailadmin_explore_root")  # Wagtail's page search searches even without words
    rest = {key: values for key, values in request.GET.lists() if key not in SEARCH_PARAMETERS}
    if len(rest) == len(request.GET):
        return None
    return request.path + (f"?{urlencode(rest, doseq=True)}" if rest else "")


class AdminSearchUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SearchUnavailable):
            return None
        self.admin_prefix = self.admin_prefix or reverse("wagtailadmin_home")
        if not request.path.startswith(self.admin_prefix):
            return None  # the site's own search pages answer it themselves (search/views.py)
        script = request.headers.get("x-requested-with") == "XMLHttpRequest"
        logger.warning(
            "admin_search_unavailable",
            extra={"method": request.method, "path": request.path, "retry_after": exception.retry_after},
        )
        with translation.override(admin_language(request)):
            message = unavailable_message(exception.retry_after)
        target = None if script or request.method != "GET" else listing_without_search(request)
        if target:
            messages.error(request, message)
            response = HttpResponseRedirect(target)
        else:
            # The script puts the answer in place of the results only when it is a 200; a page of its own is a 503.
            status = 200 if script else 503
            alert = format_html('<p class="help-block help-critical" role="alert">{}</p>', message)
            response = HttpResponse(alert, status=status)
        response["Retry-After"] = str(exception.retry_after)
        response["Cache-Control"] = "no-store"
        return response
