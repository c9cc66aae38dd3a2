from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from search import urls as search_urls
from syndication import urls as syndication_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
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
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns = staticfiles_urlpatterns() + static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
