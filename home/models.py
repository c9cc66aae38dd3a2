"""The home page and standard pages (about, membership, officers)."""

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from knowledge.admin_forms import ReadableSlugPageForm
from knowledge.blocks import BodyBlock
from knowledge.japan_map import prefecture_map
from knowledge.listing import first_pages
from knowledge.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    ProgramNoticePage,
    SeminarRecordingPage,
    per_language,
)
from knowledge.models.pages import PROMOTE_PANELS, TITLE_AND_SLUG_PANELS

HOME_LIST_SIZE = 4


class HomePage(Page):
    mission = models.CharField(_("ミッション"), max_length=120, blank=True)
    intro = RichTextField(_("紹介文"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("mission"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, *per_language(index.SearchField, "intro")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "knowledge.CaseStudyIndexPage",
        "knowledge.SeminarRecordingIndexPage",
        "knowledge.ProgramNoticeIndexPage",
        "home.StandardPage",
    ]

    class Meta:
        verbose_name = _("トップページ")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        context["latest_case_studies"] = first_pages(CaseStudyPage.objects.all(), user, HOME_LIST_SIZE, "-date", "-pk")
        context["open_notices"] = first_pages(
            ProgramNoticePage.objects.filter(ProgramNoticePage.open_calls_filter()),
            user,
            HOME_LIST_SIZE,
            F("applications_close").asc(nulls_last=True),
            F("event_start").asc(nulls_last=True),
            "pk",
            select_related=["organisation"],
        )
        context["recent_recordings"] = first_pages(SeminarRecordingPage.objects.all(), user, HOME_LIST_SIZE, "-date", "-pk")
        case_studies = CaseStudyIndexPage.objects.live().first()
        if case_studies:
            context["japan_map"] = prefecture_map(user, case_studies.get_url(request))
        return context


class StandardPage(Page):
    intro = models.TextField(_("リード文"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("本文"))

    content_panels = [*TITLE_AND_SLUG_PANELS, FieldPanel("intro"), FieldPanel("body")]
    promote_panels = PROMOTE_PANELS
    base_form_class = ReadableSlugPageForm
    search_fields = [
        *Page.search_fields,
        *per_language(index.SearchField, "title"),
        *per_language(index.AutocompleteField, "title"),
        *per_language(index.SearchField, "intro"),
        *per_language(index.SearchField, "body"),
    ]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("標準ページ")
