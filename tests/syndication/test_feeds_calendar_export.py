import csv
import io
import xml.etree.ElementTree as ET

import pytest
from icalendar import Calendar

from knowledge.models import CaseStudyIndexPage, ProgramNoticeIndexPage
from tests import factories

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def atom_titles(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return [entry.findtext(f"{ATOM}title") for entry in ET.fromstring(response.content).iter(f"{ATOM}entry")]


def test_case_study_feeds_per_language_list_only_public_pages(client, content):
    japanese = atom_titles(client.get("/ja/feeds/case-studies/"))
    assert set(japanese) == {"湧水と緑を活かしたガーデンシティ", "温泉と観光のまちづくり"}
    english = atom_titles(client.get("/en/feeds/case-studies/"))
    assert english == ["A garden city built on spring water"]  # the Japanese-only page waits for its translation
    feed = ET.fromstring(client.get("/en/feeds/case-studies/").content)
    link = feed.find(f"{ATOM}entry/{ATOM}link").get("href")
    assert link.endswith("/en/case-studies/garden-city/")


def test_rss_feeds_and_recordings(client, content):
    response = client.get("/ja/feeds/recordings/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    items = ET.fromstring(response.content).findall("channel/item")
    assert [i.findtext("title") for i in items] == ["未来創造セミナー 第6回「生成AIと自治体業務」"]


def test_notice_feed_puts_a_changed_notice_first_and_shows_status(client, content):
    first = factories.notice(content["indexes"][ProgramNoticeIndexPage], slug="later", title_ja="後から公開", title_en="Later")
    assert atom_titles(client.get("/ja/feeds/notices/"))[0] == first.title
    notice = content["public_notice"]
    notice.summary_ja = "日程を更新しました。"
    notice.save_revision().publish()
    response = client.get("/ja/feeds/notices/")
    assert atom_titles(response)[0] == "ウォーカブルなまちづくり支援事業の活用説明会"
    assert "会員限定" not in response.content.decode()
    assert "募集中" in response.content.decode() and "2099年2月27日" in response.content.decode()


def test_calendar_feed_has_deadlines_and_events_of_public_notices(client, content):
    response = client.get("/en/calendar/notices.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert "Briefing on walkable towns" in events
    deadline = next(e for name, e in events.items() if "Briefing" in name and e is not events["Briefing on walkable towns"])
    assert deadline.decoded("dtstart").isoformat() == "2099-02-27"
    event = events["Briefing on walkable towns"]
    assert event.decoded("dtstart").isoformat() == "2099-03-10"
    assert event.decoded("dtend").isoformat() == "2099-03-12"  # all-day events end the day after
    assert str(event["location"]) == "Chiyoda, Tokyo"
    assert str(event["url"]).endswith("/en/notices/walkable-briefing/")
    assert not any("Members-only" in name for name in events)


def test_single_notice_download_and_members_only_notice(client, content):
    response = client.get(f"/ja/calendar/notice-{content['public_notice'].pk}.ics")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    summaries = [str(e["summary"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["【締切】ウォーカブルなまちづくり支援事業の活用説明会", "ウォーカブルなまちづくり支援事業の活用説明会"]
    secret = f"/ja/calendar/notice-{content['secret_notice'].pk}.ics"
    assert client.get(secret).status_code == 404
    assert client.get("/ja/calendar/notice-999999.ics").status_code == 404
    client.force_login(factories.member_user())
    assert client.get(secret).status_code == 200


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_listing_csv_follows_the_filters_on_screen(client, content):
    index = content["indexes"][CaseStudyIndexPage]
    rows = read_csv(client.get(f"/ja/export/listing-{index.pk}.csv"))
    assert rows[0] == ["タイトル", "種類", "日付", "自治体", "都道府県", "テーマ", "URL"]
    assert [r[0] for r in rows[1:]] == ["温泉と観光のまちづくり", "湧水と緑を活かしたガーデンシティ"]
    filtered = read_csv(client.get(f"/en/export/listing-{index.pk}.csv", {"prefecture": "22"}))
    assert filtered[0][0] == "Title"
    assert filtered[1][:6] == [
        "A garden city built on spring water",
        "Case study",
        "2024-04-10",
        "Mishima City",
        filtered[1][4],
        "Tourism and exchange",
    ]
    assert filtered[1][6].endswith("/en/case-studies/garden-city/")
    assert len(filtered) == 2


def test_listing_csv_includes_members_only_pages_only_for_members(client, content):
    index = content["indexes"][CaseStudyIndexPage]
    assert "会員限定の事例" not in [r[0] for r in read_csv(client.get(f"/ja/export/listing-{index.pk}.csv"))]
    client.force_login(factories.member_user())
    response = client.get(f"/ja/export/listing-{index.pk}.csv")
    assert "会員限定の事例" in [r[0] for r in read_csv(response)]
    assert "no-store" in response["Cache-Control"]


def test_listing_csv_bad_input(client, content):
    assert client.get(f"/ja/export/listing-{content['public_case'].pk}.csv").status_code == 404  # not an index page
    assert client.get("/ja/export/listing-999999.csv").status_code == 404
    index = content["indexes"][CaseStudyIndexPage]
    rows = read_csv(client.get(f"/ja/export/listing-{index.pk}.csv", {"theme": "<script>", "page": "x"}))
    assert len(rows) == 3  # unknown filter values are ignored, as on the page


def test_csv_cells_never_run_as_formulas(client, content):
    factories.case_study(content["indexes"][CaseStudyIndexPage], title_ja='=HYPERLINK("http://evil")', title_en="")
    index = content["indexes"][CaseStudyIndexPage]
    titles = [r[0] for r in read_csv(client.get(f"/ja/export/listing-{index.pk}.csv"))]
    assert '\'=HYPERLINK("http://evil")' in titles


def test_search_csv_exports_what_the_search_page_finds(client, content):
    rows = read_csv(client.get("/en/export/search.csv", {"q": "garden"}))
    assert rows[0][0] == "Title"
    assert [r[0] for r in rows[1:]] == ["A garden city built on spring water"]
    japanese = read_csv(client.get("/ja/export/search.csv", {"q": "事例", "sort": "date"}))
    assert "会員限定の事例" not in [r[0] for r in japanese]
    client.force_login(factories.member_user())
    assert "会員限定の事例" in [r[0] for r in read_csv(client.get("/ja/export/search.csv", {"q": "会員限定"}))]


def test_search_csv_bad_input_gives_an_empty_file_not_an_error(client, content):
    rows = read_csv(client.get("/ja/export/search.csv", {"q": "", "prefecture": "99", "page": "-1"}))
    assert rows == [["タイトル", "種類", "日付", "自治体", "都道府県", "テーマ", "URL"]]
    assert len(read_csv(client.get("/ja/export/search.csv", {"q": "x" * 5000, "type": "nonsense"}))) == 1


def test_search_page_offers_the_csv_of_its_results(client, content):
    html = client.get("/ja/search/", {"q": "ガーデンシティ"}).content.decode()
    assert "/ja/export/search.csv?q=" in html


def feed_list_links(response):
    from bs4 import BeautifulSoup

    assert response.status_code == 200
    main = BeautifulSoup(response.content, "html.parser").find("main")
    return main, {
        (a.find_parent("section").h3.get_text(strip=True), a["hreflang"], a["data-feed"]): a["href"]
        for a in main.select("a[data-feed]")
    }


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_feeds_page_lists_every_feed_in_both_languages_and_each_works(client, content, lang):
    main, links = feed_list_links(client.get(f"/{lang}/feeds/"))
    titles = {
        "ja": ["先進事例の新着", "セミナー録画の新着", "お知らせの新着・更新", "お知らせの締切と開催日（iCalendar）"],
        "en": [
            "New case studies",
            "New seminar recordings",
            "New and updated notices",
            "Notice deadlines and event dates (iCalendar)",
        ],
    }[lang]
    assert [h3.get_text(strip=True) for h3 in main.find_all("h3")] == titles
    assert (
        main.h1.get_text(strip=True) == {"ja": "フィード（RSS・Atom・カレンダー）", "en": "Feeds (RSS, Atom and calendar)"}[lang]
    )
    for feed_lang in ("ja", "en"):
        assert links[(titles[0], feed_lang, "atom")] == f"/{feed_lang}/feeds/case-studies/"
        assert links[(titles[1], feed_lang, "rss")] == f"/{feed_lang}/feeds/recordings/rss/"
        assert links[(titles[2], feed_lang, "atom")] == f"/{feed_lang}/feeds/notices/"
        assert links[(titles[3], feed_lang, "ical")] == f"/{feed_lang}/calendar/notices.ics"
    assert len(links) == 3 * 2 * 2 + 2
    types = {"atom": "application/atom+xml", "rss": "application/rss+xml", "ical": "text/calendar"}
    for (_title, _lang, kind), url in links.items():
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith(types[kind]), url


def test_the_footer_links_to_the_feeds_page_and_it_is_cached_for_anonymous_visitors(client, content):
    from bs4 import BeautifulSoup

    for lang, text in (("ja", "フィード（RSS・Atom・カレンダー）"), ("en", "Feeds (RSS, Atom and calendar)")):
        footer = BeautifulSoup(client.get(f"/{lang}/").content, "html.parser").find("footer")
        assert footer.find("a", string=text)["href"] == f"/{lang}/feeds/"
    assert client.get("/ja/feeds/")["X-Page-Cache"] == "miss"
    assert client.get("/ja/feeds/")["X-Page-Cache"] == "hit"
