"""API v2 for municipalities and people: /api/v2/municipalities/[<code>/], /api/v2/people/[<slug>/].

Names in `?lang=ja|en`, readings, membership and counts of the pages the caller may see (members-only pages
are counted for signed-in callers only). Bad values answer 400 in core.public_api's error shape."""

from django.http import JsonResponse
from django.utils import translation
from django.views.decorators.http import require_safe

from core.languages import LANGUAGE_CODES
from core.public_api import error_body, public_read_only
from knowledge.entities import (
    municipality_counts,
    municipality_json,
    name_query,
    on_site,
    person_counts,
    person_json,
    person_name_query,
)
from knowledge.models import Membership, Municipality, Person

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class BadParam(ValueError):
    def __init__(self, param, message):
        super().__init__(message)
        self.param, self.message = param, message


def _answer(payload, lang, status=200):
    response = JsonResponse(payload, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Language"] = "en" if status >= 400 else lang
    return response


def _language(request):
    lang = (request.GET.get("lang") or "").strip().lower() or translation.get_language() or LANGUAGE_CODES[0]
    if lang not in LANGUAGE_CODES:
        raise BadParam("lang", f"lang must be one of: {', '.join(LANGUAGE_CODES)}")
    return lang


def _whole_number(request, name, default, low, high):
    value = (request.GET.get(name) or "").strip()
    if not value:
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise BadParam(name, f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return int(value)


def _page(request, queryset):
    limit = _whole_number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _whole_number(request, "offset", 0, 0, 10**6)
    return queryset.count(), list(queryset[offset : offset + limit])


def api_view(view):
    """Language, 400 answers and CORS for these endpoints."""

    @public_read_only
    @require_safe
    def wrapper(request, *args, **kwargs):
        request.urlconf = "syndication.api_urlconf"  # LocaleMiddleware leaves an API 404 alone
        try:
            lang = _language(request)
            with translation.override(lang):
                payload, status = view(request, *args, **kwargs)
        except BadParam as error:
            return _answer(error_body(error.message, error.param), "en", status=400)
        return _answer(payload, lang, status)

    wrapper.__name__ = view.__name__
    return wrapper


KNOWN_MUNICIPALITY_PARAMS = {"lang", "prefecture", "membership", "q", "limit", "offset", "format"}


@api_view
def municipalities(request):
    """?prefecture=1..47&membership=full|participant&q=(name, reading or code)&limit=&offset=&lang="""
    unknown = sorted(set(request.GET) - KNOWN_MUNICIPALITY_PARAMS)
    if unknown:
        raise BadParam(unknown[0], f"unknown parameter {unknown[0]!r}")
    queryset = Municipality.objects.filter(on_site()).select_related("prefecture").distinct().order_by("code")
    prefecture = _whole_number(request, "prefecture", None, 1, 47)
    if prefecture:
        queryset = queryset.filter(prefecture__code=prefecture)
    membership = (request.GET.get("membership") or "").strip()
    if membership:
        if membership not in (Membership.FULL, Membership.PARTICIPANT):
            raise BadParam("membership", f"membership must be full or participant, not {membership!r}")
        queryset = queryset.filter(membership=membership)
    return _listing(request, queryset, name_query, municipality_counts, municipality_json)


def _listing(request, queryset, text_query, counts_of, as_json):
    """One page of a list answer: filtered by ?q= (text_query), with each item's counts of visible pages."""
    if (request.GET.get("q") or "").strip():
        queryset = queryset.filter(text_query(request.GET["q"]))
    total, items = _page(request, queryset)
    counts = counts_of(request.user, [item.pk for item in items])
    return {"meta": {"total_count": total}, "items": [as_json(item, counts[item.pk], request) for item in items]}, 200


@api_view
def municipality(request, code):
    found = Municipality.objects.filter(code=code).select_related("prefecture").first()
    if found is None:
        return error_body(f"no municipality has the code {code!r} (six digits, e.g. 262064)", None), 404
    counts = municipality_counts(request.user, [found.pk])[found.pk]
    people = list(found.people.order_by("slug"))
    p_counts = person_counts(request.user, [p.pk for p in people])
    data = municipality_json(found, counts, request)
    data["people"] = [person_json(p, p_counts[p.pk], request) for p in people]
    return data, 200


@api_view
def people(request):
    """?municipality=<code>&q=(name or role)&limit=&offset=&lang="""
    queryset = Person.objects.select_related("municipality").order_by("slug")
    code = (request.GET.get("municipality") or "").strip()
    if code:
        if not Municipality.objects.filter(code=code).exists():
            raise BadParam("municipality", f"unknown municipality code {code!r} (six digits, e.g. 262064)")
        queryset = queryset.filter(municipality__code=code)
    return _listing(request, queryset, person_name_query, person_counts, person_json)


@api_view
def person(request, slug):
    found = Person.objects.select_related("municipality").filter(slug=slug).first()
    if found is None:
        return error_body(f"no person has the slug {slug!r}", None), 404
    return person_json(found, person_counts(request.user, [found.pk])[found.pk], request), 200
