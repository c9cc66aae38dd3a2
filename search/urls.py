"""Search URLs: the page goes inside i18n_patterns (/ja/search/, /en/search/), the API outside it."""

from django.urls import path

from search.api import search_api
from search.views import search_page

page_urlpatterns = [path("search/", search_page, name="search")]
api_urlpatterns = [path("api/search/", search_api, name="search_api")]
