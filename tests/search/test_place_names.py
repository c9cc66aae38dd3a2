"""Municipality readings and English names feed search: かめおか and Kameoka find 亀岡市's pages; 京都府亀岡市 still does."""

import pytest
from django.contrib.auth.models import AnonymousUser

from knowledge.models import CaseStudyIndexPage, Municipality
from search.names import site_names
from search.params import SearchParams
from search.service import run_search
from tests import factories
from tests.factories import reindex

pytestmark = pytest.mark.django_db


@pytest.fixture
def kameoka_pages(site_tree):
    _home, indexes = site_tree
    town = factories.municipality(code="262064", name_ja="亀岡市", name_en="Kameoka City", prefecture_code=26)
    Municipality.objects.filter(pk=town.pk).update(kana="かめおかし")
    other = factories.municipality(code="262013", name_ja="福知山市", name_en="Fukuchiyama City", prefecture_code=26)
    Municipality.objects.filter(pk=other.pk).update(kana="ふくちやまし")
    cases = indexes[CaseStudyIndexPage]
    reindex(
        factories.case_study(
            cases, slug="plastic-free", title_ja="プラスチックごみゼロ宣言", title_en="Zero plastic waste", municipality=town
        ),
        factories.case_study(
            cases, slug="castle-town", title_ja="城下町の再生", title_en="A castle town renewed", municipality=other
        ),
    )


@pytest.mark.parametrize(
    ("q", "lang"),
    [("かめおか", "ja"), ("かめおかし", "ja"), ("Kameoka", "en"), ("Kameoka", "ja"), ("京都府亀岡市", "ja"), ("亀岡市", "ja")],
)
def test_reading_romaji_and_address_find_the_municipalitys_pages(kameoka_pages, q, lang):
    outcome = run_search(SearchParams(query=q, lang=lang), AnonymousUser())
    assert {hit.page.slug for hit in outcome.hits} == {"plastic-free"}, q


def test_each_named_municipality_gives_its_reading_and_english_names(kameoka_pages):
    groups = [set(group) for group in site_names() if "亀岡市" in group]
    assert groups == [{"亀岡市", "Kameoka City", "かめおかし", "かめおか", "Kameoka"}]


def test_a_reading_shorter_than_three_kana_is_no_name(site_tree):
    _home, indexes = site_tree
    tsu = factories.municipality(code="242012", name_ja="津市", name_en="Tsu City", prefecture_code=24)
    Municipality.objects.filter(pk=tsu.pk).update(kana="つし")
    factories.case_study(indexes[CaseStudyIndexPage], municipality=tsu)
    (group,) = [set(g) for g in site_names() if "津市" in g]
    assert group == {"津市", "Tsu City", "つし"}


def test_search_page_links_the_municipality_and_lists_it_by_reading(client, kameoka_pages):
    from tests.home.support import soup, text

    page = soup(client.get("/ja/search/?q=かめおか"))
    assert [text(a) for a in page.select(".entity-matches a")] == ["亀岡市"]
    assert page.select_one('.search-results .place a[href="/ja/municipalities/262064/"]')
    english = soup(client.get("/en/search/?q=Kameoka"))
    assert english.select_one('.entity-matches a[href="/en/municipalities/262064/"]')
