"""URLs: `api_urlpatterns` and `root_urlpatterns` outside the language prefix, `urlpatterns` inside it."""

from django.urls import include, path

from . import calendar, export, feed_list, feeds, sitemap
from .api import api_router

api_urlpatterns = [path("api/v2/", api_router.urls)]

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
]
