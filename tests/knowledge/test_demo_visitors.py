"""What a visitor of the demo site meets (#15): English punctuation, notices that are events, the demo member."""

import re
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone, translation
from wagtail.models import Page

from knowledge.models import KnowledgePage, NoticeStatus, ProgramNoticeIndexPage, ProgramNoticePage
from members.models import MemberProfile
from syndication.feeds import FEEDS
from tests.english_text import english_text_of, stray_full_width, strings_in
from tests.home.support import english_catalogue  # noqa: F401 (fixture)
from tests.knowledge.test_demo_content import demo, loaded, url_in, visible_text  # noqa: F401 (fixtures)

pytestmark = pytest.mark.usefixtures("english_catalogue", "loaded")
README = Path(__file__).resolve().parents[2] / "README.md"


def public_english_pages(client):
    """Every live public page of the demo in English, plus the listings, search results and the feed list."""
    urls = ["/en/", "/en/search/?q=Matsubara", "/en/search/?q=flood", "/en/search/?q=seminar", "/en/feeds/"]
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        urls.append(url_in(page, "en"))
    index = ProgramNoticeIndexPage.objects.get()
    urls += [url_in(index, "en") + f"?status={status}" for status in ("open", "event-upcoming")]
    return urls


def test_english_pages_of_the_demo_write_no_full_width_punctuation(client):
    problems = {}
    for url in public_english_pages(client):
        response = client.get(url)
        assert response.status_code == 200, url
        found = stray_full_width(english_text_of(response.content.decode()))
        if found:
            problems[url] = found
    assert not problems, problems


def test_english_feeds_calendar_and_api_write_no_full_width_punctuation(client):
    problems = {}
    documents = {}
    for slug, _feed in FEEDS:
        for suffix in ("", "rss/"):
            url = f"/en/feeds/{slug}/{suffix}"
            documents[url] = client.get(url).content.decode()
    documents["/en/calendar/notices.ics"] = client.get("/en/calendar/notices.ics").content.decode()
    api = client.get("/api/v2/pages/", {"lang": "en", "limit": 50, "fields": "*"}).json()
    documents["/api/v2/pages/"] = " | ".join(strings_in(api))
    for item in api["items"]:
        url = f"/api/v2/pages/{item['id']}/"
        documents[url] = " | ".join(strings_in(client.get(url, {"lang": "en"}).json()))
    documents["/api/search/"] = " | ".join(strings_in(client.get("/api/search/", {"q": "Matsubara", "lang": "en"}).json()))
    for url, text in documents.items():
        assert text.strip(), url
        found = stray_full_width(text)
        if found:
            problems[url] = found
    assert not problems, problems


def test_the_notice_page_names_the_ministry_with_ascii_brackets_in_english(client):
    belgrade = ProgramNoticePage.objects.get(slug="expo-2027-belgrade")

    def organisation(lang):
        page = BeautifulSoup(client.get(url_in(belgrade, lang)).content, "html.parser")
        row = next(r for r in page.select(".detail-row") if r.dt.get_text(strip=True) in ("実施団体", "Organisation"))
        return " ".join(row.dd.get_text().split())

    assert organisation("en") == "Ministry of Economy, Trade and Industry (METI)"
    assert organisation("ja") == "経済産業省（経産省）"


def test_notices_with_event_dates_only_are_events_not_open_calls(client):
    today = timezone.localdate()
    for slug in ("expo-2027-belgrade", "expo-2030-riyadh"):
        assert ProgramNoticePage.objects.get(slug=slug).status(today) == NoticeStatus.EVENT_UPCOMING
    belgrade = ProgramNoticePage.objects.get(slug="expo-2027-belgrade")
    ja_badges = BeautifulSoup(client.get(url_in(belgrade, "ja")).content, "html.parser").select(".badge")
    en_badges = BeautifulSoup(client.get(url_in(belgrade, "en")).content, "html.parser").select(".badge")
    assert {b.get_text(strip=True) for b in ja_badges} == {"開催予定"}
    assert {b.get_text(strip=True) for b in en_badges} == {"Upcoming event"}

    index = ProgramNoticeIndexPage.objects.get()
    open_calls = visible_text(client.get(url_in(index, "en") + "?status=open"))
    assert "Expo 2027 Belgrade" not in open_calls and "Expo 2030 Riyadh" not in open_calls
    events = visible_text(client.get(url_in(index, "en") + "?status=event-upcoming"))
    assert "Expo 2027 Belgrade" in events and "Expo 2030 Riyadh" in events
    home = visible_text(client.get("/en/"))
    assert "Expo 2027 Belgrade" not in home and "Expo 2030 Riyadh" not in home

    api = client.get("/api/v2/pages/", {"type": "notice", "status": "open", "fields": "status"}).json()["items"]
    assert api and "expo-2027-belgrade" not in {i["meta"]["slug"] for i in api}
    event = client.get(f"/api/v2/pages/{belgrade.pk}/", {"lang": "en"}).json()
    assert (event["status"], event["status_label"]) == ("event-upcoming", "Upcoming event")


def test_the_demo_member_belongs_to_the_municipality_the_readme_names_and_my_page_shows_its_work(client):
    call_command("ensure_admin", "--demo-roles", stdout=StringIO())
    named = re.search(r"\| member \((.+?)\) \|", README.read_text(encoding="utf-8")).group(1)
    profile = MemberProfile.objects.get(user__username="member")
    assert profile.municipality.name_ja == named
    assert KnowledgePage.objects.live().public().filter(municipality=profile.municipality).exists()

    assert client.login(username="member", password="demo-local-2026")
    for lang, empty in (("ja", "まだ掲載されている先進事例はありません"), ("en", "No case studies")):
        with translation.override(lang):
            page = BeautifulSoup(client.get(f"/{lang}/mypage/").content, "html.parser")
        section = page.select_one('[aria-labelledby="municipality-heading"]')
        assert section.select(".card-case-study"), lang
        assert empty not in section.get_text(), lang
    assert "Matsubara City (Osaka)" in " ".join(page.select_one(".mypage-municipality").get_text().split())
