"""japanese_search.abbreviations: official names and their abbreviations find each other, on every backend."""

import pytest
from django.contrib.auth.models import AnonymousUser

from japanese_search import abbreviations, analysis
from knowledge.models import CaseStudyIndexPage
from search.params import SearchParams
from search.service import run_search
from tests import factories
from tests.factories import paragraphs, reindex

pytestmark = pytest.mark.django_db


def phrases(query, names):
    with analysis.search_language("ja"):
        (term,) = analysis.search_terms(query, names)
    tokens = {phrase.tokens for alternative in term.alternatives for phrase in alternative}
    return {found for found in tokens if not found[0].startswith("qc")}  # beside the compounds.py token


def test_each_name_of_a_group_answers_to_the_others_whatever_its_width_or_case():
    names = abbreviations.build([("経済産業省", "経産省", "METI", "Ministry of Economy, Trade and Industry"), ("", "  ")])
    assert names["meti"] == ("経済産業省", "経産省", "Ministry of Economy, Trade and Industry")
    assert names["経産省"] == ("経済産業省", "METI", "Ministry of Economy, Trade and Industry")
    assert "" not in names
    assert phrases("ＭＥＴＩ", names) == {
        ("meti",),
        ("経済", "産業", "省"),
        ("経産", "省"),
        ("ministri", "economi", "trade", "industri"),
    }


def test_a_word_that_is_no_listed_name_is_unchanged():
    assert phrases("経済", abbreviations.BUILT_IN_NAMES) == {("経済",)}
    assert phrases("経済", None) == {("経済",)}


def test_a_name_followed_by_a_particle_is_still_looked_up():
    assert ("国土", "交通", "省") in phrases("国交省の", abbreviations.BUILT_IN_NAMES)


@pytest.fixture
def ministry_pages(corpus):
    cases = CaseStudyIndexPage.objects.get()
    reindex(
        factories.case_study(
            cases,
            slug="meti-subsidy",
            title_ja="ものづくり補助金の活用",
            summary_ja="経済産業省の補助事業で工場の設備を更新した。",
            title_en="Using a manufacturing subsidy",
            summary_en="Factory equipment was renewed with a Ministry of Economy, Trade and Industry grant.",
        ),
        factories.case_study(
            cases,
            slug="jaxa-school",
            title_ja="宇宙教室",
            summary_ja="JAXAの協力で小学生向けの宇宙教室を開いた。",
            body_en=paragraphs("A space class for pupils."),
        ),
    )


@pytest.mark.parametrize(
    ("q", "lang", "expected"),
    [
        ("経産省", "ja", {"meti-subsidy"}),  # the page writes 経済産業省
        ("METI", "ja", {"meti-subsidy"}),
        ("METI", "en", {"meti-subsidy"}),  # the English summary writes the full English name
        ("宇宙航空研究開発機構", "ja", {"jaxa-school"}),  # the page writes JAXA
        ("経産省 工場", "ja", {"meti-subsidy"}),
        ("経産省 温泉", "ja", set()),  # several words still mean all of them
    ],
)
def test_an_abbreviation_finds_pages_that_write_the_full_name_and_back(ministry_pages, q, lang, expected):
    outcome = run_search(SearchParams(query=q, lang=lang), AnonymousUser())
    assert {hit.page.slug for hit in outcome.hits} == expected


def test_the_snippet_marks_the_full_name_found_by_an_abbreviation(ministry_pages):
    outcome = run_search(SearchParams(query="経産省", lang="ja"), AnonymousUser())
    assert "<mark>経済産業省</mark>" in outcome.hits[0].snippet_html


def test_an_organisation_that_editors_add_gives_its_own_abbreviation(corpus):
    cases = CaseStudyIndexPage.objects.get()
    reindex(
        factories.case_study(
            cases,
            slug="council-forum",
            title_ja="全国サンプル連絡協議会との意見交換",
            title_en="Talks with the Sample Liaison Council",
        )
    )
    assert run_search(SearchParams(query="サンプル協", lang="ja"), AnonymousUser()).count == 0
    factories.organisation(
        name_ja="全国サンプル連絡協議会", name_en="Sample Liaison Council", short_ja="サンプル協", short_en="SLC"
    )
    for q, lang in (("サンプル協", "ja"), ("SLC", "en"), ("SLC", "ja")):
        outcome = run_search(SearchParams(query=q, lang=lang), AnonymousUser())
        assert {hit.page.slug for hit in outcome.hits} == {"council-forum"}, (q, lang)
