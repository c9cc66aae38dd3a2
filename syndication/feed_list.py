"""The page at /ja/feeds/ and /en/feeds/ that lists the site's feeds: Atom and RSS per content type and
language, and the iCalendar of notices' deadlines and event dates."""

from dataclasses import dataclass

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.languages import LANGUAGES

from . import feeds


@dataclass
class FeedLink:
    lang: str
    language_name: str  # in its own language: 日本語, English
    url: str
    rss_url: str = ""


def _in_each_language(*names):
    """[FeedLink] for each site language: the URLs named `names` (first one, then RSS) reversed in it."""
    links = []
    for code, name in LANGUAGES:
        with translation.override(code):
            urls = [reverse(n) for n in names]
        links.append(FeedLink(code, name, *urls))
    return links


def feed_list(request):
    context = {
        "feeds": [
            {
                "title": feed_class.title_text,
                "description": feed_class.description_text,
                "links": _in_each_language(f"syndication:feeds:{slug}_atom", f"syndication:feeds:{slug}_rss"),
            }
            for slug, feed_class in feeds.FEEDS
        ],
        "calendar": {
            "title": _("お知らせの締切と開催日（iCalendar）"),
            "links": _in_each_language("syndication:notices_ics"),
        },
    }
    return TemplateResponse(request, "syndication/feed_list.html", context)


feed_list.cache_anonymous = True
