"""Wagtail API v2 (pages, images, documents) with the knowledge fields and filters.

Mounted at /api/v2/ outside the language prefixes: `?lang=en` (or Accept-Language) picks the language of
translated fields. Members-only pages, and images or documents used only on them, are absent for anonymous callers.
"""

import datetime
import logging
import re

from django.http import Http404, JsonResponse, QueryDict
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import CollectionViewRestriction, Locale, Page, Site
from wagtail.search.backends import get_search_backend

from core.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES, current_language, page_languages
from core.media import members_only_file_ids
from core.public_api import allow_cross_origin, error_body, options_response, public_read_only
from core.visibility import visible_pages
from japanese_search.backends.common import search_in_language
from knowledge.listing import apply_filters, clean_filters
from knowledge.models import (
    CaseStudyPage,
    KnowledgePage,
    Municipality,
    ProgramNoticePage,
    SeminarRecordingPage,
    Theme,
)
from knowledge.recordings.transcript import caption_languages, transcript_lines
from search.service import SearchUnavailable

logger = logging.getLogger("syndication.api")

TYPE_SLUGS = {model.type_slug: model for model in (CaseStudyPage, SeminarRecordingPage, ProgramNoticePage)}
# Our filters; listing.py's names plus municipality and a date range.
KNOWLEDGE_FILTERS = ("theme", "axis", "prefecture", "year", "status", "municipality", "person", "date_from", "date_to")


# ---------------------------------------------------------------- field serialisers


