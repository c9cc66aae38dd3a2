"""Index pages (filters, pagination, empty states) and the home page lists, as a visitor sees them."""

import datetime

import pytest

from knowledge.listing import LISTING_PAGE_SIZE
from knowledge.models import CaseStudyIndexPage, ProgramNoticeIndexPage, SeminarRecordingIndexPage
from tests import factories
from tests.home.support import en, english_catalogue, ja, soup, text  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_catalogue")]


def card_titles(page_soup):
    return [text(a) for a in page_soup.select(".card-title a")]


@pytest.fixture
def cases(site_tree):
    """Two case studies in different prefectures, years and themes."""
    _, indexes = site_tree
    index = indexes[CaseStudyIndexPage]
    tourism = factories.theme(slug="tourism", axis="connect")
    disaster = factories.theme(slug="disaster", axis="protect", name_ja="防災", name_en="Disaster preparedness")
    mishima = factories.case_study(
        index,
        title_ja="三島の水辺",
        title_en="Mishima waterside",
        municipality=factories.municipality(),
        date=datetime.date(2024, 4, 10),
        themes=[tourism],
    )
    beppu = factories.case_study(
        index,
        title_ja="別府の防災",
        title_en="Beppu preparedness",
        municipality=factories.municipality(name_ja="別府市", name_en="Beppu City", prefecture_code=44),
        date=datetime.date(2025, 6, 1),
        themes=[disaster],
    )
    return index, mishima, beppu


def test_case_study_index_lists_cards_newest_first(client, cases):
    index, _, _ = cases
    page = soup(client.get(ja(index)))
    assert text(page.h1) == "先進事例"
    assert card_titles(page) == ["別府の防災", "三島の水辺"]
    card = page.select(".card")[1]
    assert "令和6年4月10日（2024年4月10日）" in text(card)
    assert "三島市 （ 静岡県 ）" in text(card)
    assert [text(li) for li in card.select(".tags li")] == ["観光・交流"]


def test_case_study_index_in_english(client, cases):
    index, _, _ = cases
    page = soup(client.get(en(index)))
    assert text(page.h1) == "Case studies"
    assert card_titles(page) == ["Beppu preparedness", "Mishima waterside"]
    assert "10 April 2024" in text(page.select(".card")[1])
    assert text(page.select_one("legend")) == "Filter"
    assert "Oita" in [text(o) for o in page.select("#filter-prefecture option")]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"theme": "tourism"}, ["三島の水辺"]),
        ({"axis": "protect"}, ["別府の防災"]),
        ({"prefecture": "44"}, ["別府の防災"]),
        ({"year": "2024"}, ["三島の水辺"]),
        ({"year": "2024", "axis": "protect"}, []),
    ],
)
def test_filters(client, cases, query, expected):
    index, _, _ = cases
    page = soup(client.get(ja(index), query))
    assert card_titles(page) == expected
    for name, value in query.items():
        assert page.select_one(f'select[name="{name}"] option[selected]')["value"] == value
    if not expected:
        assert text(page.select_one(".empty-state")) == "条件に合うページはありません。条件を変えてお試しください。"


@pytest.mark.parametrize(
    "query",
    [
        {"theme": "no-such-theme"},
        {"axis": "x"},
        {"prefecture": "abc"},
        {"year": "99999"},
        {"status": "open"},
    ],
)
def test_unknown_filter_values_are_ignored(client, cases, query):
    index, _, _ = cases
    page = soup(client.get(ja(index), query))
    assert card_titles(page) == ["別府の防災", "三島の水辺"]
    assert not page.select("option[selected][value]:not([value=''])")


def test_year_and_prefecture_choices_come_from_the_listed_pages(client, cases):
    index, _, _ = cases
    page = soup(client.get(ja(index)))
    assert [o["value"] for o in page.select("#filter-year option")] == ["", "2025", "2024"]
    assert [text(o) for o in page.select("#filter-prefecture option")][1:] == ["静岡県", "大分県"]
    assert not page.select("#filter-status")


def test_empty_index(client, site_tree):
    _, indexes = site_tree
    page = soup(client.get(ja(indexes[SeminarRecordingIndexPage])))
    assert text(page.select_one(".empty-state")) == "まだ掲載しているページはありません。"
    page = soup(client.get(en(indexes[SeminarRecordingIndexPage])))
    assert text(page.select_one(".empty-state")) == "Nothing has been published here yet."


