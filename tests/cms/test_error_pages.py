"""The site's own 404 and 500 pages (cms/templates/404.html, 500.html), with DEBUG off as in production."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client, override_settings

from tests.english_text import JAPANESE, english_text_of, stray_full_width


@pytest.fixture
def client_without_debug(site_tree):
    with override_settings(DEBUG=False):
        yield Client(raise_request_exception=False)


def test_a_missing_page_under_en_shows_the_english_404_page_with_a_way_back(client_without_debug):
    response = client_without_debug.get("/en/no-such-page/")
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "en"
    assert page.h1.get_text(strip=True) == "Page not found"
    main = page.find("main")
    links = {a.get_text(strip=True): a["href"] for a in main.find_all("a")}
    assert links["Go to the home page"] == "/en/"
    assert links["Search the site"] == "/en/search/"
    assert main.find("form", role="search")["action"] == "/en/search/"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_a_missing_page_under_ja_shows_the_japanese_404_page_with_a_way_back(client_without_debug):
    response = client_without_debug.get("/ja/no-such-page/")
    assert response.status_code == 404
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "ja"
    assert page.h1.get_text(strip=True) == "ページが見つかりません"
    main = page.find("main")
    links = {a.get_text(strip=True): a["href"] for a in main.find_all("a")}
    assert links["トップページへ"] == "/ja/"
    assert links["サイト内検索へ"] == "/ja/search/"
    assert main.find("form", role="search")["action"] == "/ja/search/"


@pytest.mark.urls("tests.cms.error_urls")
def test_a_view_that_fails_gives_the_site_500_page_without_a_traceback(client_without_debug):
    response = client_without_debug.get("/failing-view/")
    assert response.status_code == 500
    html = response.content.decode()
    page = BeautifulSoup(html, "html.parser")
    assert page.h1.get_text(strip=True) == "エラーが発生しました"
    assert page.find("section", lang="en").h2.get_text(strip=True) == "Something went wrong"
    assert {a["href"] for a in page.find_all("a")} == {"/ja/", "/en/"}
    assert "Traceback" not in html and "RuntimeError" not in html and "a bug in a view" not in html


def test_the_500_page_renders_without_the_database_or_a_request_context(rf):
    """No database access here (no django_db mark): the 500 page must not need one, nor context processors."""
    from django.views.defaults import server_error

    for path in ("/ja/some-page/", "/en/some-page/"):
        response = server_error(rf.get(path))
        assert response.status_code == 500
        page = BeautifulSoup(response.content, "html.parser")
        assert page.h1.get_text(strip=True) == "エラーが発生しました"
        english = page.find("section", lang="en")
        assert english.h2.get_text(strip=True) == "Something went wrong"
        assert english.find("a")["href"] == "/en/"
        assert not stray_full_width(english.get_text(" "))


def test_the_english_404_page_has_english_text_only(client_without_debug):
    response = client_without_debug.get("/en/no-such-page/")
    assert response.status_code == 404
    text = english_text_of(response.content.decode())
    assert "Page not found" in text
    assert not stray_full_width(text)
    assert not JAPANESE.search(text.replace("日本語", "")), text  # the language switcher names Japanese in Japanese
