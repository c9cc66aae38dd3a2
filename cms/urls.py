import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import media
from members.views import AdminLoginView
from search import urls as search_urls
from syndication import urls as syndication_urls

handler500 = "core.errors.server_error"

urlpatterns = [
    # Wagtail's login view, answering 429 with Retry-After while signing in is locked (members/views.py)
    path("admin/login/", AdminLoginView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/<int:document_id>/<str:document_filename>", media.serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("knowledge.recordings.urls")),  # recordings' media, captions and chapters, privacy checked
    *syndication_urls.api_urlpatterns,
    *syndication_urls.root_urlpatterns,
    *search_urls.api_urlpatterns,
    *syndication_urls.api_fallback_urlpatterns,
]

urlpatterns += i18n_patterns(
    path("", include("members.urls")),  # accounts/login/ ("login"), accounts/logout/ ("logout"), mypage/...
    path("", include((syndication_urls.urlpatterns, "syndication"))),
    *search_urls.page_urlpatterns,
    path("", include("knowledge.urls")),  # outcomes/, municipalities/, people/
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.MEDIA_SERVE:
    # Local media, members-only files checked (core/media.py); object storage serves its own signed URLs.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.insert(0, re_path(rf"^{media_prefix}(?P<path>.+)$", media.serve_media))

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns = staticfiles_urlpatterns() + urlpatterns
