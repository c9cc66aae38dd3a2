"""sitemap.xml of public pages with hreflang alternates, and robots.txt."""

from django.contrib.sitemaps.views import sitemap as django_sitemap_view
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.sitemaps import Sitemap

from core.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES, page_languages, url_in
from core.visibility import visible_pages


class PublicPagesSitemap(Sitemap):
    """Live pages with no view restriction (core.visibility); one <url> per language the page has text in."""

    limit = 20_000  # pages per sitemap page; two URLs each at most, under the 50,000 limit

    def items(self):
        pages = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return visible_pages(pages, None).order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        urls = []
        latest = None
        for item in self.paginator.page(page).object_list:
            versions = [(lang, url_in(item, lang, self.request)) for lang in page_languages(item)]
            if not versions or not versions[0][1]:
                continue
            alternates = [{"lang_code": lang, "location": url} for lang, url in versions]
            if len(versions) > 1:
                alternates.append({"lang_code": "x-default", "location": dict(versions)[DEFAULT_LANGUAGE]})
            lastmod = item.last_published_at or item.latest_revision_created_at
            latest = max(filter(None, (latest, lastmod)), default=None)
            for _lang, url in versions:
                urls.append(
                    {"item": item, "location": url, "lastmod": lastmod, "alternates": alternates if len(versions) > 1 else []}
                )
        self.latest_lastmod = latest
        return urls


def sitemap(request):
    return django_sitemap_view(request, sitemaps={"pages": PublicPagesSitemap(request)})


sitemap.cache_anonymous = True


# What search engines should not crawl, by URL name: the members' area and the accounts, searches, exports.
# An entry is (name, args, keep): the reversed URL cut to its first `keep` path segments after the language,
# so that /ja/accounts/login/ stands for all of /ja/accounts/.
ROBOTS_DISALLOWED_URLS = (
    ("login", (), 1),
    ("members:mypage", (), 1),
    ("members:unsubscribe", ("token",), 2),
    ("search", (), 1),
    ("syndication:search_csv", (), 1),
)


def robots_disallow():
    """The paths robots.txt disallows, in every language, reversed from the URL configuration."""
    paths = ["/admin/", reverse("search_api")]
    for code in LANGUAGE_CODES:
        with translation.override(code):
            for name, args, keep in ROBOTS_DISALLOWED_URLS:
                segments = reverse(name, args=args).strip("/").split("/")
                paths.append("/" + "/".join(segments[: keep + 1]) + "/")
    return list(dict.fromkeys(paths))


def robots_txt(request):
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in robots_disallow()),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


robots_txt.cache_anonymous = True
