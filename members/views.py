"""The members' area: sign-in and passwords, My page, saved searches, bookmarks and unsubscribing."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.admin.views import account as wagtail_account

from core.languages import current_language
from core.visibility import visible_pages
from knowledge.models import CaseStudyPage, KnowledgePage, SeminarRecordingPage

from .forms import AlertSettingsForm, LoginForm, SavedSearchForm, ThrottledPasswordResetForm
from .models import Bookmark, MemberProfile, SavedSearch

UNSUBSCRIBE_SALT = "members.unsubscribe"
MY_PAGE_LIST_SIZE = 20


def profile_for(user):
    profile, _created = MemberProfile.objects.get_or_create(user=user, defaults={"language": current_language()})
    return profile


def search_url(language, querystring=""):
    return f"/{language}/search/" + (f"?{querystring}" if querystring else "")


def safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


# ---------------------------------------------------------------- accounts


class LockoutResponseMixin:
    """A login view whose form refused because signing in is locked (forms.LockoutMixin, counted by
    throttle.py) answers 429 Too Many Requests with Retry-After, the form saying so in the user's language.
    The site's login and the admin's login both."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "throttled", False):
            response.status_code = 429
            response["Retry-After"] = str(form.locked_seconds)
        return response


class LoginView(LockoutResponseMixin, auth_views.LoginView):
    template_name = "members/login.html"
    form_class = LoginForm

    def get_default_redirect_url(self):
        return reverse("members:mypage")


class AdminLoginView(LockoutResponseMixin, wagtail_account.LoginView):
    """Wagtail's admin login (its form: settings.WAGTAILADMIN_USER_LOGIN_FORM), at /admin/login/ (cms/urls.py)."""


class LogoutView(auth_views.LogoutView):
    def get_default_redirect_url(self):
        return f"/{current_language()}/"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "members/password_reset_form.html"
    email_template_name = "members/email/password_reset.txt"
    subject_template_name = "members/email/password_reset_subject.txt"
    form_class = ThrottledPasswordResetForm
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "members/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "members/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "members/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "members/password_change_form.html"
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "members/password_change_done.html"


# ---------------------------------------------------------------- My page


@login_required
def mypage(request):
    user = request.user
    profile = profile_for(user)
    municipality = profile.municipality
    case_studies = recordings = []
    if municipality:
        case_studies = visible_pages(CaseStudyPage.objects.filter(municipality=municipality), user).order_by("-date", "-pk")
        recordings = visible_pages(SeminarRecordingPage.objects.filter(municipality=municipality), user).order_by("-date", "-pk")
    bookmarks = list(Bookmark.objects.filter(user=user))
    visible = {
        page.pk: page
        for page in visible_pages(KnowledgePage.objects.filter(pk__in=[b.page_id for b in bookmarks]), user).specific()
    }
    if request.method == "POST":
        settings_form = AlertSettingsForm(request.POST, instance=profile)
        if settings_form.is_valid():
            settings_form.save()
            messages.success(request, _("メールの設定を保存しました。"))
            return redirect("members:mypage")
    else:
        settings_form = AlertSettingsForm(instance=profile)
    saved_searches = [(s, search_url(s.language, s.querystring())) for s in SavedSearch.objects.filter(user=user)]
    return render(
        request,
        "members/mypage.html",
        {
            "profile": profile,
            "municipality": municipality,
            "case_studies": case_studies[:MY_PAGE_LIST_SIZE] if municipality else [],
            "recordings": recordings[:MY_PAGE_LIST_SIZE] if municipality else [],
            "saved_searches": saved_searches,
            "bookmarked_pages": [visible[b.page_id] for b in bookmarks if b.page_id in visible],
            "settings_form": settings_form,
        },
    )


@require_POST
def save_search(request):
    form = SavedSearchForm(request.POST)
    valid = form.is_valid()
    fields = form.saved_search_fields(current_language()) if valid else {}
    back = search_url(fields.get("language") or current_language(), SavedSearch(**fields).querystring() if valid else "")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    if not valid:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(safe_next(request, reverse("members:mypage")))
    _search, created = SavedSearch.objects.get_or_create(user=request.user, **fields)
    profile_for(request.user)
    if created:
        messages.success(request, _("検索条件を保存しました。新しく該当するページが公開されると、メールでお知らせします。"))
    else:
        messages.info(request, _("この検索条件はすでに保存されています。"))
    return redirect(safe_next(request, back))


@login_required
@require_POST
def delete_saved_search(request, pk):
    search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    search.delete()
    messages.success(request, _("保存した検索条件を削除しました。"))
    return redirect(safe_next(request, reverse("members:mypage")))


def _bookmarkable_page(request, raw_id):
    if not str(raw_id or "").isdigit():
        raise Http404
    return get_object_or_404(visible_pages(KnowledgePage.objects.all(), request.user), pk=int(raw_id))


@require_POST
def add_bookmark(request):
    raw_id = request.POST.get("page", "")
    if not request.user.is_authenticated:
        page = _bookmarkable_page(request, raw_id)
        return redirect_to_login(page.specific.get_url(request) or "/")
    page = _bookmarkable_page(request, raw_id)
    _bookmark, created = Bookmark.objects.get_or_create(user=request.user, page=page)
    profile_for(request.user)
    messages.success(request, _("ブックマークに追加しました。") if created else _("このページはすでにブックマークしています。"))
    return redirect(safe_next(request, page.specific.get_url(request) or reverse("members:mypage")))


@login_required
@require_POST
def remove_bookmark(request, page_id):
    deleted, _counts = Bookmark.objects.filter(user=request.user, page_id=page_id).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("ブックマークを外しました。"))
    return redirect(safe_next(request, reverse("members:mypage")))


# ---------------------------------------------------------------- unsubscribing without signing in


def unsubscribe_token(user):
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user, language):
    with translation.override(language):
        path = reverse("members:unsubscribe", args=[unsubscribe_token(user)])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@csrf_exempt  # the signed token is the credential; mail clients' one-click unsubscribe posts without a CSRF token
def unsubscribe(request, token):
    try:
        user_pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return render(request, "members/unsubscribe.html", {"invalid": True}, status=400)
    profile = MemberProfile.objects.filter(user_id=user_pk).first()
    if profile is None:
        return render(request, "members/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        if not profile.unsubscribed:
            profile.unsubscribed = True
            profile.save(update_fields=["unsubscribed"])
        return render(request, "members/unsubscribe.html", {"done": True})
    return render(request, "members/unsubscribe.html", {"already": profile.unsubscribed})
