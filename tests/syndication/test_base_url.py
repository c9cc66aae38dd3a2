"""One base URL for the site: API v2's html_url, the sitemap, feeds, JSON-LD and emails name the same host."""

import re

import pytest
from django.test import override_settings
from wagtail.models import Site

from knowledge.site_tree import ensure_site_tree

pytestmark = pytest.mark.django_db

BASE = "https://knowledge.example.jp"


@override_settings(WAGTAILADMIN_BASE_URL=BASE, ALLOWED_HOSTS=["knowledge.example.jp", "testserver"])
def test_api_sitemap_feed_and_json_ld_agree_on_the_base_url(client, content):
    ensure_site_tree()  # as load_demo_content and import_knowledge do
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("knowledge.example.jp", 443)
    host = {"HTTP_HOST": "knowledge.example.jp", "secure": True}
    item = client.get("/api/v2/pages/", {"type": "case-study", "limit": 50}, **host).json()["items"][0]
    assert item["meta"]["html_url"].startswith(BASE + "/")
    detail_path = item["meta"]["html_url"].removeprefix(BASE)
    sitemap = client.get("/sitemap.xml", **host).content.decode()
    assert f"<loc>{BASE}{detail_path}</loc>" in sitemap
    assert "localhost" not in sitemap
    page_html = client.get(detail_path, **host).content.decode()
    ld = re.findall(r'"url": "([^"]+)"', page_html)
    assert ld and all(url.startswith(BASE) for url in ld)
    feed = client.get("/ja/feeds/case-studies.xml", **host)
    if feed.status_code == 200:  # feeds name the same host
        assert BASE in feed.content.decode() and "localhost" not in feed.content.decode()