class ThemesField(serializers.Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return [{"slug": t.slug, "axis": t.axis, "name": t.name} for t in page.themes.all()]


class MunicipalityField(serializers.Field):
    def get_attribute(self, instance):
        return instance.municipality

    def to_representation(self, municipality):
        if municipality is None:
            return None
        prefecture = municipality.prefecture
        return {
            "code": municipality.code,
            "name": municipality.name,
            "kana": municipality.kana,
            "prefecture": {"code": prefecture.code, "name": prefecture.name},
            "membership": municipality.membership or None,
            "api_url": reverse("api_municipality", kwargs={"code": municipality.code}),
        }


def person_data(person):
    return {
        "slug": person.slug,
        "name": person.name,
        "role": person.role,
        "api_url": reverse("api_person", kwargs={"slug": person.slug}),
    }


class PersonField(serializers.Field):
    def to_representation(self, person):
        return person_data(person) if person else None


class PeopleField(serializers.Field):
    def to_representation(self, manager):
        return [person_data(p) for p in manager.all()]


class OrganisationField(serializers.Field):
    def to_representation(self, organisation):
        return {"name": organisation.name, "short_name": organisation.short_name} if organisation else None


class TimedTextField(serializers.Field):
    def __init__(self, text_attr, **kwargs):
        self.text_attr = text_attr
        super().__init__(**kwargs)

    def to_representation(self, manager):
        return [{"start": item.start, self.text_attr: getattr(item, self.text_attr)} for item in manager.all()]


class TranscriptField(serializers.Field):
    """The transcript in the request's language (its own caption lines, else the typed ones), with speakers."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return [
            {"start": line.start, "end": line.end, "text": line.text, "speaker": line.speaker}
            for line in transcript_lines(page, current_language())
        ]


class ClipsField(serializers.Field):
    """Editors' named clips: title, span in seconds and the page address that plays only that span."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        request = self.context.get("request")
        url = page.full_url or ""
        if request is not None and not url:
            url = request.build_absolute_uri(page.url)
        return [{"title": c.title, "start": c.start, "end": c.end, "url": f"{url}?t={c.span}"} for c in page.clips.all()]


class CaptionsField(serializers.Field):
    """{language: WebVTT address} of the caption tracks the recording has."""

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        request = self.context.get("request")
        urls = {}
        for lang in caption_languages(page):
            url = reverse("recording_captions", kwargs={"page_id": page.pk, "lang": lang, "fmt": "vtt"})
            urls[lang] = request.build_absolute_uri(url) if request else url
        return urls


class LanguagesField(serializers.Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return page_languages(page)


class MembersOnlyField(serializers.Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return page.is_members_only


class DocumentUrlField(serializers.Field):
    def to_representation(self, document):
        if document is None:
            return None
        request = self.context.get("request")
        url = document.url
        return {"id": document.pk, "title": document.title, "url": request.build_absolute_uri(url) if request else url}


def decimal_or_none(value):
    return None if value is None else float(value)


def outcome_data(outcome):
    return {
        "indicator": outcome.indicator,
        "unit": outcome.unit,
        "kind": outcome.kind,
        "baseline": {"value": decimal_or_none(outcome.baseline_value), "year": outcome.baseline_year},
        "result": {"value": decimal_or_none(outcome.result_value), "year": outcome.result_year},
        "change": decimal_or_none(outcome.change),
        "change_percent": decimal_or_none(outcome.change_percent),
        "source_url": outcome.source_url or None,
        "sample": outcome.is_sample,
    }


class OutcomesField(serializers.Field):
    def to_representation(self, manager):
        return [outcome_data(outcome) for outcome in manager.all()]


class VisiblePagesField(serializers.Field):
    """Linked pages the caller may see, as {id, title, url} (members-only ones only with a session)."""

    def to_representation(self, manager):
        request = self.context.get("request")
        pages = visible_pages(manager.all(), getattr(request, "user", None)).order_by("-date", "pk")
        return [{"id": p.pk, "title": p.title, "html_url": p.get_full_url(request)} for p in pages]


COMMON_FIELDS = [
    APIField("date"),
    APIField("summary"),
    APIField("themes", serializer=ThemesField()),
    APIField("municipality", serializer=MunicipalityField()),
]
DETAIL_ONLY = ["body", "eligibility", "chapters", "transcript", "clips", "captions", "funding_programmes", "past_uses"]
MODEL_FIELDS = {
    CaseStudyPage: [
        *COMMON_FIELDS,
        APIField("presenter", serializer=PersonField()),
        APIField("episode"),
        APIField("outcomes", serializer=OutcomesField()),
        APIField("funding_programmes", serializer=VisiblePagesField()),
        APIField("body"),
    ],
    SeminarRecordingPage: [
        *COMMON_FIELDS,
        APIField("series"),
        APIField("series_label", serializer=serializers.CharField(source="get_series_display")),
        APIField("session"),
        APIField("speakers", serializer=PeopleField()),
        APIField("video_url"),
        APIField("duration_seconds"),
        APIField("slides", serializer=DocumentUrlField()),
        APIField("chapters", serializer=TimedTextField("title")),
        APIField("transcript", serializer=TranscriptField()),
        APIField("clips", serializer=ClipsField()),
        APIField("captions", serializer=CaptionsField()),
        APIField("body"),
    ],
    ProgramNoticePage: [
        *COMMON_FIELDS,
        APIField("status", serializer=serializers.CharField(source="current_status")),
        APIField("status_label", serializer=serializers.CharField(source="current_status.label")),
        APIField("kind"),
        APIField("kind_label", serializer=serializers.CharField(source="get_kind_display")),
        APIField("organisation", serializer=OrganisationField()),
        APIField("applications_open"),
        APIField("applications_close"),
        APIField("event_start"),
        APIField("event_end"),
        APIField("location"),
        APIField("external_url"),
        APIField("eligibility", serializer=serializers.CharField()),
        APIField("past_uses", serializer=VisiblePagesField(source="funded_case_studies")),
        APIField("body"),
    ],
}
KNOWLEDGE_META = [
    APIField("knowledge_type", serializer=serializers.CharField(source="type_slug")),
    APIField("languages", serializer=LanguagesField()),
    APIField("members_only", serializer=MembersOnlyField()),
]


# ---------------------------------------------------------------- errors


class ParamError(BadRequestError):
    """A 400 that names the query parameter at fault."""

    def __init__(self, param, message):
        super().__init__(message)
        self.param = param


# Wagtail's own 400 messages -> the parameter at fault (a group of the pattern, or a name).
WAGTAIL_ERROR_PARAMS = (
    (re.compile(r"query parameter is not an operation or a recognised field: ([^,\s]+)"), 1),
    (re.compile(r"field filter error\..* for (\S+?)(?: \(|$)"), 1),
    (re.compile(r"^(?:random ordering|cannot order by)"), "order"),
    (re.compile(r"^(?:unknown fields|fields error|'[^']*' does not support nested fields)"), "fields"),
    (re.compile(r"^parent page doesn't exist"), "child_of"),
    (re.compile(r"^descendant page doesn't exist"), "ancestor_of"),
    (re.compile(r"^(?:ancestor page doesn't exist|filtering by descendant_of)"), "descendant_of"),
    (re.compile(r"^(?:search is disabled|filtering by tag with a search)"), "search"),
    (re.compile(r"^translation_of page doesn't exist"), "translation_of"),
    (re.compile(r"^(offset|limit|child_of|ancestor_of|descendant_of|translation_of|type|locale|site)\b"), 1),
    (re.compile(r"rich_text_format|rich text format"), "rich_text_format"),
)


def param_at_fault(error):
    """The query parameter a BadRequestError is about (ours say it; Wagtail's are read from the message)."""
    if isinstance(error, ParamError):
        return error.param
    message = str(error)
    for pattern, param in WAGTAIL_ERROR_PARAMS:
        found = pattern.search(message)
        if found:
            return found.group(param) if isinstance(param, int) else param
    return None


# ---------------------------------------------------------------- language, errors, cross-origin


class LanguageMixin:
    """`?lang=ja|en` (or Accept-Language, through LocaleMiddleware) chooses the language of translated fields.

    Also: errors in the shape of /api/search/ (core.public_api.error_body, in English), CORS for anonymous
    callers, and `search=` over the caller's visible objects (LanguageSearchFilter).
    """

    authentication_classes = [SessionAuthentication]
    search_in_answer_language = False  # pages: search the text of `lang`; images, documents: every language

    def dispatch(self, request, *args, **kwargs):
        if request.method == "OPTIONS":
            return options_response()
        request.urlconf = "syndication.api_urlconf"
        lang = (request.GET.get("lang") or "").strip().lower() or current_language()
        if lang not in LANGUAGE_CODES:
            lang = DEFAULT_LANGUAGE
            self.bad_language = request.GET.get("lang")
        with translation.override(lang):
            response = super().dispatch(request, *args, **kwargs)
            response["Content-Language"] = "en" if response.status_code >= 400 else lang
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return allow_cross_origin(request, response)

    def check_query_parameters(self, queryset):
        if getattr(self, "bad_language", None) is not None:
            raise ParamError("lang", f"lang must be one of: {', '.join(LANGUAGE_CODES)}")
        super().check_query_parameters(queryset)

    def find_object(self, queryset, request):
        """`find/?id=`: a whole number, else a 400 (Wagtail's lookup fails with a 500)."""
        value = request.GET.get("id")
        if value is not None and not value.strip().isdigit():
            raise ParamError("id", f"id must be a whole number, not {value!r}")
        return super().find_object(queryset, request)

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404 as e:  # DRF's answer to an unknown ?format=
            raise ParamError("format", "format must be json (or api, the browsable page)") from e

    def handle_exception(self, exc):
        if isinstance(exc, SearchUnavailable):  # `search=` while the search cluster does not answer
            logger.warning("API v2: search unavailable (retry after %d s)", exc.retry_after)
            return Response(error_body(exc), status=503, headers={"Retry-After": str(exc.retry_after)})
        if isinstance(exc, BadRequestError):
            return Response(error_body(exc, param_at_fault(exc)), status=400)
        if isinstance(exc, Http404):
            return Response(error_body(exc), status=404)
        response = super().handle_exception(exc)
        if isinstance(exc, APIException):
            response.data = error_body(exc.detail)
        return response

    def search_language(self):
        return translation.get_language() if self.search_in_answer_language else None


class LanguageSearchFilter(SearchFilter):
    """Wagtail's `search=` and `search_operator=and|or` through the site's search backend (the Japanese analysis),
    in the answer's language for pages, over only the objects the caller may see.

    The backend gets a primary-key filter only, which every backend accepts: the filters applied before (such
    as core.visibility's members-only rule) may use expressions a search backend cannot translate.
    A blank `search=` searches nothing and lists as without it.
    """

    def filter_queryset(self, request, queryset, view):
        operator = (request.GET.get("search_operator") or "").strip().lower() or "and"
        if operator not in ("and", "or"):
            raise ParamError("search_operator", "search_operator must be one of: and, or")
        query = (request.GET.get("search") or "").strip()
        if not query:
            return queryset
        if getattr(queryset, "_filtered_by_tag", False):
            raise ParamError("search", "filtering by tag with a search query is not supported")
        scope = queryset.model.objects.filter(pk__in=queryset.order_by().values("pk"))
        by_relevance = "order" not in request.GET
        results = search_in_language(
            get_search_backend(), query, scope, view.search_language(), operator=operator, order_by_relevance=by_relevance
        )
        if by_relevance:
            return results
        return queryset.filter(pk__in=[obj.pk for obj in results])


def with_language_search(filter_backends):
    return [LanguageSearchFilter if backend is SearchFilter else backend for backend in filter_backends]


# ---------------------------------------------------------------- pages


class KnowledgeFieldsFilter(FieldsFilter):
    """Wagtail's field filters, minus our own filter names (municipality is a code here, not a primary key)."""

    def filter_queryset(self, request, queryset, view):
        rest = QueryDict(mutable=True)
        for name, values in request.GET.lists():
            if name not in KNOWLEDGE_FILTERS:
                rest.setlist(name, values)

        class Stripped:
            GET = rest

        return super().filter_queryset(Stripped, queryset, view)


def parse_day(name, value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as e:
        raise ParamError(name, f"{name} must be a date written YYYY-MM-DD, not {value!r}") from e


class KnowledgePagesAPIViewSet(LanguageMixin, PagesAPIViewSet):
    filter_backends = with_language_search([KnowledgeFieldsFilter, *PagesAPIViewSet.filter_backends[1:]])
    search_in_answer_language = True
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(["lang", *KNOWLEDGE_FILTERS])
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, *DETAIL_ONLY]

    @classmethod
    def get_body_fields(cls, model):
        extra = next((fields for klass, fields in MODEL_FIELDS.items() if issubclass(model, klass)), [])
        return [*super().get_body_fields(model), *cls._convert_api_fields(extra)]

    @classmethod
    def get_meta_fields(cls, model):
        extra = KNOWLEDGE_META if issubclass(model, KnowledgePage) else []
        return [*super().get_meta_fields(model), *cls._convert_api_fields(extra)]

    def get_base_queryset(self):
        """Live pages of this site that the caller may see (core.visibility.visible_pages decides)."""
        site = Site.find_for_request(self.request) or Site.objects.filter(is_default_site=True).first()
        if site is None:
            return Page.objects.none()
        return visible_pages(Page.objects.descendant_of(site.root_page, inclusive=True), self.request.user)

    def check_query_parameters(self, queryset):
        locale = self.request.GET.get("locale")
        if locale is not None and not Locale.objects.filter(language_code=locale).exists():
            known = ", ".join(Locale.objects.values_list("language_code", flat=True))
            raise ParamError("locale", f"unknown locale {locale!r}; known: {known}")
        super().check_query_parameters(queryset)

    def find_object(self, queryset, request):
        """`find/?html_path=` also takes a page's `html_url` path, with its /ja/ or /en/ prefix."""
        path = request.GET.get("html_path")
        if path:
            parts = [part for part in path.split("/") if part]
            if parts and parts[0] in LANGUAGE_CODES:
                request.GET = request.GET.copy()
                request.GET["html_path"] = "/".join(["", *parts[1:], ""])
        return super().find_object(queryset, request)

    def requested_model(self):
        value = (self.request.GET.get("type") or "").strip()
        if value in TYPE_SLUGS:
            return TYPE_SLUGS[value]
        if not value:
            return ProgramNoticePage if self.request.GET.get("status") else None
        try:
            models = page_models_from_string(value)
        except (LookupError, ValueError) as e:
            raise ParamError("type", f"type must be one of {', '.join(TYPE_SLUGS)} (or app_label.ModelName)") from e
        if len(models) != 1:
            raise ParamError("type", "give one type at a time")
        return models[0]

    def get_queryset(self):
        model = self.requested_model()
        if model is None:
            if any(self.request.GET.get(name) for name in KNOWLEDGE_FILTERS):
                model = KnowledgePage
            else:
                return self.get_base_queryset()
        queryset = model.objects.filter(pk__in=self.get_base_queryset().values_list("pk", flat=True))
        if issubclass(model, KnowledgePage):
            filtered = self.filter_knowledge(queryset, model)
            if filtered is not queryset:  # a plain primary-key filter, which `search=` accepts on every backend
                queryset = model.objects.filter(pk__in=filtered.values("pk"))
            queryset = queryset.select_related("municipality__prefecture").prefetch_related("themes")
            if model is CaseStudyPage:
                queryset = queryset.select_related("presenter").prefetch_related("outcomes")
            elif model is ProgramNoticePage:
                queryset = queryset.select_related("organisation")
            elif model is SeminarRecordingPage:
                queryset = queryset.select_related("slides").prefetch_related("speakers")
        return queryset

    def filter_knowledge(self, queryset, model):
        """listing.py's filters (theme, axis, prefecture, year, status) plus municipality and dates; unknown values are errors."""
        params = self.request.GET
        if not any((params.get(name) or "").strip() for name in KNOWLEDGE_FILTERS):
            return queryset
        chosen = clean_filters(self.request, model)
        for name in ("theme", "axis", "prefecture", "year", "status", "person"):
            value = (params.get(name) or "").strip()
            if value and name not in chosen:
                raise ParamError(name, self.unknown_value_message(name, value, model))
        queryset = apply_filters(queryset, chosen)
        municipality = (params.get("municipality") or "").strip()
        if municipality:
            if not Municipality.objects.filter(code=municipality).exists():
                raise ParamError("municipality", f"unknown municipality code {municipality!r} (six digits, e.g. 222062)")
            queryset = queryset.filter(municipality__code=municipality)
        date_from, date_to = (params.get("date_from") or "").strip(), (params.get("date_to") or "").strip()
        if date_from:
            queryset = queryset.filter(date__gte=parse_day("date_from", date_from))
        if date_to:
            queryset = queryset.filter(date__lte=parse_day("date_to", date_to))
        return queryset

    @staticmethod
    def unknown_value_message(name, value, model):
        if name == "theme":
            return f"unknown theme {value!r}; known: {', '.join(Theme.objects.values_list('slug', flat=True))}"
        if name == "status" and model is not ProgramNoticePage:
            return "status applies to notices only (type=notice)"
        if name == "person" and model not in (CaseStudyPage, SeminarRecordingPage):
            return "person applies to case studies and recordings only (type=case-study or type=recording)"
        return f"unknown {name} {value!r}"


# ---------------------------------------------------------------- images and documents


def hidden_from(user, model):
    """Primary keys of images/documents anonymous visitors may not download (core.media's rule)."""
    if user and user.is_authenticated:
        return set()
    return members_only_file_ids(model)


class VisibleMediaMixin(LanguageMixin):
    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if not (user and user.is_authenticated):
            restricted = CollectionViewRestriction.objects.values_list("collection_id", flat=True)
            queryset = queryset.exclude(collection_id__in=list(restricted))
        hidden = hidden_from(user, queryset.model)
        return queryset.exclude(pk__in=hidden) if hidden else queryset


class VisibleImagesAPIViewSet(VisibleMediaMixin, ImagesAPIViewSet):
    filter_backends = with_language_search(ImagesAPIViewSet.filter_backends)
    known_query_parameters = ImagesAPIViewSet.known_query_parameters.union(["lang"])


class VisibleDocumentsAPIViewSet(VisibleMediaMixin, DocumentsAPIViewSet):
    filter_backends = with_language_search(DocumentsAPIViewSet.filter_backends)
    known_query_parameters = DocumentsAPIViewSet.known_query_parameters.union(["lang"])


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", KnowledgePagesAPIViewSet)
api_router.register_endpoint("images", VisibleImagesAPIViewSet)
api_router.register_endpoint("documents", VisibleDocumentsAPIViewSet)


# ---------------------------------------------------------------- the API's root and unknown API URLs


@public_read_only
@require_safe
def api_root(request):
    """GET /api/v2/: the endpoints, so the API's own address answers instead of redirecting to a 404."""
    names = ("pages", "images", "documents", "municipalities", "people")
    endpoints = {name: request.build_absolute_uri(f"{request.path}{name}/") for name in names}
    search = request.build_absolute_uri(reverse("search_api"))
    return JsonResponse({"endpoints": endpoints, "search": search}, json_dumps_params={"ensure_ascii": False})


@public_read_only
def api_not_found(request, rest=""):
    """Any other /api/... URL: a JSON 404 in the APIs' error shape, not a redirect into the language prefixes."""
    request.urlconf = "syndication.api_urlconf"  # LocaleMiddleware redirects a 404 only under i18n_patterns
    response = JsonResponse(error_body(f"no API endpoint at {request.path}; see /api/v2/"), status=404)
    response["Content-Language"] = "en"
    return response
