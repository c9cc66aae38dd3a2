"""Related case studies and recordings on a page: ranked by themes, place and text, corrected by editors,
never a members-only page to a visitor."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import (
    CaseStudyIndexPage,
    ExcludedRelatedPage,
    PinnedRelatedPage,
    ProgramNoticeIndexPage,
    SeminarRecordingIndexPage,
)
from tests import factories
from tests.home.support import en, english_catalogue, ja, soup  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_catalogue")]


def related_titles(client, url):
    aside = soup(client.get(url)).select_one("aside.related-similar")
    return [li.select_one("a").get_text() for li in aside.select("li")] if aside else []  # each card's title link


@pytest.fixture
def pages(site_tree):
    _home, indexes = site_tree
    cases, recordings = indexes[CaseStudyIndexPage], indexes[SeminarRecordingIndexPage]
    springs = factories.theme(slug="springs", name_ja="湧水", name_en="Springs")
    other = factories.theme(slug="finance", name_ja="財政", name_en="Finance")
    mishima = factories.municipality(code="222062", name_ja="三島市", name_en="Mishima City", prefecture_code=22)
    far = factories.municipality(code="012025", name_ja="函館市", name_en="Hakodate City", prefecture_code=1)
    page = factories.case_study(
        cases, "湧水を活かしたまちづくり", "Town planning with springs", themes=[springs], municipality=mishima
    )
    same_theme = factories.case_study(cases, "湧水の保全活動", "Protecting springs", themes=[springs], municipality=far)
    seminar = factories.recording(recordings, "湧水のまちを歩くセミナー", "A seminar on spring towns", themes=[springs])
    unrelated = factories.case_study(cases, "公会計の改革", "Public accounting reform", themes=[other], municipality=far)
    secret = factories.members_only(
        factories.case_study(cases, "会員限定：湧水の事例", "Members only: springs", themes=[springs], municipality=mishima)
    )
    factories.reindex(page, same_theme, seminar, unrelated, secret)
    return page, same_theme, seminar, unrelated, secret


def test_related_pages_share_themes_place_or_words_and_hide_members_only(client, pages):
    page, same_theme, seminar, unrelated, secret = pages
    titles = related_titles(client, ja(page))
    assert set(titles) >= {same_theme.title, seminar.title}
    assert secret.title not in titles
    assert unrelated.title not in titles or titles.index(unrelated.title) > titles.index(same_theme.title)
    assert len(titles) <= 5


def test_members_see_members_only_related_pages_first_when_closest(client, pages):
    page, _same_theme, _seminar, _unrelated, secret = pages
    client.force_login(factories.member_user())
    titles = related_titles(client, ja(page))
    assert titles[0] == secret.title  # same theme, same municipality, same words


def test_related_pages_in_english(client, pages):
    page, same_theme, _seminar, _unrelated, _secret = pages
    assert "Protecting springs" in related_titles(client, en(page))
    heading = soup(client.get(en(page))).select_one("#similar-heading").get_text()
    assert heading == "Related case studies and seminars"


def pin_and_exclude(page, pinned=(), excluded=()):
    """The editor's choices, in this order, published."""
    page.pinned_related_pages = [PinnedRelatedPage(target=target) for target in pinned]
    page.excluded_related_pages = [ExcludedRelatedPage(target=target) for target in excluded]
    page.save_revision().publish()


def test_editors_pin_and_exclude_related_pages(client, pages):
    page, same_theme, _seminar, unrelated, _secret = pages
    pin_and_exclude(page, pinned=[unrelated], excluded=[same_theme])
    titles = related_titles(client, ja(page))
    assert titles[0] == unrelated.title
    assert same_theme.title not in titles


def test_pinned_pages_lead_in_the_order_the_editor_set(client, pages, site_tree):
    page, same_theme, seminar, unrelated, _secret = pages
    notice = factories.notice(site_tree[1][ProgramNoticeIndexPage], "会計改革の説明会", "Briefing on accounting")
    pin_and_exclude(page, pinned=[unrelated, notice, seminar])
    assert related_titles(client, ja(page))[:4] == [unrelated.title, notice.title, seminar.title, same_theme.title]

    pin_and_exclude(page, pinned=[seminar, unrelated])  # the editor reorders and drops one
    titles = related_titles(client, ja(page))
    assert titles[:2] == [seminar.title, unrelated.title]
    assert notice.title not in titles


