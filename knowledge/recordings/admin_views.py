"""The admin's caption upload for one recording: choose a file and language, see what will change, confirm."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.languages import LANGUAGES
from knowledge.models import SeminarRecordingPage
from knowledge.recordings.captions import MAX_BYTES, CaptionError, decode
from knowledge.recordings.importing import apply_import, plan_import

PREVIEW_LINES = 8


class CaptionUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("字幕ファイル（WebVTT .vtt または SRT .srt）"), required=False)
    language = forms.ChoiceField(label=gettext_lazy("字幕の言語"), choices=LANGUAGES)
    content = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(_("ファイルが大きすぎます（5 MB まで）。"))
            try:
                data["content"] = decode(upload.read())
            except CaptionError as error:
                raise forms.ValidationError(str(error)) from error
        if not data.get("content"):
            raise forms.ValidationError(_("字幕ファイルを選んでください。"))
        return data


def import_captions(request, page_id):
    page = get_object_or_404(SeminarRecordingPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    form = CaptionUploadForm(request.POST or None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_import(page, form.cleaned_data["content"], form.cleaned_data["language"])
        except CaptionError as error:
            form.add_error("file", str(error))
        else:
            if "confirm" in request.POST:
                published = apply_import(plan, user=request.user)
                messages.success(
                    request,
                    _("字幕 %(count)s 件を文字起こしに取り込みました。") % {"count": plan.added}
                    + (_("公開しました。") if published else _("下書きとして保存しました。")),
                )
                return redirect("wagtailadmin_pages:edit", page.pk)
            form = CaptionUploadForm(
                initial={"language": plan.language, "content": form.cleaned_data["content"]},
            )
    return TemplateResponse(
        request,
        "knowledge/admin/import_captions.html",
        {
            "page": page,
            "form": form,
            "plan": plan,
            "preview": plan.cues[:PREVIEW_LINES] if plan else [],
            "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        },
    )
