"""Case-study outcomes: the table on the page, the outcomes index and its CSV, API v2, JSON-LD, the admin reminder."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from knowledge.models import CaseStudyIndexPage, Outcome, ProgramNoticeIndexPage
from tests import factories
from tests.home.support import en, english_catalogue, ja, soup, text  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_catalogue")]


def add_outcome(page, indicator_ja, indicator_en, result, baseline=None, **fields):
    fields.setdefault("unit_ja", "人")
    fields.setdefault("unit_en", "people")
    Outcome.objects.create(
        page=page,
        indicator=indicator_ja,
        indicator_ja=indicator_ja,
        indicator_en=indicator_en,
        unit=fields["unit_ja"],
        result_value=Decimal(result),
        baseline_value=None if baseline is None else Decimal(baseline),
        **fields,
    )


def cell_text(cell):
    """A table cell's text as it reads: lines joined by a space, no space added between inline elements."""
    for br in cell.find_all("br"):
        br.replace_with(" ")
    return " ".join(cell.get_text("").split())


@pytest.fixture
def cases(site_tree):
    _home, indexes = site_tree
    parent = indexes[CaseStudyIndexPage]
    kyoto = factories.municipality(code="262064", name_ja="亀岡市", name_en="Kameoka City", prefecture_code=26)
    osaka = factories.municipality(code="272175", name_ja="松原市", name_en="Matsubara City", prefecture_code=27)
    theme = factories.theme(slug="childcare", name_ja="子育て", name_en="Childcare")
    grow = factories.case_study(parent, "子育て世帯の転入", "Families moving in", themes=[theme], municipality=osaka)
    add_outcome(grow, "子育て世帯の転入数", "Families moving in", "365", "310", baseline_year=2019, result_year=2023)
    shrink = factories.case_study(parent, "ごみの削減", "Less waste", municipality=kyoto)
    add_outcome(shrink, "1人1日あたりのごみ", "Waste per person per day", "730", "790", unit_ja="g", unit_en="g")
    secret = factories.members_only(factories.case_study(parent, "会員限定の成果", "Members-only results", municipality=kyoto))
    add_outcome(secret, "秘密の指標", "Secret indicator", "99", "1")
    return grow, shrink, secret


def test_case_study_shows_its_outcomes_as_a_table_with_the_change(client, cases):
    grow, _shrink, _secret = cases
    rows = soup(client.get(ja(grow))).select("table.outcome-table tbody tr")
    assert [cell_text(cell) for cell in rows[0].find_all(["th", "td"])][:4] == [
        "子育て世帯の転入数",
        "310人（2019年）",
        "365人（2023年）",
        "+55 +17.7%",
    ]


def test_outcome_table_in_english_has_english_labels_and_no_full_width_brackets(client, cases):
    grow, _shrink, _secret = cases
    page = soup(client.get(en(grow)))
    table = page.select_one("section.outcomes")
    assert table.h2.get_text() == "Outcomes"
    row = [cell_text(cell) for cell in table.select("tbody tr")[0].find_all(["th", "td"])]
    assert row[:4] == ["Families moving in", "310 people (2019)", "365 people (2023)", "+55 +17.7%"]
    assert "（" not in text(table)


def test_outcome_years_must_run_forwards():
    outcome = Outcome(indicator="指標", result_value=Decimal(1), baseline_year=2024, result_year=2020)
    with pytest.raises(ValidationError) as error:
        outcome.clean()
    assert "result_year" in error.value.message_dict


def test_outcomes_index_lists_visible_outcomes_sorted_by_change(client, cases):
    page = soup(client.get("/ja/outcomes/", {"sort": "change_asc"}))
    indicators = [text(row.th) for row in page.select("table.outcome-table tbody tr")]
    assert indicators == ["1人1日あたりのごみ", "子育て世帯の転入数"]  # −60 before +55; the members-only one absent
    assert "秘密の指標" not in page.get_text()


def test_outcomes_index_filters_by_theme_prefecture_and_indicator(client, cases):
    by_theme = soup(client.get("/ja/outcomes/", {"theme": "childcare"}))
    assert [text(r.th) for r in by_theme.select("tbody tr")] == ["子育て世帯の転入数"]
    by_prefecture = soup(client.get("/ja/outcomes/", {"prefecture": "26"}))
    assert [text(r.th) for r in by_prefecture.select("tbody tr")] == ["1人1日あたりのごみ"]
    by_word = soup(client.get("/en/outcomes/", {"indicator": "waste"}))
    assert [text(r.th) for r in by_word.select("tbody tr")] == ["Waste per person per day"]


