"""Snippets in the admin (list columns, filters and search for each), and the case-study outcome reminder."""

from django.contrib import messages
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.admin_columns import yes_no
from core.admin_listings import SnippetListingViewSet

from .models import CaseStudyPage, Municipality, Organisation, Person, Prefecture, SeminarRecordingPage, Theme


class MunicipalityViewSet(SnippetListingViewSet):
    model = Municipality
    icon = "site"
    list_display = ["name", "kana", "code", "prefecture", "membership", yes_no(Municipality, "is_current")]
    list_filter = ["membership", "level", "is_current", "prefecture__region"]
    search_fields = ["name_ja", "name_en", "kana", "code"]
    ordering = ["code"]


class PersonViewSet(SnippetListingViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "role", "municipality"]
    list_filter = ["municipality__prefecture__region"]
    search_fields = ["name_ja", "name_en", "role_ja"]


class OrganisationViewSet(SnippetListingViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "short_name", "slug"]
    search_fields = ["name_ja", "name_en", "short_name_ja", "short_name_en"]


class ThemeViewSet(SnippetListingViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "axis", "slug"]
    list_filter = ["axis"]
    search_fields = ["name_ja", "name_en"]


class PrefectureViewSet(SnippetListingViewSet):
    model = Prefecture
    icon = "globe"
    list_display = ["name", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name_ja", "name_en"]
    ordering = ["code"]
    list_per_page = 50


class KnowledgeSnippetGroup(SnippetViewSetGroup):
    menu_label = _("ナレッジの基本データ")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (MunicipalityViewSet, PersonViewSet, OrganisationViewSet, ThemeViewSet, PrefectureViewSet)


register_snippet(KnowledgeSnippetGroup)


# ---------------------------------------------------------------- recordings: caption upload


@hooks.register("register_admin_urls")
def recording_caption_urls():
    from knowledge.recordings.admin_views import import_captions

    return [path("recordings/<int:page_id>/captions/", import_captions, name="recording_import_captions")]


@hooks.register("register_page_header_buttons")
def caption_upload_button(page, user, view_name=None, next_url=None):
    if isinstance(page.specific_deferred, SeminarRecordingPage) and page.permissions_for_user(user).can_edit():
        yield Button(_("字幕を取り込む"), reverse("recording_import_captions", args=[page.pk]), icon_name="media", priority=90)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_missing_outcomes(request, page):
    """A case study without outcomes saves, with a reminder: members look for results."""
    if isinstance(page, CaseStudyPage) and not page.outcomes.all():
        messages.warning(
            request, _("成果指標がまだありません。取り組みの結果がわかる数値（基準値と結果）を「成果指標」に追加してください。")
        )
