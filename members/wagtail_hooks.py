"""The editors' admin: a dashboard panel, the report of pages lacking English, a listing indicator,
and member profiles for administrators."""

import datetime

from django.db.models import Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem, MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import PageReportView
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page, WorkflowState
from wagtail.snippets.models import register_snippet

from core.admin_columns import yes_no
from core.admin_listings import SnippetListingViewSet
from knowledge.models import KnowledgePage, ProgramNoticePage

from .models import MemberProfile

DEADLINE_PANEL_DAYS = 14
PANEL_SIZE = 10

LACKS_ENGLISH = (
    Q(title_en__isnull=True) | Q(title_en="") | (Q(summary_ja__gt="") & (Q(summary_en__isnull=True) | Q(summary_en="")))
)


def pages_lacking_english():
    return KnowledgePage.objects.filter(LACKS_ENGLISH)


# ---------------------------------------------------------------- dashboard


class EditorsPanel(Component):
    name = "members_editors_panel"
    order = 50
    template_name = "members/admin/editors_panel.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        today = timezone.localdate()
        notices = (
            ProgramNoticePage.objects.filter(
                applications_close__gte=today, applications_close__lte=today + datetime.timedelta(days=DEADLINE_PANEL_DAYS)
            )
            .exclude(expired=True)
            .order_by("applications_close", "pk")[:PANEL_SIZE]
        )
        in_review = (
            WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
            .filter(base_content_type__app_label="wagtailcore", base_content_type__model="page")
            .select_related("requested_by")
            .order_by("created_at")[:PANEL_SIZE]
        )
        page_ids = [int(state.object_id) for state in in_review]
        pages = Page.objects.in_bulk(page_ids)
        reviews = [(pages[int(s.object_id)], s) for s in in_review if int(s.object_id) in pages]
        return {
            "request": request,
            "today": today,
            "notices": [(n, (n.applications_close - today).days) for n in notices],
            "reviews": reviews,
            "days": DEADLINE_PANEL_DAYS,
        }


@hooks.register("construct_homepage_panels")
def add_editors_panel(request, panels):
    user = request.user
    if user.is_superuser or user.groups.filter(name__in=["Editors", "Moderators"]).exists():
        panels.append(EditorsPanel())


# ---------------------------------------------------------------- report: pages lacking English


class MissingEnglishReportView(PageReportView):
    page_title = _("英語版のないページ")
    header_icon = "doc-full"
    index_url_name = "members_missing_english"
    index_results_url_name = "members_missing_english_results"
    any_permission_required = ["add", "change", "publish"]

    def get_queryset(self):
        return pages_lacking_english().specific().order_by("-latest_revision_created_at", "-pk")

    @property
    def permission_policy(self):
        from wagtail.permission_policies.pages import PagePermissionPolicy

        return PagePermissionPolicy()


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/missing-english/", MissingEnglishReportView.as_view(), name="members_missing_english"),
        path(
            "reports/missing-english/results/",
            MissingEnglishReportView.as_view(results_only=True),
            name="members_missing_english_results",
        ),
    ]


class MissingEnglishMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return user.is_superuser or user.groups.filter(name__in=["Editors", "Moderators"]).exists()


@hooks.register("register_reports_menu_item")
def register_missing_english_menu_item():
    return MissingEnglishMenuItem(
        _("英語版のないページ"), reverse("members_missing_english"), name="missing-english", icon_name="doc-full", order=1200
    )


# ---------------------------------------------------------------- page listing indicator


@hooks.register("register_page_listing_buttons")
def missing_english_indicator(page, user, next_url=None):
    if not issubclass(page.specific_class or Page, KnowledgePage):
        return []
    if not KnowledgePage.objects.filter(pk=page.pk).filter(LACKS_ENGLISH).exists():
        return []
    return [
        ListingButton(
            _("英語版なし"),
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            attrs={"title": _("英語のタイトルか概要が入力されていません"), "data-missing-english": "true"},
            classname="members-missing-english",
            priority=5,
        )
    ]


# ---------------------------------------------------------------- member profiles (administrators only)


class MemberProfileViewSet(SnippetListingViewSet):
    model = MemberProfile
    icon = "user"
    menu_label = _("会員プロフィール")
    menu_order = 600
    add_to_admin_menu = True
    list_display = ["user", "municipality", "language", yes_no(MemberProfile, "unsubscribed"), "last_digest_at"]
    list_filter = ["language", "unsubscribed"]
    search_fields = ["user__username", "user__email"]

    def get_menu_item(self, order=None):
        return AdminOnlyMenuItem(
            label=self.menu_label,
            url=reverse(self.get_url_name("list")),
            name=self.menu_name,
            icon_name=self.icon,
            order=order if order is not None else self.menu_order,
        )


register_snippet(MemberProfileViewSet)
