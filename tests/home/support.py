"""Helpers shared by the page-rendering tests."""

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real


@pytest.fixture(scope="session")
def english_catalogue(django_db_blocker):
    """Compile locale/en so English pages show English interface text, then reload the catalogues."""
    call_command("compile_translations", verbosity=0)
    trans_real._translations.clear()
    trans_real._default = None
    translation.activate("ja")


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def url_in(lang, page):
    """The page's URL in a language, whatever language the last request left active."""
    with translation.override(lang):
        return page.url


def in_language(path, lang):
    """A site path in another language: /ja/... -> /en/..."""
    return f"/{lang}/" + path.split("/", 2)[2]


def ja(page):
    return url_in("ja", page)


def en(page):
    return url_in("en", page)


def text(node):
    return " ".join(node.get_text(" ").split())
