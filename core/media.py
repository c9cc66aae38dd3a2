"""Who may download an uploaded file, and serving local media: the one place for the members-only rule on files.

A document, image or other uploaded file is members only when pages use it (Wagtail's reference index says
where) and not one of them is a live public page. A file that any live public page shows is public: every
visitor sees it there anyway (public wins). A file that no page uses, or that a snippet uses, is public.
Signed-in people may download every file. Who may see a page is core.visibility's rule.
"""

import mimetypes
import posixpath
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.static import was_modified_since
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents.models import document_served
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

from core.cache import generation
from core.visibility import public_pages

# Files anyone may fetch: Wagtail's user avatars.
PUBLIC_FOLDERS = ("avatar_images/",)
FILE_HEADERS = {"X-Content-Type-Options": "nosniff", "Content-Security-Policy": "default-src 'none'"}


def is_members_only_file(obj):
    """True when pages use this file and none of them is a live page an anonymous visitor may see."""
    key = f"site:file-members-only:{obj._meta.label_lower}:{obj.pk}:{generation()}"
    answer = cache.get(key)
    if answer is None:
        answer = _used_only_on_hidden_pages(obj)
        cache.set(key, answer, 3600)
    return answer


def _used_only_on_hidden_pages(obj):
    return obj.pk in members_only_file_ids(type(obj), ReferenceIndex.get_references_to(obj))


def members_only_file_ids(model, references=None):
    """Primary keys of the model's files that are members only (the rule above), for many files at once."""
    if references is None:
        references = ReferenceIndex.objects.filter(to_content_type=ContentType.objects.get_for_model(model))
    page_type = ContentType.objects.get_for_model(Page).pk
    used_on, used_elsewhere = {}, set()
    for content_type, object_id, file_id in references.values_list("base_content_type_id", "object_id", "to_object_id"):
        if content_type == page_type:
            used_on.setdefault(file_id, set()).add(int(object_id))
        else:
            used_elsewhere.add(file_id)
    page_ids = {page for pages in used_on.values() for page in pages}
    public = set(public_pages(Page.objects.filter(pk__in=page_ids).live()).values_list("pk", flat=True)) if page_ids else set()
    return {
        int(file_id)
        for file_id, pages in used_on.items()
        if file_id.isdigit() and file_id not in used_elsewhere and not pages & public
    }


def may_download(user, obj):
    return bool(user and user.is_authenticated) or not is_members_only_file(obj)


def refusal(request, as_login_redirect=True):
    """What an anonymous visitor gets for a members-only file: the login page (documents) or 403 (images)."""
    if as_login_redirect:
        return redirect_to_login(request.get_full_path())
    return HttpResponseForbidden(_("このファイルは会員の方のみご覧いただけます。"), content_type="text/plain; charset=utf-8")


def before_serve_document(document, request):
    """Wagtail's document serve view asks here (core/wagtail_hooks.py)."""
    if not may_download(request.user, document):
        return refusal(request)
    return None


def serve_document(request, document_id, document_filename):
    """/documents/<id>/<filename>: Wagtail's serve view (its before_serve_document hooks check collections and
    pages), answered from storage with the document's type, disposition and caching headers."""
    document = get_object_or_404(get_document_model(), id=document_id)
    if document.filename != document_filename:
        raise Http404
    for check in hooks.get_hooks("before_serve_document"):
        result = check(document, request)
        if isinstance(result, HttpResponse):
            return result
    document_served.send(sender=type(document), instance=document, request=request)
    response = file_response(request, document.file.name, document.content_disposition, document.content_type)
    set_cache_headers(response, is_members_only_file(document))
    return response


def set_cache_headers(response, members_only):
    if members_only:
        response["Cache-Control"] = "private, max-age=3600"
    else:
        response["Cache-Control"] = f"public, max-age={settings.MEDIA_CACHE_SECONDS}"
    response["Vary"] = "Cookie"


# ------------------------------------------------------------------ whose file is it


def _original_image(name):
    return get_image_model().objects.filter(file=name).first()


def _rendition_image(name):
    rendition = get_image_model().get_rendition_model().objects.filter(file=name).select_related("image").first()
    return rendition.image if rendition else None


def _document(name):
    return get_document_model().objects.filter(file=name).first()


OWNERS = {"original_images/": _original_image, "images/": _rendition_image, "documents/": _document}


def file_owner(name):
    """(found, owner): the model instance a stored file belongs to. Other apps register the Wagtail hook
    `media_file_owner(name)` returning the owner of their own files (or None when the file is not theirs)."""
    for folder, lookup in OWNERS.items():
        if name.startswith(folder):
            return True, lookup(name)
    for lookup in hooks.get_hooks("media_file_owner"):
        owner = lookup(name)
        if owner is not None:
            return True, owner
    return name.startswith(PUBLIC_FOLDERS), None


# ------------------------------------------------------------------ serving local files


def clean_name(path):
    name = posixpath.normpath(path).lstrip("/")
    if name in ("", ".") or name.startswith("..") or "\\" in name or "\x00" in name:
        raise Http404
    return name


def serve_media(request, path):
    """/media/<path> for local storage: public files for everyone, members-only files for signed-in people."""
    name = clean_name(path)
    found, owner = file_owner(name)
    if not found:
        raise Http404
    members_only = owner is not None and is_members_only_file(owner)
    if members_only and not request.user.is_authenticated:
        return refusal(request, as_login_redirect=name.startswith("documents/"))
    response = file_response(request, name, getattr(owner, "content_disposition", None))
    set_cache_headers(response, members_only)
    return response


def file_response(request, name, content_disposition=None, content_type=None):
    """The stored file with its type and headers; by X-Accel-Redirect when MEDIA_ACCEL_REDIRECT_PREFIX is set."""
    if not default_storage.exists(name):
        raise Http404
    modified = default_storage.get_modified_time(name).timestamp()
    if not was_modified_since(request.headers.get("if-modified-since"), modified):
        return HttpResponseNotModified()
    content_type = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    prefix = getattr(settings, "MEDIA_ACCEL_REDIRECT_PREFIX", "")
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(name)
    else:
        response = FileResponse(default_storage.open(name), content_type=content_type)
    response["Last-Modified"] = http_date(modified)
    if content_disposition:
        response["Content-Disposition"] = content_disposition
    for header, value in FILE_HEADERS.items():
        response[header] = value
    return response
