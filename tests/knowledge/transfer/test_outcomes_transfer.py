"""Outcomes and funding programmes in import and export files: optional, validated, round-tripped."""

from decimal import Decimal

import pytest

from knowledge.models import CaseStudyPage, Outcome
from knowledge.transfer import KnowledgeImportError, export_knowledge, import_knowledge, validate

pytestmark = pytest.mark.django_db

OUTCOMES = [
    {
        "indicator": {"ja": "移住者数", "en": "New residents"},
        "unit": {"ja": "人", "en": "people"},
        "kind": "measured",
        "baseline": {"value": 12, "year": 2019},
        "result": {"value": 48.5, "year": 2023},
        "source_url": "https://example.org/report.pdf",
    },
    {"indicator": {"ja": "満足度", "en": ""}, "kind": "target", "result": {"value": 90}, "sample": True},
]


def with_outcomes(corpus, outcomes=OUTCOMES, funding=None):
    case = corpus["case_studies"][0]
    case["outcomes"] = outcomes
    if funding is not None:
        case["funding_programmes"] = funding
    return corpus, case["slug"]


def test_a_file_without_outcomes_still_imports(corpus):
    assert validate(corpus) == []


def test_outcomes_and_funding_import_export_and_reimport_unchanged(corpus):
    notice_slug = corpus["program_notices"][0]["slug"]
    data, slug = with_outcomes(corpus, funding=[notice_slug])
    import_knowledge(data)
    page = CaseStudyPage.objects.get(slug=slug)
    outcomes = list(page.outcomes.order_by("sort_order"))
    assert [(o.indicator_en, o.baseline_value, o.result_value, o.kind) for o in outcomes] == [
        ("New residents", 12, 48.5, "measured"),
        ("", None, 90, "target"),
    ]
    assert outcomes[1].is_sample and outcomes[0].change_percent == Decimal("304.2")
    assert [n.slug for n in page.funding_programmes.all()] == [notice_slug]
    exported = next(c for c in export_knowledge()["case_studies"] if c["slug"] == slug)
    assert exported["outcomes"][0]["result"] == {"value": 48.5, "year": 2023}
    assert exported["outcomes"][1] == {
        "indicator": {"ja": "満足度", "en": ""},
        "kind": "target",
        "result": {"value": 90},
        "sample": True,
    }
    assert exported["funding_programmes"] == [notice_slug]
    summary = import_knowledge(export_knowledge())
    assert summary.counts["case_studies"].get("updated", 0) == 0


@pytest.mark.parametrize(
    ("outcomes", "message"),
    [
        ("many", 'field "outcomes": must be a list of outcomes.'),
        ([{"indicator": {"ja": "人口"}}], 'field "outcomes[0].result": is required'),
        (
            [{"indicator": {"ja": "人口"}, "result": {"value": "多い"}}],
            'field "outcomes[0].result.value": "多い" is not a number.',
        ),
        ([{"indicator": {"ja": "人口"}, "result": {"value": 1, "year": 20}}], "is not a year between 1900 and 2100"),
        (
            [{"indicator": {"ja": "人口"}, "baseline": {"value": 1, "year": 2024}, "result": {"value": 2, "year": 2020}}],
            "2020 is before the baseline year 2024.",
        ),
        ([{"indicator": {"ja": "人口"}, "result": {"value": 1}, "kind": "guess"}], '"guess" is not one of measured, target.'),
        ([{"indicator": {"ja": "人口"}, "result": {"value": 1}, "colour": "red"}], "unknown field 'colour'."),
        ([{"indicator": {"ja": "人口"}, "result": {"value": 1}, "source_url": "ftp://x"}], "is not an http(s) URL."),
        ([{"indicator": "人口", "result": {"value": 1}}], 'must be an object like {"ja": "...", "en": "..."}'),
    ],
)
def test_bad_outcomes_are_named_and_nothing_is_written(corpus, outcomes, message):
    data, slug = with_outcomes(corpus, outcomes)
    with pytest.raises(KnowledgeImportError) as error:
        import_knowledge(data)
    assert any(message in problem and slug in problem for problem in error.value.problems), error.value.problems
    assert not CaseStudyPage.objects.exists() and not Outcome.objects.exists()


def test_an_unknown_funding_programme_is_named(corpus):
    data, slug = with_outcomes(corpus, outcomes=[], funding=["no-such-notice"])
    problems = validate(data)
    assert any('unknown programme notice "no-such-notice"' in p and "funding_programmes" in p for p in problems)
