from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from knowledge.models import Axis, CaseStudyPage, Prefecture, ProgramNoticePage, SeminarRecordingPage, Theme

from . import throttle
from .models import MemberProfile, SavedSearch

PAGE_TYPES = {model.type_slug: model for model in (CaseStudyPage, SeminarRecordingPage, ProgramNoticePage)}


def locked_message(seconds):
    """What a locked-out person is told: that signing in is locked, and for about how long."""
    text = ngettext(
        "ログインの失敗が続いたため、ログインを一時的に止めています。あと約%(seconds)d秒たってから、もう一度お試しください。",
        "ログインの失敗が続いたため、ログインを一時的に止めています。あと約%(seconds)d秒たってから、もう一度お試しください。",
        seconds,
    )
    return text % {"seconds": seconds}


class LockoutMixin:
    """A login form that refuses early, saying for how long, while the account name or address is throttled
    (members/throttle.py). The message is the same whether or not the account exists."""

    throttled = False
    locked_seconds = 0

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and (seconds := throttle.locked_for(self.request, username)):
            self.throttled, self.locked_seconds = True, seconds
            raise ValidationError(locked_message(seconds), code="throttled")
        return super().clean()


class LoginForm(LockoutMixin, AuthenticationForm):
    """The site's login form (members' area)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("ユーザー名またはパスワードが正しくありません。"),
    }


class AdminLoginForm(LockoutMixin, WagtailLoginForm):
    """Wagtail's admin login form, saying so when signing in is locked (settings WAGTAILADMIN_USER_LOGIN_FORM)."""


class ThrottledPasswordResetForm(PasswordResetForm):
    """Sends at most a few reset emails per address and per hour; the page shown is the same either way."""

    RESETS_PER_EMAIL_PER_HOUR = 3

    def save(self, *args, request=None, **kwargs):
        if not throttle.count_request("password-reset", self.cleaned_data["email"], self.RESETS_PER_EMAIL_PER_HOUR):
            return
        return super().save(*args, request=request, **kwargs)


class SavedSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, strip=True)
    lang = forms.ChoiceField(required=False, choices=settings.LANGUAGES)
    type = forms.CharField(required=False, max_length=30)
    theme = forms.CharField(required=False, max_length=80)
    axis = forms.CharField(required=False, max_length=10)
    prefecture = forms.CharField(required=False, max_length=4)
    year = forms.CharField(required=False, max_length=4)

    error_messages = {
        "type": _("検索する種類の指定が正しくありません。"),
        "theme": _("指定したテーマが見つかりません。"),
        "axis": _("軸の指定が正しくありません。"),
        "prefecture": _("指定した都道府県が見つかりません。"),
        "year": _("年は1900〜2100の数字で指定してください。"),
        "empty": _("検索語か絞り込み条件を一つ以上指定してください。"),
    }

    def clean_type(self):
        value = self.cleaned_data["type"].strip()
        if value and value not in PAGE_TYPES:
            raise ValidationError(self.error_messages["type"])
        return value

    def clean_theme(self):
        value = self.cleaned_data["theme"].strip()
        if value and not Theme.objects.filter(slug=value).exists():
            raise ValidationError(self.error_messages["theme"])
        return value

    def clean_axis(self):
        value = self.cleaned_data["axis"].strip()
        if value and value not in Axis.values:
            raise ValidationError(self.error_messages["axis"])
        return value

    def clean_prefecture(self):
        value = self.cleaned_data["prefecture"].strip()
        if value and not (value.isdigit() and Prefecture.objects.filter(code=int(value)).exists()):
            raise ValidationError(self.error_messages["prefecture"])
        return str(int(value)) if value else ""

    def clean_year(self):
        value = self.cleaned_data["year"].strip()
        if value and not (value.isdigit() and 1900 <= int(value) <= 2100):
            raise ValidationError(self.error_messages["year"])
        return value

    def clean(self):
        data = super().clean()
        if not self.errors and not any(data.get(name) for name in ("q", "type", "theme", "axis", "prefecture", "year")):
            raise ValidationError(self.error_messages["empty"])
        return data

    def saved_search_fields(self, default_language):
        data = self.cleaned_data
        return {
            "query": data["q"],
            "language": data["lang"] or default_language,
            "type": data["type"],
            "theme": data["theme"],
            "axis": data["axis"],
            "prefecture": data["prefecture"],
            "year": data["year"],
        }


class AlertSettingsForm(forms.ModelForm):
    receive_alerts = forms.BooleanField(label=_("新着と締切間近のお知らせをメールで受け取る"), required=False)

    class Meta:
        model = MemberProfile
        fields = ["language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receive_alerts"].initial = not self.instance.unsubscribed

    def save(self, commit=True):
        self.instance.unsubscribed = not self.cleaned_data["receive_alerts"]
        return super().save(commit=commit)


def saved_search_exists(user, fields):
    return SavedSearch.objects.filter(user=user, **fields).exists()
