"""The site's URLs and 500 handler plus views that fail as a bug and as a database outage (test_serving.py)."""

from django.db import OperationalError
from django.urls import path

from cms.urls import handler500  # noqa: F401 (the site's handler, as in production)
from cms.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("a bug in a view")


def database_down_view(request):
    try:
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    except OperationalError as error:
        raise RuntimeError("loading the page failed") from error


urlpatterns = [path("failing-view/", failing_view), path("database-down/", database_down_view), *site_urlpatterns]
