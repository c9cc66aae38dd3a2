"""Members: their municipality, saved searches, bookmarks and the log that makes alerts exactly-once."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask

MEMBERS_GROUP = "Members"
LANGUAGE_CHOICES = settings.LANGUAGES
SEARCH_FACETS = ("type", "theme", "axis", "prefecture", "year")


class MemberProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profile", verbose_name=_("ユーザー")
    )
    municipality = models.ForeignKey(
        "knowledge.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_profiles",
        verbose_name=_("所属自治体"),
        help_text=_("会員アカウントは必ず所属自治体を設定してください。"),
    )
    language = models.CharField(_("メールの言語"), max_length=5, choices=LANGUAGE_CHOICES, default="ja")
    unsubscribed = models.BooleanField(_("お知らせメールの配信停止"), default=False)
    last_digest_at = models.DateTimeField(_("前回のお知らせメール"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("会員プロフィール")
        verbose_name_plural = _("会員プロフィール")
        ordering = ["user__username"]

    def __str__(self):
        return f"{self.user.get_username()} ({self.municipality or '-'})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # An account with a municipality is a member: keep the group in step.
        if self.municipality_id:
            group, _created = Group.objects.get_or_create(name=MEMBERS_GROUP)
            self.user.groups.add(group)


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches", verbose_name=_("ユーザー")
    )
    query = models.CharField(_("検索語"), max_length=200, blank=True)
    language = models.CharField(_("言語"), max_length=5, choices=LANGUAGE_CHOICES, default="ja")
    type = models.CharField(_("種類"), max_length=30, blank=True)
    theme = models.CharField(_("テーマ"), max_length=80, blank=True)
    axis = models.CharField(_("軸"), max_length=10, blank=True)
    prefecture = models.CharField(_("都道府県"), max_length=4, blank=True)
    year = models.CharField(_("年"), max_length=4, blank=True)
    created_at = models.DateTimeField(_("保存日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("保存した検索条件")
        verbose_name_plural = _("保存した検索条件")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "query", "language", "type", "theme", "axis", "prefecture", "year"],
                name="members_unique_saved_search",
            )
        ]

    def __str__(self):
        return self.query or "*"

    def facets(self):
        return {name: getattr(self, name) for name in SEARCH_FACETS if getattr(self, name)}

    def querystring(self):
        params = {"q": self.query} if self.query else {}
        params.update(self.facets())
        return urlencode(params)


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks", verbose_name=_("ユーザー")
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("ページ"))
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("ブックマーク")
        verbose_name_plural = _("ブックマーク")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="members_unique_bookmark")]

    def __str__(self):
        return f"{self.user_id} → {self.page_id}"


class SentAlert(models.Model):
    """One row per (member, page, reason) ever emailed: what makes each item go out once."""

    class Kind(models.TextChoices):
        NEW_PAGE = "new", _("新着")
        DEADLINE = "deadline", _("締切間近")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_alerts", verbose_name=_("ユーザー")
    )
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("送信済みのお知らせ")
        verbose_name_plural = _("送信済みのお知らせ")
        constraints = [models.UniqueConstraint(fields=["user", "page", "kind"], name="members_alert_sent_once")]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.page_id}"


class ReasonRequiredForm(TaskStateCommentForm):
    """Requesting changes needs a reason the editor can act on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = True
        self.fields["comment"].label = _("修正を依頼する理由")


class ReviewTask(AbstractGroupApprovalTask):
    """A group approval task whose "request changes" action requires a reason."""

    def get_form_for_action(self, action):
        if action == "reject":
            return ReasonRequiredForm
        return super().get_form_for_action(action)

    @classmethod
    def get_description(cls):
        return _("選んだグループのメンバーが承認します。修正を依頼するときは理由の記入が必要です。")

    class Meta:
        verbose_name = _("レビュー（理由つき差し戻し）")
        verbose_name_plural = _("レビュー（理由つき差し戻し）")