def test_an_excluded_page_never_appears_even_when_closest(client, pages):
    page, same_theme, seminar, _unrelated, secret = pages
    pin_and_exclude(page, excluded=[secret, same_theme])
    client.force_login(factories.member_user())
    titles = related_titles(client, ja(page))
    assert titles and seminar.title in titles
    assert secret.title not in titles and same_theme.title not in titles


def test_a_pinned_members_only_page_stays_hidden_from_visitors(client, pages):
    page, _same_theme, seminar, unrelated, secret = pages
    pin_and_exclude(page, pinned=[secret, unrelated, seminar])
    titles = related_titles(client, ja(page))
    assert secret.title not in titles
    assert titles[:2] == [unrelated.title, seminar.title]
    client.force_login(factories.member_user())
    assert related_titles(client, ja(page))[:3] == [secret.title, unrelated.title, seminar.title]


def queries_of(client, url):
    client.get(url)  # ranks and caches the related pages
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_related_cards_cost_no_query_each(client, pages):
    page, _same_theme, _seminar, unrelated, _secret = pages
    pin_and_exclude(page, pinned=[unrelated])
    client.force_login(factories.member_user())  # members' pages are not served from the page cache
    first, before = queries_of(client, ja(page))
    springs = page.themes.first()
    for n in range(4):
        factories.case_study(page.get_parent(), f"湧水の事例{n}", f"Spring case {n}", themes=[springs])
    second, after = queries_of(client, ja(page))
    shown_before = len(soup(first).select("aside.related-similar li"))
    shown_after = len(soup(second).select("aside.related-similar li"))
    assert shown_after > shown_before
    assert after == before


def test_place_ranks_the_same_prefecture_then_region_then_kind_and_never_a_page_without_a_place(client, site_tree, monkeypatch):
    _home, indexes = site_tree
    cases = indexes[CaseStudyIndexPage]
    monkeypatch.setattr("knowledge.related.text_matches", lambda *args: [])  # place alone decides here
    mishima = factories.municipality(code="222062", name_ja="三島市", name_en="Mishima City", prefecture_code=22)
    page = factories.case_study(cases, "図書館の改修", "Library renovation", municipality=mishima)
    places = [
        ("222038", "沼津市", 22, "Same prefecture, same kind"),
        ("223417", "清水町", 22, "Same prefecture"),
        ("202029", "松本市", 20, "Same region, same kind"),
        ("012025", "函館市", 1, "Same kind only"),
        ("014010", "鹿部町", 1, "Nothing shared"),
    ]
    for code, name, prefecture, title in places:
        town = factories.municipality(code=code, name_ja=name, name_en=title, prefecture_code=prefecture)
        factories.case_study(cases, title, title, municipality=town)
    factories.case_study(cases, "No place", "No place")
    titles = [title for title in related_titles(client, ja(page)) if title not in {name for _, name, *_ in places}]
    assert titles == [title for *_, title in places[:4]]  # the municipality links beside them left out


def test_a_page_with_nothing_else_in_common_finds_related_pages_by_its_words(client, pages):
    _page, _same_theme, _seminar, unrelated, _secret = pages
    cases = unrelated.get_parent()
    lonely = factories.case_study(
        cases, "公会計の改革を学ぶ", "Learning from public accounting reform", summary_ja="財務書類の読み方。"
    )
    factories.reindex(lonely)
    assert related_titles(client, ja(lonely))[0] == unrelated.title  # no theme, no place: found by its words


def test_among_pages_sharing_a_theme_the_words_decide_the_order(client, pages):
    page, *_rest = pages
    springs = page.themes.first()
    far = factories.municipality(code="014010", name_ja="鹿部町", name_en="Shikabe Town", prefecture_code=1)
    cases = page.get_parent()
    # created first: without its words it would rank last among equals (ties go to the newest)
    wording = factories.case_study(
        cases, "湧水を活かしたまちづくりの続編", "More town planning with springs", themes=[springs], municipality=far,
        summary_ja="続編です。",
    )  # fmt: skip
    others = [
        factories.case_study(
            cases, f"別の取り組み{n}", f"Another effort {n}", themes=[springs], municipality=far, summary_ja="別件。"
        )
        for n in range(6)
    ]
    factories.reindex(wording, *others)
    titles = related_titles(client, ja(page))
    assert titles.index(wording.title) < min(titles.index(o.title) for o in others if o.title in titles)