@pytest.fixture
def many_cases(site_tree):
    _, indexes = site_tree
    index = indexes[CaseStudyIndexPage]
    theme = factories.theme(slug="many")
    for n in range(LISTING_PAGE_SIZE + 1):
        day = datetime.date(2024, 1, 1 + n)
        factories.case_study(index, title_ja=f"事例{n:02d}", title_en=f"Case {n:02d}", date=day, themes=[theme])
    factories.case_study(index, title_ja="テーマなし", date=datetime.date(2023, 1, 1))
    return index


def test_pagination_keeps_the_filters(client, many_cases):
    first = soup(client.get(ja(many_cases), {"theme": "many"}))
    assert len(card_titles(first)) == LISTING_PAGE_SIZE
    next_link = first.select_one('.pagination a[rel="next"]')
    assert next_link["href"] == "?theme=many&page=2"
    second = soup(client.get(ja(many_cases) + next_link["href"]))
    assert card_titles(second) == ["事例00"]
    assert second.select_one('.pagination a[rel="prev"]')["href"] == "?theme=many&page=1"
    assert text(second.select_one(".pagination [aria-current]")) == "2"
    assert second.select_one('link[rel="canonical"]')["href"].endswith("/case-studies/?page=2")


@pytest.mark.parametrize("number, shown", [("abc", 1), ("-1", 2), ("0", 2), ("99999", 2), ("2", 2), ("", 1), ("1.5", 1)])
def test_bad_page_numbers_give_a_page(client, many_cases, number, shown):
    response = client.get(ja(many_cases), {"theme": "many", "page": number})
    page = soup(response)
    assert text(page.select_one(".pagination [aria-current]")) == str(shown)
    assert len(card_titles(page)) == (LISTING_PAGE_SIZE if shown == 1 else 1)


@pytest.fixture
def notices(site_tree):
    _, indexes = site_tree
    index = indexes[ProgramNoticeIndexPage]
    today = datetime.date.today()
    closed = factories.notice(
        index,
        title_ja="終了した募集",
        applications_open=today - datetime.timedelta(days=60),
        applications_close=today - datetime.timedelta(days=30),
    )
    soon = factories.notice(
        index,
        title_ja="まもなく締切の募集",
        applications_open=today - datetime.timedelta(days=10),
        applications_close=today + datetime.timedelta(days=2),
    )
    later = factories.notice(
        index,
        title_ja="受付中の募集",
        applications_open=today - datetime.timedelta(days=10),
        applications_close=today + datetime.timedelta(days=40),
    )
    return index, closed, soon, later


def test_notice_index_shows_status_and_deadline_and_filters_by_status(client, notices):
    index, _, soon, _ = notices
    page = soup(client.get(ja(index)))
    card = next(c for c in page.select(".card") if "まもなく締切の募集" in text(c))
    assert text(card.select_one(".badge")) == "締切間近"
    assert "締切" in text(card.select_one(".deadline"))
    assert [text(o) for o in page.select("#filter-status option")] == [
        "すべて",
        "予告",
        "募集中",
        "締切間近",
        "終了",
        "開催予定",
        "開催中",
        "開催終了",
        "日程未定",
    ]
    assert card_titles(soup(client.get(ja(index), {"status": "closed"}))) == ["終了した募集"]
    assert card_titles(soup(client.get(ja(index), {"status": "closing-soon"}))) == ["まもなく締切の募集"]
    english = soup(client.get(en(index), {"status": "open"}))
    assert [text(b) for b in english.select(".card .badge")] == ["Open"]


# ------------------------------------------------------------------ members-only pages in lists


@pytest.fixture
def secret_case(cases):
    index, _, _ = cases
    secret = factories.case_study(index, title_ja="会員限定の事例", title_en="Members' case", date=datetime.date(2026, 1, 5))
    return index, factories.members_only(secret)


def test_members_only_pages_never_listed_for_anonymous_visitors(client, secret_case):
    index, _ = secret_case
    for url in (ja(index), en(index), ja(index) + "?year=2026", "/ja/", "/en/"):
        assert "会員限定の事例" not in text(soup(client.get(url)).body)
        assert "Members' case" not in text(soup(client.get(url)).body)
    assert [o["value"] for o in soup(client.get(ja(index))).select("#filter-year option")] == ["", "2025", "2024"]


