import json
import re
import xml.etree.ElementTree as ET

import pytest

from tests import factories

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        url.findtext(f"{SM}loc"): {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        for url in root.findall(f"{SM}url")
    }


def test_sitemap_lists_public_pages_with_hreflang_alternates(client, content):
    entries = sitemap_entries(client)
    ja, en = "http://testserver/ja/case-studies/garden-city/", "http://testserver/en/case-studies/garden-city/"
    assert entries[ja] == {"ja": ja, "en": en, "x-default": ja}
    assert entries[en] == entries[ja]
    # Japanese only: no English URL, no alternates
    assert entries["http://testserver/ja/case-studies/onsen-town/"] == {}
    assert "http://testserver/en/case-studies/onsen-town/" not in entries
    assert not [loc for loc in entries if "secret" in loc]
    assert "http://testserver/ja/" in entries and "http://testserver/en/notices/" in entries


def test_page_heads_give_the_same_alternates_as_the_sitemap(client, content):
    def head_alternates(url):
        html = client.get(url).content.decode()
        return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))

    entries = sitemap_entries(client)
    for url in ("/ja/case-studies/garden-city/", "/en/case-studies/garden-city/"):
        assert head_alternates(url) == entries["http://testserver/ja/case-studies/garden-city/"]
    # Japanese only: no alternates on either address, and the English one is kept out of search engines
    assert head_alternates("/ja/case-studies/onsen-town/") == {}
    assert head_alternates("/en/case-studies/onsen-town/") == {}
    assert meta(client.get("/en/case-studies/onsen-town/").content.decode(), "robots") == "noindex"


def test_robots_txt_points_at_the_sitemap(client, content):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text and "Disallow: /ja/search/" in text
    assert re.search(r"^Sitemap: http://testserver/sitemap.xml$", text, re.M)


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return {item["@type"]: item for item in json.loads(blocks[0])["@graph"]}


