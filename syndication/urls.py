"""URLs: `api_urlpatterns` and `root_urlpatterns` outside the language prefix, `urlpatterns` inside it."""

from django.urls import include, path, re_path

from . import calendar, export, feed_list, feeds, places_api, sitemap
from .api import api_not_found, api_root, api_router

api_urlpatterns = [
    path("api/v2/", api_root, name="api_root"),
    path("api/v2/municipalities/", places_api.municipalities, name="api_municipalities"),
    path("api/v2/municipalities/<str:code>/", places_api.municipality, name="api_municipality"),
    path("api/v2/people/", places_api.people, name="api_people"),
    path("api/v2/people/<str:slug>/", places_api.person, name="api_person"),
    path("api/v2/", api_router.urls),
]
# After every API's URLs (cms/urls.py): any other /api/.../ answers a JSON 404 instead of LocaleMiddleware
# redirecting it to /ja/api/.../, itself a 404. Without the final slash, CommonMiddleware adds it first.
api_fallback_urlpatterns = [re_path(r"^api/(?:.*/)?$", api_not_found, name="api_not_found")]

root_urlpatterns = [
    path("sitemap.xml", sitemap.sitemap, name="sitemap"),
    path("robots.txt", sitemap.robots_txt, name="robots_txt"),
]


def anonymous_cacheable(view):
    view.cache_anonymous = True
    return view


feed_patterns = [path("", feed_list.feed_list, name="index")]  # the page that lists them
for slug, feed_class in feeds.FEEDS:
    feed_patterns += [
        path(f"{slug}/", anonymous_cacheable(feed_class()), name=f"{slug}_atom"),
        path(f"{slug}/rss/", anonymous_cacheable(feeds.rss(feed_class)()), name=f"{slug}_rss"),
    ]

urlpatterns = [
    path("feeds/", include((feed_patterns, "feeds"))),
    path("calendar/notices.ics", calendar.notices_calendar, name="notices_ics"),
    path("calendar/notice-<int:page_id>.ics", calendar.notice_calendar, name="notice_ics"),
    path("export/listing-<int:page_id>.csv", export.listing_csv, name="listing_csv"),
    path("export/search.csv", export.search_csv, name="search_csv"),
    path("export/outcomes.csv", export.outcomes_csv, name="outcomes_csv"),
]