def test_members_only_pages_listed_for_a_signed_in_member(client, secret_case):
    index, _ = secret_case
    client.force_login(factories.member_user())
    page = soup(client.get(ja(index)))
    assert card_titles(page)[0] == "会員限定の事例"
    assert text(page.select_one(".card .members-only")) == "会員限定"
    home = soup(client.get("/ja/"))
    assert "会員限定の事例" in text(home.select_one(".home-section"))


# ------------------------------------------------------------------ home page


def test_home_page_sections(client, cases, notices):
    _, _, soon, _ = notices
    home = soup(client.get("/ja/"))
    assert text(home.select_one(".hero-mission")) == "地域と人と時を 繋ぐ 紡ぐ"
    sections = {text(s.h2): s for s in home.select(".home-section")}
    assert card_titles(sections["新着の先進事例"]) == ["別府の防災", "三島の水辺"]
    notice_rows = sections["募集中のお知らせ"].select(".notice-list li")
    assert [text(r.a) for r in notice_rows] == ["まもなく締切の募集", "受付中の募集"]  # nearest deadline first, closed left out
    assert text(notice_rows[0].select_one(".badge")) == "締切間近"
    assert text(notice_rows[1].select_one(".badge")) == "募集中"
    assert soon.applications_close.strftime("%Y-%m-%d") == notice_rows[0].time["datetime"]
    assert "まだ掲載しているセミナー録画はありません。" in text(sections["最近のセミナー録画"])
    assert sections["新着の先進事例"].select_one(".more a")["href"] == "/ja/case-studies/"


def test_home_page_in_english(client, cases, site_tree):
    _, indexes = site_tree
    factories.recording(indexes[SeminarRecordingIndexPage])
    home = soup(client.get("/en/"))
    assert home.html["lang"] == "en"
    sections = {text(s.h2): s for s in home.select(".home-section")}
    assert set(sections) == {"Latest case studies", "Open calls", "Recent seminar recordings"}
    assert card_titles(sections["Recent seminar recordings"]) == ["Future Creation Seminar 6"]
    assert "There are no open calls at the moment." in text(sections["Open calls"])
    assert not home.select(".untranslated-notice")
    mission = home.select_one(".hero-mission")
    assert mission["lang"] == "ja" and text(mission) == "地域と人と時を 繋ぐ 紡ぐ"
    assert text(home.select_one(".hero-mission-translation")) == "Connecting and weaving together places, people and time"


@pytest.mark.parametrize("signed_in", [False, True])
def test_listing_and_home_queries_do_not_grow_with_the_number_of_pages(client, site_tree, signed_in):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _, indexes = site_tree
    index = indexes[CaseStudyIndexPage]
    theme = factories.theme()
    if signed_in:
        client.force_login(factories.member_user())

    def queries(url):
        cache.clear()  # the anonymous page cache would answer without queries
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    def add_cases(count):
        for _ in range(count):
            page = factories.case_study(index, themes=[theme], municipality=factories.municipality())
            factories.members_only(page)

    add_cases(2)
    queries(ja(index)), queries("/ja/")  # the process's first requests fill its content-type cache
    few = (queries(ja(index)), queries("/ja/"))
    add_cases(10)
    assert (queries(ja(index)), queries("/ja/")) == few


@pytest.mark.parametrize("restricted", [0, 3, 8, 10])
def test_first_pages_are_the_newest_the_visitor_may_see(site_tree, restricted):
    """The home page's short lists: whatever share of the newest pages is members-only."""
    from django.contrib.auth.models import AnonymousUser

    from knowledge.listing import first_pages
    from knowledge.models import CaseStudyPage

    _, indexes = site_tree
    pages = [
        factories.case_study(indexes[CaseStudyIndexPage], slug=f"case-{n}", date=datetime.date(2020, 1, 1 + n)) for n in range(10)
    ]
    newest_first = [page.slug for page in reversed(pages)]
    for page in reversed(pages[-restricted:] if restricted else []):
        factories.members_only(page)
    anonymous = [page.slug for page in first_pages(CaseStudyPage.objects.all(), AnonymousUser(), 2, "-date", "-pk")]
    assert anonymous == newest_first[restricted : restricted + 2]
    member = [page.slug for page in first_pages(CaseStudyPage.objects.all(), factories.member_user(), 2, "-date", "-pk")]
    assert member == newest_first[:2]