def meta(html, prop):
    found = re.search(rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def test_case_study_has_social_metadata_and_article_json_ld_in_its_language(client, content):
    html = client.get("/en/case-studies/garden-city/").content.decode()
    assert meta(html, "og:title") == "A garden city built on spring water"
    assert meta(html, "og:locale") == "en_US" and meta(html, "og:locale:alternate") == "ja_JP"
    assert meta(html, "og:url") == "http://testserver/en/case-studies/garden-city/"
    assert meta(html, "twitter:card") == "summary"
    assert meta(html, "robots") is None
    graph = json_ld(html)
    assert graph["Article"]["headline"] == "A garden city built on spring water"
    assert graph["Article"]["author"]["name"] == "Takeshi Toyooka"
    assert graph["Article"]["inLanguage"] == "en"
    assert graph["Organization"]["name"] == "Mayoral Alliance for LOCAL JAPAN"
    crumbs = [i["name"] for i in graph["BreadcrumbList"]["itemListElement"]]
    assert crumbs == ["Mayoral Alliance for LOCAL JAPAN", "Case studies", "A garden city built on spring water"]
    japanese = client.get("/ja/case-studies/garden-city/").content.decode()
    assert meta(japanese, "og:title") == "湧水と緑を活かしたガーデンシティ"
    assert json_ld(japanese)["Article"]["inLanguage"] == "ja"


def test_untranslated_english_page_is_kept_out_of_search_engines(client, content):
    html = client.get("/en/case-studies/onsen-town/").content.decode()
    assert meta(html, "robots") == "noindex"
    assert json_ld(html)["Article"]["inLanguage"] == "ja"


def test_recording_json_ld_has_clips_seek_action_and_transcript(client, content):
    html = client.get("/en/seminars/ai-seminar/").content.decode()
    video = json_ld(html)["VideoObject"]
    assert video["duration"] == "PT1H2M5S"
    assert video["thumbnailUrl"] == "https://i.ytimg.com/vi/devset00006/hqdefault.jpg"
    assert video["embedUrl"].startswith("https://www.youtube-nocookie.com/embed/devset00006")
    assert video["hasPart"] == [
        {
            "@type": "Clip",
            "name": "Opening",
            "startOffset": 0,
            "url": "http://testserver/en/seminars/ai-seminar/?t=0",
            "endOffset": 600,
        },
        {
            "@type": "Clip",
            "name": "Case examples",
            "startOffset": 600,
            "url": "http://testserver/en/seminars/ai-seminar/?t=600",
            "endOffset": 3725,
        },
    ]
    assert video["potentialAction"]["@type"] == "SeekToAction"
    assert video["potentialAction"]["target"] == "http://testserver/en/seminars/ai-seminar/?t={seek_to_second_number}"
    assert "Uses of generative AI." in video["transcript"]
    assert meta(html, "og:image") == "https://i.ytimg.com/vi/devset00006/hqdefault.jpg"


def test_notice_json_ld_is_an_event_and_the_page_offers_an_ics_download(client, content):
    html = client.get("/ja/notices/walkable-briefing/").content.decode()
    event = json_ld(html)["Event"]
    assert (event["startDate"], event["endDate"]) == ("2099-03-10", "2099-03-11")
    assert event["location"]["name"] == "東京都千代田区"
    assert event["offers"]["validThrough"] == "2099-02-27"
    assert f"/ja/calendar/notice-{content['public_notice'].pk}.ics" in html


def test_json_ld_cannot_be_broken_out_of(client, content):
    from knowledge.models import CaseStudyIndexPage

    factories.case_study(
        content["indexes"][CaseStudyIndexPage], slug="hostile", title_ja="</script><script>alert(1)</script>", title_en=""
    )
    html = client.get("/ja/case-studies/hostile/").content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["Article"]["headline"] == "</script><script>alert(1)</script>"


def test_home_page_has_organisation_and_website_search(client, content):
    html = client.get("/ja/").content.decode()
    graph = json_ld(html)
    assert graph["Organization"]["name"] == "日本首長連合"
    assert graph["WebSite"]["potentialAction"]["target"] == "http://testserver/ja/search/?q={search_term_string}"
    assert 'type="application/atom+xml"' in html


def test_japanese_pages_show_era_dates_and_english_pages_english_dates(client, content):
    assert "令和6年4月10日" in client.get("/ja/case-studies/garden-city/").content.decode()
    assert "2024年4月10日" in client.get("/ja/case-studies/garden-city/").content.decode()
    english = client.get("/en/case-studies/garden-city/").content.decode()
    assert "10 April 2024" in english and "令和" not in english


def test_robots_txt_disallows_every_members_and_account_url_in_both_languages(client):
    """Every URL of the members' area and the accounts (members/urls.py), reversed in each language, falls under
    a Disallow line: robots.txt follows the URL configuration, so it cannot name an area that does not exist."""
    from django.urls import reverse
    from django.utils import translation

    from members import urls as members_urls

    text = client.get("/robots.txt").content.decode()
    disallowed = re.findall(r"^Disallow: (\S+)$", text, re.M)
    dummy = {"pk": 1, "page_id": 1, "token": "t", "uidb64": "u"}
    patterns = [("", p) for p in members_urls.account_patterns] + [("members:", p) for p in members_urls.member_patterns[0]]
    for code in ("ja", "en"):
        with translation.override(code):
            for namespace, pattern in patterns:
                kwargs = {k: dummy[k] for k in pattern.pattern.converters}
                if "token" in kwargs and "uidb64" in kwargs:
                    kwargs["token"] = "set-password"
                url = reverse(namespace + pattern.name, kwargs=kwargs)
                assert url.startswith(f"/{code}/")
                assert any(url.startswith(path) for path in disallowed), (url, disallowed)
    assert "Disallow: /ja/mypage/" in text and "Disallow: /en/mypage/" in text
    assert "Disallow: /ja/accounts/" in text and "Disallow: /en/accounts/" in text
    assert "/members/" not in text
