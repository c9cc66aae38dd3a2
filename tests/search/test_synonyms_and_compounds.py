"""Names inside compounds (japanese_search.compounds) and synonyms (japanese_search.synonyms: SudachiDict's
synonym groups and the editors' SearchSynonym snippets), through the site's search, on the configured database."""

import pytest
from django.contrib.auth.models import AnonymousUser

from knowledge.models import CaseStudyIndexPage, KnowledgePage
from search.models import SearchSynonym
from search.params import SearchParams
from search.service import result_ids, run_search
from tests import factories
from tests.factories import reindex

pytestmark = pytest.mark.django_db


def slugs(q, lang="ja"):
    """Slugs of every page found, in display order."""
    ids = result_ids(SearchParams(query=q, lang=lang), AnonymousUser())
    by_id = dict(KnowledgePage.objects.filter(pk__in=ids).values_list("pk", "slug"))
    return [by_id[pk] for pk in ids]


def add_pages(*pages):
    cases = CaseStudyIndexPage.objects.get()
    reindex(*(factories.case_study(cases, slug=slug, title_ja=title, summary_ja=summary) for slug, title, summary in pages))


@pytest.fixture
def compound_pages(corpus):
    add_pages(
        ("kakita", "静岡県清水町の柿田川湧水群", "湧水の保全活動を紹介する。"),
        ("glued", "地区の計画づくり", "静岡県駿東郡清水町柿田地区防災計画について説明会を開いた。"),
        ("tokyo-office", "都庁の窓口", "東京都庁の窓口で相談を受け付けた。"),
    )


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("柿田川", {"kakita"}),  # Sudachi: text 柿|田川, query 柿田|川
        ("柿田", {"glued", "kakita"}),  # inside 清水町柿田地区防災計画, written without a space or particle
        ("柿田地区", {"glued"}),
    ],
)
def test_a_name_is_found_inside_a_compound_however_sudachi_splits_it(compound_pages, q, expected):
    assert {slug for slug in slugs(q) if slug in {"kakita", "glued", "tokyo-office"}} == expected


def test_kyoto_still_never_finds_tokyo(compound_pages):
    assert "tokyo-office" not in slugs("京都")
    assert "tokyo-office" in slugs("東京都")


SYNONYM_PAIRS = [
    ("湧水", "湧き水", True),
    ("まち歩き", "街歩き", True),
    ("ウェブサイト", "ホームページ", False),  # SudachiDict's synonym dictionary
    ("インバウンド", "訪日外国人", True),
    ("高齢者", "お年寄り", False),  # SudachiDict: 高齢者 and 年寄り are one group
]


@pytest.fixture
def synonym_pages(corpus):
    pages = []
    for index, (first, second, _editors) in enumerate(SYNONYM_PAIRS):
        pages.append((f"pair{index}-a", f"{first}マップの作成", "サンプルの事例。"))
        pages.append((f"pair{index}-b", f"{second}マップの作成", "サンプルの事例。"))
    add_pages(*pages)


def editors_groups():
    for first, second, editors in SYNONYM_PAIRS:
        if editors:
            SearchSynonym.objects.create(terms_ja=f"{first}、{second}")


@pytest.mark.parametrize("index", range(len(SYNONYM_PAIRS)))
def test_each_word_finds_the_others_page_and_its_own_ranks_first(synonym_pages, index):
    editors_groups()
    first, second, _editors = SYNONYM_PAIRS[index]
    own, other = f"pair{index}-a", f"pair{index}-b"
    found = [slug for slug in slugs(first) if slug in (own, other)]
    assert found == [own, other], first
    found = [slug for slug in slugs(second) if slug in (own, other)]
    assert found == [other, own], second


def test_an_editors_synonym_applies_at_once_without_a_reindex_and_goes_when_deleted(synonym_pages):
    assert "pair0-b" not in slugs("湧水")
    group = SearchSynonym.objects.create(terms_ja="湧水\n湧き水")
    assert "pair0-b" in slugs("湧水")
    assert run_search(SearchParams(query="湧き水", lang="ja"), AnonymousUser()).count >= 2
    group.delete()
    assert "pair0-b" not in slugs("湧水")


def test_english_synonyms_apply_to_english_searches(corpus):
    cases = CaseStudyIndexPage.objects.get()
    reindex(factories.case_study(cases, slug="visitors", title_ja="訪日客の案内", title_en="Guiding overseas visitors"))
    assert "visitors" not in slugs("inbound", "en")
    SearchSynonym.objects.create(terms_ja="インバウンド、訪日外国人", terms_en="inbound, overseas visitors")
    assert "visitors" in slugs("inbound", "en")


def test_the_snippet_says_what_it_holds():
    group = SearchSynonym(terms_ja="湧水、湧き水\nわき水", terms_en="spring water")
    assert str(group) == "湧水 / 湧き水 / わき水 / spring water"
