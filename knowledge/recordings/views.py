"""A recording's media file, captions and chapters, for whoever may see the recording page (core.visibility).

Members-only recordings answer 404 to anonymous visitors, whatever the URL: the files live in a storage no web
server serves, under random names, and only these views read them.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from core.languages import LANGUAGE_CODES
from core.visibility import is_members_only, may_see
from knowledge.models import RecordingMedia, SeminarRecordingPage
from knowledge.recordings.captions import to_srt, to_webvtt
from knowledge.recordings.ranges import ranged_file_response
from knowledge.recordings.transcript import caption_cues, chapter_cues

CONTENT_TYPES = {"vtt": "text/vtt; charset=utf-8", "srt": "application/x-subrip; charset=utf-8"}


def visible_recording(request, page_id):
    page = SeminarRecordingPage.objects.filter(pk=page_id).select_related("media").first()
    if page is None or not may_see(request.user, page):
        raise Http404
    return page


def _private(page):
    return is_members_only(page)


def media_file(request, page_id):
    page = visible_recording(request, page_id)
    if page.media is None or not page.media.file:
        raise Http404
    media = page.media
    return ranged_file_response(request, media.file.storage, media.file.name, media.mime_type, private=_private(page))


def admin_media_file(request, media_id):
    """The admin's preview of an uploaded file: editors only."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise Http404
    media = get_object_or_404(RecordingMedia, pk=media_id)
    return ranged_file_response(request, media.file.storage, media.file.name, media.mime_type, private=True)


def _text_response(page, text, fmt, filename):
    response = HttpResponse(text, content_type=CONTENT_TYPES[fmt])
    response["Cache-Control"] = "private, no-store" if _private(page) else "public, max-age=300"
    if not _private(page):
        response["Access-Control-Allow-Origin"] = "*"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def captions(request, page_id, lang, fmt):
    if lang not in LANGUAGE_CODES:
        raise Http404
    page = visible_recording(request, page_id)
    cues = caption_cues(page, lang)
    if not cues:
        raise Http404
    text = to_webvtt(cues, language=lang, kind="captions") if fmt == "vtt" else to_srt(cues)
    return _text_response(page, text, fmt, f"{page.slug}.{lang}.{fmt}")


def chapters(request, page_id, lang):
    if lang not in LANGUAGE_CODES:
        raise Http404
    page = visible_recording(request, page_id)
    cues = chapter_cues(page, lang)
    if not cues:
        raise Http404
    return _text_response(page, to_webvtt(cues, language=lang, kind="chapters"), "vtt", f"{page.slug}.chapters.{lang}.vtt")
