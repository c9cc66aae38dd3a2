"""The three index pages: each lists its children with filters and pagination (knowledge.listing)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

# The module, not its names: knowledge.listing reads the page models (knowledge.models.pages) and may be
# imported first, before it has defined them.
from knowledge import japan_map, listing
from knowledge.models.pages import CaseStudyPage, ProgramNoticePage, SeminarRecordingPage, per_language


class KnowledgeIndexPage(Page):
    """Lists its children with filters and pagination."""

    intro = RichTextField(_("紹介文"), blank=True, features=["bold", "italic", "link"])
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, *per_language(index.SearchField, "intro")]
    child_model = None
    max_count = 1

    class Meta:
        abstract = True

    def children_for(self, request):
        return listing.filtered_children(self, request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(listing.listing_context(self, request))
        return context


class CaseStudyIndexPage(KnowledgeIndexPage):
    child_model = CaseStudyPage
    parent_page_types = ["home.HomePage"]
    subpage_types = ["knowledge.CaseStudyPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The listing has read every visible case study's prefecture already: the map counts those.
        counts = context["prefecture_counts"]
        context["japan_map"] = japan_map.prefecture_map(request.user, self.get_url(request), counts)
        return context

    class Meta:
        verbose_name = _("先進事例の一覧")


class SeminarRecordingIndexPage(KnowledgeIndexPage):
    child_model = SeminarRecordingPage
    parent_page_types = ["home.HomePage"]
    subpage_types = ["knowledge.SeminarRecordingPage"]

    class Meta:
        verbose_name = _("セミナー録画の一覧")


class ProgramNoticeIndexPage(KnowledgeIndexPage):
    child_model = ProgramNoticePage
    parent_page_types = ["home.HomePage"]
    subpage_types = ["knowledge.ProgramNoticePage"]

    class Meta:
        verbose_name = _("お知らせの一覧")