def test_outcomes_index_ignores_bad_filters_and_page_numbers(client, cases):
    response = client.get("/ja/outcomes/", {"theme": "nope", "prefecture": "x", "sort": "evil", "page": "-3"})
    assert response.status_code == 200
    assert len(soup(response).select("tbody tr")) == 2


def test_members_see_members_only_outcomes_and_never_the_visitors_cached_index(client, cases):
    assert client.get("/ja/outcomes/")["X-Page-Cache"] == "miss"
    cached = client.get("/ja/outcomes/")
    assert cached["X-Page-Cache"] == "hit" and "秘密の指標" not in cached.content.decode()
    client.force_login(factories.member_user())
    response = client.get("/ja/outcomes/")
    assert "X-Page-Cache" not in response and response["Cache-Control"] == "private, no-store"
    assert "秘密の指標" in soup(response).get_text()


def test_outcomes_csv_has_the_filtered_rows_and_never_members_only_ones(client, cases):
    response = client.get("/ja/export/outcomes.csv", {"sort": "change_desc"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["指標", "区分", "単位", "基準値"]
    assert [row[0] for row in rows[1:]] == ["子育て世帯の転入数", "1人1日あたりのごみ"]
    assert rows[1][7:9] == ["55.00", "17.7"]


def test_api_v2_gives_outcomes_of_a_case_study(client, cases):
    grow, _shrink, secret = cases
    data = client.get(f"/api/v2/pages/{grow.pk}/", {"lang": "en"}).json()
    assert data["outcomes"] == [
        {
            "indicator": "Families moving in",
            "unit": "people",
            "kind": "measured",
            "baseline": {"value": 310.0, "year": 2019},
            "result": {"value": 365.0, "year": 2023},
            "change": 55.0,
            "change_percent": 17.7,
            "source_url": None,
            "sample": False,
        }
    ]
    assert client.get(f"/api/v2/pages/{secret.pk}/").status_code == 404


def test_json_ld_carries_outcomes_as_observations(client, cases):
    grow, _shrink, _secret = cases
    page = soup(client.get(ja(grow)))
    graph = json.loads(page.select_one('script[type="application/ld+json"]').string)["@graph"]
    article = next(node for node in graph if node["@type"] == "Article")
    values = [(o["variableMeasured"]["name"], o["measuredValue"], o.get("observationDate")) for o in article["mentions"]]
    assert values == [("子育て世帯の転入数", 310.0, "2019"), ("子育て世帯の転入数", 365.0, "2023")]


def test_notice_lists_the_case_studies_that_used_it_to_visitors_who_may_see_them(client, cases, site_tree):
    grow, _shrink, secret = cases
    _home, indexes = site_tree
    programme = factories.notice(indexes[ProgramNoticeIndexPage], "子育て支援交付金", "Childcare grant")
    for case in (grow, secret):
        case.funding_programmes.add(programme)
        case.save_revision().publish()
    past_uses = soup(client.get(ja(programme))).select_one("aside.past-uses")
    assert [a.get_text() for a in past_uses.select("li > a")] == ["子育て世帯の転入"]
    funding = soup(client.get(ja(grow))).select_one("section.funding")
    assert [a.get_text() for a in funding.select("a")] == ["子育て支援交付金"]


def test_admin_warns_when_a_case_study_has_no_outcomes(rf, cases, site_tree):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from knowledge.wagtail_hooks import warn_about_missing_outcomes

    _home, indexes = site_tree
    bare = factories.case_study(indexes[CaseStudyIndexPage], "成果のない事例", "No outcomes yet")
    grow, _shrink, _secret = cases
    shown = {}
    for page in (bare, grow):
        request = rf.post("/admin/")
        request.session = {}
        request._messages = FallbackStorage(request)
        warn_about_missing_outcomes(request, page)
        shown[page.title] = [str(m) for m in request._messages]
    assert shown["成果のない事例"] and "成果指標" in shown["成果のない事例"][0]
    assert shown["子育て世帯の転入"] == []
