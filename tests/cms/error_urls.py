"""The site's URLs plus one view that fails, to see the 500 page (tests/cms/test_error_pages.py)."""

from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("failing-view/", failing_view), *site_urlpatterns]
