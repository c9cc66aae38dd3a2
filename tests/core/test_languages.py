"""core.languages: the site's languages, the current one, and which a page has text in."""

import pytest
from django.utils import translation

from core import languages
from knowledge.models import CaseStudyIndexPage
from tests import factories


def test_the_languages_come_from_the_settings():
    assert languages.LANGUAGE_CODES == ("ja", "en")
    assert languages.DEFAULT_LANGUAGE == "ja"


@pytest.mark.parametrize("active, expected", [("ja", "ja"), ("en", "en"), ("en-us", "en")])
def test_the_current_language_has_no_region(active, expected):
    translation.activate(active)
    assert languages.current_language() == expected


def test_with_no_active_language_the_default_is_current():
    translation.deactivate_all()
    assert languages.current_language() == "ja"


@pytest.mark.django_db
def test_a_page_has_english_only_with_its_own_english_text(site_tree):
    _home, indexes = site_tree
    cases = indexes[CaseStudyIndexPage]
    both = factories.case_study(cases, slug="both")
    japanese_only = factories.case_study(cases, slug="ja-only", title_en="", summary_ja="要約")
    assert languages.page_languages(both) == ["ja", "en"]
    assert languages.page_languages(japanese_only) == ["ja"]


@pytest.mark.django_db
def test_url_in_gives_the_address_in_each_language(site_tree, rf):
    _home, indexes = site_tree
    page = factories.case_study(indexes[CaseStudyIndexPage], slug="garden-city")
    request = rf.get("/")
    assert languages.url_in(page, "en", request) == "http://testserver/en/case-studies/garden-city/"
    assert languages.url_in(page, "ja", request) == "http://testserver/ja/case-studies/garden-city/"
