"""Atom and RSS feeds per language: new case studies, new recordings, new and changed notices.

Feeds are read by anonymous feed readers, so they only ever list public pages. The English feeds list only pages
that have English text.
"""

from django.contrib.syndication.views import Feed
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from core.dates import localdate_display
from core.languages import current_language
from core.visibility import public_pages, visible_pages
from knowledge.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    ProgramNoticeIndexPage,
    ProgramNoticePage,
    SeminarRecordingIndexPage,
    SeminarRecordingPage,
)

FEED_SIZE = 30


def with_english_text():
    """Pages whose English title and summary exist (the query form of KnowledgePage.lacks_english)."""
    return Q(title_en__isnull=False) & ~Q(title_en="") & ((Q(summary_en__isnull=False) & ~Q(summary_en="")) | Q(summary_ja=""))


class KnowledgeFeed(Feed):
    feed_type = Atom1Feed
    model = None
    title_text = ""
    description_text = ""
    order_by = (F("first_published_at").desc(nulls_last=True), "-pk")

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.title_text} | {_('日本首長連合 ナレッジサイト')}"

    def subtitle(self):
        return self.description_text

    description = subtitle

    def link(self):
        index = self.index_page()
        return index.get_url(self.request) if index else f"/{current_language()}/"

    def feed_url(self):
        return self.request.path

    def index_page(self):
        site = Site.find_for_request(self.request)
        if site is None:
            return None
        index_model = {
            CaseStudyPage: CaseStudyIndexPage,
            SeminarRecordingPage: SeminarRecordingIndexPage,
            ProgramNoticePage: ProgramNoticeIndexPage,
        }[self.model]
        return public_pages(index_model.objects.descendant_of(site.root_page).live()).first()

    def items(self):
        queryset = visible_pages(self.model.objects.all(), None)  # anonymous: public pages only
        if current_language() == "en":
            queryset = queryset.filter(with_english_text())
        return queryset.select_related("municipality__prefecture").prefetch_related("themes").order_by(*self.order_by)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return self.request.build_absolute_uri(item.get_url(self.request))

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at

    def item_categories(self, item):
        names = [theme.name for theme in item.themes.all()]
        if item.municipality:
            names.append(item.municipality.name)
        return names


class CaseStudyFeed(KnowledgeFeed):
    model = CaseStudyPage
    title_text = _("先進事例の新着")
    description_text = _("首長が発表した地方創生の先進事例の新着情報です。")


class RecordingFeed(KnowledgeFeed):
    model = SeminarRecordingPage
    title_text = _("セミナー録画の新着")
    description_text = _("日本首長連合のセミナー録画の新着情報です。")


class NoticeFeed(KnowledgeFeed):
    """New notices and notices whose text or dates changed: ordered by their latest publication."""

    model = ProgramNoticePage
    title_text = _("お知らせの新着・更新")
    description_text = _("国の事業、イベント、マッチングのお知らせの新着と更新です。")
    order_by = (Coalesce("last_published_at", "first_published_at").desc(nulls_last=True), "-pk")

    def items(self):
        return super().items().select_related("organisation")

    def item_description(self, item):
        lines = [f"{_('状況')}: {item.current_status.label}"]
        if item.applications_close:
            lines.append(f"{_('締切')}: {localdate_display(item.applications_close)}")
        if item.event_start:
            lines.append(f"{_('開催日')}: {localdate_display(item.event_start)}")
        if item.summary:
            lines.append(item.summary)
        return "\n".join(lines)


def rss(feed_class):
    return type(f"{feed_class.__name__}Rss", (feed_class,), {"feed_type": Rss201rev2Feed})


# (URL slug, feed): the content types that have feeds (syndication/urls.py), in the order /feeds/ lists them
FEEDS = (
    ("case-studies", CaseStudyFeed),
    ("recordings", RecordingFeed),
    ("notices", NoticeFeed),
)
