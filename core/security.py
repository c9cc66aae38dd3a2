"""Content-Security-Policy (with a nonce per response) and Permissions-Policy on every page and the admin.

The site runs no inline script: JavaScript comes from static files ('self'); an inline block needs
`nonce="{{ request.csp_nonce }}"`. Wagtail's admin still writes inline scripts and styles (widgets, panels), so
under /admin/ scripts and styles may be inline (no nonce there: a nonce would switch 'unsafe-inline' off).
Place after core.cache.AnonymousPageCacheMiddleware: a cached page keeps the header of the nonce it holds.
"""

import secrets

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)


def policy(scripts, styles, extra_img="", extra_media="", extra_font=""):
    """The site's and the admin's policies differ only in what scripts and styles may be, and in a few sources."""
    media = " ".join(["'self'", *settings.MEDIA_ORIGINS])
    frames = " ".join(["'self'", *settings.CSP_FRAME_SOURCES])
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {scripts}",
            f"style-src {styles}",
            f"img-src {media} data:{extra_img}",
            f"media-src {media}{extra_media}",
            f"font-src 'self'{extra_font}",
            "connect-src 'self'",
            f"frame-src {frames}",
            "frame-ancestors 'self'",
            "form-action 'self'",
            "base-uri 'self'",
            "object-src 'none'",
        )
    )


def site_policy(nonce):
    return policy(f"'self' 'nonce-{nonce}'", "'self'")


def admin_policy():
    return policy("'self' 'unsafe-inline'", "'self' 'unsafe-inline'", " blob:", " blob:", " data:")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        header = "Content-Security-Policy-Report-Only" if settings.CSP_REPORT_ONLY else "Content-Security-Policy"
        if "Content-Security-Policy" not in response and header not in response:
            in_admin = request.path_info.startswith(self.admin_prefix)
            response[header] = admin_policy() if in_admin else site_policy(request.csp_nonce)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RequestSizeLimitMiddleware:
    """413 with a clear message for a request body over UPLOAD_MAX_REQUEST_SIZE, before anything reads it.
    Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not uploaded files; Wagtail checks each image and
    document against its own maximum and says so in the admin form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.UPLOAD_MAX_REQUEST_SIZE
        if length > limit:
            with translation.override(translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE):
                return self.too_large(limit)
        return self.get_response(request)

    @staticmethod
    def too_large(limit):
        message = _("送信されたデータが大きすぎます（上限 %(limit)s MB）。ファイルを小さくしてからもう一度お試しください。") % {
            "limit": limit // (1024 * 1024)
        }
        return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
