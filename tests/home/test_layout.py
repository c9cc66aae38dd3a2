"""The shared layout (base.html) as a visitor sees it, in both languages."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from home.models import HomePage, StandardPage
from knowledge.models import CaseStudyIndexPage, ProgramNoticeIndexPage, SeminarRecordingIndexPage
from tests.home.support import en, english_catalogue, ja, soup, text  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_catalogue")]


def standard_page(home, title_en="About the alliance", slug="about"):
    return home.add_child(
        instance=StandardPage(
            title="日本首長連合について",
            title_ja="日本首長連合について",
            title_en=title_en,
            slug=slug,
            intro_ja="664団体が参加する首長の連合です。",
            intro_en="A union of mayors from 664 municipalities." if title_en else "",
        )
    )


def switcher_links(page_soup):
    nav = page_soup.select_one("nav.language-switcher")
    return {a["hreflang"]: a["href"] for a in nav.select("a[href]")}


def alternates(page_soup):
    return {link["hreflang"]: link["href"] for link in page_soup.select('link[rel="alternate"][hreflang]')}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_html_lang_follows_the_url(client, site_tree, lang):
    page = soup(client.get(f"/{lang}/"))
    assert page.html["lang"] == lang


def test_landmarks_skip_link_and_footer_mission(client, site_tree):
    page = soup(client.get("/ja/"))
    skip = page.select_one("a.skip-link")
    assert skip["href"] == "#main" and page.select_one("main#main")
    assert page.select_one("header.site-header") and page.select_one("footer.site-footer")
    assert "地域と人と時を 繋ぐ 紡ぐ" in text(page.select_one("footer"))
    nav_labels = [nav["aria-label"] for nav in page.select("nav[aria-label]")]
    assert "メインメニュー" in nav_labels and "言語の切り替え" in nav_labels


def test_english_layout_is_in_english_and_keeps_the_japanese_mission_marked(client, site_tree):
    page = soup(client.get("/en/"))
    assert text(page.select_one("a.skip-link")) == "Skip to main content"
    mission = page.select_one("footer .mission")
    assert mission["lang"] == "ja" and text(mission) == "地域と人と時を 繋ぐ 紡ぐ"
    assert "Mayoral Alliance for LOCAL JAPAN" in text(page.select_one(".site-name"))


def test_main_navigation_lists_sections_in_the_active_language(client, site_tree):
    home, _ = site_tree
    standard_page(home)
    links = [(text(a), a["href"]) for a in soup(client.get("/en/")).select("nav.main-nav a")]
    assert links == [
        ("Case studies", "/en/case-studies/"),
        ("Seminars", "/en/seminars/"),
        ("Notices", "/en/notices/"),
        ("About the alliance", "/en/about/"),
    ]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_search_box_posts_to_the_search_page_of_the_language(client, site_tree, lang):
    form = soup(client.get(f"/{lang}/")).select_one("form[role=search]")
    assert form["action"] == f"/{lang}/search/" and form["method"] == "get"
    assert form.select_one("input[name=q]")
    assert form.select_one(f'label[for="{form.select_one("input")["id"]}"]')


def test_switcher_on_a_wagtail_page(client, site_tree):
    home, _ = site_tree
    about = standard_page(home)
    assert switcher_links(soup(client.get(ja(about)))) == {"en": "/en/about/"}
    assert switcher_links(soup(client.get(en(about)))) == {"ja": "/ja/about/"}


def test_switcher_keeps_the_query_string_of_an_index_page(client, site_tree):
    page = soup(client.get("/ja/case-studies/?year=2024&page=2"))
    assert switcher_links(page) == {"en": "/en/case-studies/?year=2024&page=2"}


def test_switcher_on_a_view_that_is_not_a_wagtail_page(client, site_tree):
    page = soup(client.get("/en/accounts/login/?next=/en/"))
    assert page.html["lang"] == "en"
    assert switcher_links(page) == {"ja": "/ja/accounts/login/?next=/en/"}


def test_switcher_on_a_missing_page(client, site_tree):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert text(page.select_one("h1")) == "Page not found"
    assert switcher_links(page) == {"ja": "/ja/no-such-page/"}


def test_hreflang_alternates_canonical_and_description(client, site_tree):
    home, _ = site_tree
    about = standard_page(home)
    page = soup(client.get(en(about) + "?utm_source=x"))
    assert alternates(page) == {
        "ja": "http://testserver/ja/about/?utm_source=x",
        "en": "http://testserver/en/about/?utm_source=x",
        "x-default": "http://testserver/ja/about/?utm_source=x",
    }
    assert page.select_one('link[rel="canonical"]')["href"] == "http://testserver/en/about/"
    assert page.select_one('meta[name="description"]')["content"] == "A union of mayors from 664 municipalities."


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("ja", "日本首長連合の先進事例、セミナー録画、国の事業やイベントのお知らせをまとめたナレッジサイトです。"),
        ("en", "Case studies, seminar recordings and notices of national programmes and events from the Mayoral Alliance"),
    ],
)
def test_pages_without_a_summary_get_the_site_description(client, site_tree, lang, expected):
    page = soup(client.get(f"/{lang}/notices/"))
    assert page.select_one('meta[name="description"]')["content"].startswith(expected)


def test_meta_description_is_plain_text_cut_short(client, site_tree):
    _, indexes = site_tree
    index = indexes[CaseStudyIndexPage]
    index.intro_ja = "<p><b>自治体の</b>" + "取り組み" * 100 + "</p>"
    index.save_revision().publish()
    content = soup(client.get("/ja/case-studies/")).select_one('meta[name="description"]')["content"]
    assert content.startswith("自治体の取り組み") and "<" not in content and len(content) == 160


def test_canonical_drops_filters_and_a_page_number_that_does_not_exist(client, site_tree):
    page = soup(client.get("/ja/case-studies/?year=2024&page=2"))
    assert page.select_one('link[rel="canonical"]')["href"] == "http://testserver/ja/case-studies/"


def test_standard_page_in_both_languages(client, site_tree):
    home, _ = site_tree
    about = standard_page(home)
    japanese = soup(client.get(ja(about)))
    assert text(japanese.select_one("h1")) == "日本首長連合について"
    assert "664団体が参加する首長の連合です。" in text(japanese.select_one("main"))
    english = soup(client.get(en(about)))
    assert text(english.select_one("h1")) == "About the alliance"
    assert "A union of mayors from 664 municipalities." in text(english.select_one("main"))
    assert not english.select(".untranslated-notice")


def test_untranslated_standard_page_shows_japanese_under_a_notice(client, site_tree):
    home, _ = site_tree
    about = standard_page(home, title_en="", slug="officers")
    page = soup(client.get(en(about)))
    notice = page.select_one(".untranslated-notice")
    assert text(notice) == "This page has not been translated into English yet; the Japanese original is shown."
    heading = page.select_one("h1")
    assert text(heading) == "日本首長連合について" and heading["lang"] == "ja"
    assert page.select_one(".summary")["lang"] == "ja"
    # the Japanese page itself never shows the notice
    assert not soup(client.get(ja(about))).select(".untranslated-notice")


def test_allowed_page_types_under_the_home_page():
    assert set(HomePage.allowed_subpage_models()) == {
        CaseStudyIndexPage,
        SeminarRecordingIndexPage,
        ProgramNoticeIndexPage,
        StandardPage,
    }
    assert HomePage.allowed_parent_page_models() == [Page]
    assert set(StandardPage.allowed_parent_page_models()) == {HomePage, StandardPage}
    assert StandardPage.allowed_subpage_models() == [StandardPage]


def test_only_one_home_page_and_one_index_of_each_kind(site_tree):
    home, _ = site_tree
    assert not HomePage.can_create_at(Page.get_first_root_node())
    assert not CaseStudyIndexPage.can_create_at(home)
    assert StandardPage.can_create_at(home)


def test_server_error_page_stands_alone_in_both_languages(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/en/broken/"))
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert response.status_code == 500
    assert text(page.h1) == "エラーが発生しました"
    assert page.select_one('[lang="en"] h2').text == "Something went wrong"
