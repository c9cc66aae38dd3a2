"""A case study's outcomes in an import or export file, and as comparable rows.

In the file (optional; files without it import as before):
    "outcomes": [{"indicator": {"ja": "移住者数", "en": "New residents"}, "unit": {"ja": "人", "en": "people"},
                  "kind": "measured", "baseline": {"value": 12, "year": 2019}, "result": {"value": 48, "year": 2023},
                  "source_url": "https://…", "sample": false}]
"""

import math
from decimal import Decimal

from ..models import Outcome, OutcomeKind
from ..models.outcomes import YEAR_MAX, YEAR_MIN
from .fields import show
from .text import blank

OUTCOME_KEYS = ("indicator", "unit", "kind", "baseline", "result", "source_url", "sample")
VALUE_LIMIT = Decimal("1e14")
CENT = Decimal("0.01")


def check_outcomes(checks, item, key="outcomes"):
    """Validates item.raw[key] into item.values[key]: a list of comparable rows (see `row_of`)."""
    value = item.raw.get(key)
    item.values[key] = []
    if value is None:
        return
    if not isinstance(value, list):
        checks.problem(item, key, "must be a list of outcomes.")
        return
    for n, raw in enumerate(value):
        label = f"{key}[{n}]"
        if not isinstance(raw, dict):
            checks.problem(item, label, "must be an object.")
            continue
        row = check_outcome(checks, item, label, raw)
        if row is not None:
            item.values[key].append(row)


def check_outcome(checks, item, label, raw):
    problems_before = len(checks.problems)
    unknown = sorted(set(raw) - set(OUTCOME_KEYS))
    if unknown:
        checks.problem(item, label, f"unknown field {', '.join(map(repr, unknown))}.")
    indicator = checks.parse_text(item, f"{label}.indicator", raw.get("indicator"), True, 200)
    unit = checks.parse_text(item, f"{label}.unit", raw.get("unit") or {}, False, 40)
    kind = raw.get("kind", OutcomeKind.MEASURED)
    if kind not in OutcomeKind.values:
        checks.problem(item, f"{label}.kind", f"{show(kind)} is not one of {', '.join(OutcomeKind.values)}.")
    baseline = measure(checks, item, f"{label}.baseline", raw.get("baseline"), required=False)
    result = measure(checks, item, f"{label}.result", raw.get("result"), required=True)
    if baseline and result and baseline[1] and result[1] and baseline[1] > result[1]:
        checks.problem(item, f"{label}.result.year", f"{result[1]} is before the baseline year {baseline[1]}.")
    source_url = raw.get("source_url") or ""
    if source_url and not (isinstance(source_url, str) and source_url.startswith(("http://", "https://"))):
        checks.problem(item, f"{label}.source_url", f"{show(source_url)} is not an http(s) URL.")
    sample = raw.get("sample", False)
    if not isinstance(sample, bool):
        checks.problem(item, f"{label}.sample", f"{show(sample)} is not true or false.")
    if len(checks.problems) > problems_before:
        return None
    baseline = baseline or (None, None)
    return (indicator["ja"], indicator["en"], unit["ja"], unit["en"], kind, *baseline, *result, source_url, sample)


def measure(checks, item, label, value, required):
    """(value as Decimal, year or None) from {"value": number, "year": int}."""
    if value is None:
        if required:
            checks.problem(item, label, 'is required ({"value": number, "year": year}).')
        return None
    if not isinstance(value, dict) or "value" not in value or set(value) - {"value", "year"}:
        checks.problem(item, label, 'must be an object like {"value": 48, "year": 2023}.')
        return None
    number, year = value["value"], value.get("year")
    if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
        checks.problem(item, f"{label}.value", f"{show(number)} is not a number.")
        return None
    amount = Decimal(str(number)).quantize(CENT)
    if abs(amount) >= VALUE_LIMIT:
        checks.problem(item, f"{label}.value", f"{number} is too large.")
        return None
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX):
        checks.problem(item, f"{label}.year", f"{show(year)} is not a year between {YEAR_MIN} and {YEAR_MAX}.")
        return None
    return amount, year


def row_of(outcome):
    """An outcome in the comparable form check_outcomes produces."""
    return (
        blank(outcome.indicator_ja),
        blank(outcome.indicator_en),
        blank(outcome.unit_ja),
        blank(outcome.unit_en),
        outcome.kind,
        outcome.baseline_value,
        outcome.baseline_year,
        outcome.result_value,
        outcome.result_year,
        outcome.source_url,
        outcome.is_sample,
    )


def outcome_rows_map(ids):
    """{page id: [comparable rows]} of many case studies, one query."""
    result = {pk: [] for pk in ids}
    for outcome in Outcome.objects.filter(page_id__in=ids).order_by("page_id", "sort_order", "pk"):
        result[outcome.page_id].append(row_of(outcome))
    return result


def outcomes_from_rows(rows):
    """Unsaved Outcome rows for a page's `outcomes` from comparable rows."""
    outcomes = []
    for n, row in enumerate(rows):
        ind_ja, ind_en, unit_ja, unit_en, kind, base, base_year, result, result_year, source_url, sample = row
        outcomes.append(
            Outcome(
                sort_order=n,
                indicator=ind_ja,
                indicator_ja=ind_ja,
                indicator_en=ind_en,
                unit=unit_ja,
                unit_ja=unit_ja,
                unit_en=unit_en,
                kind=kind,
                baseline_value=base,
                baseline_year=base_year,
                result_value=result,
                result_year=result_year,
                source_url=source_url,
                is_sample=sample,
            )
        )
    return outcomes


def number(value):
    """A Decimal as the JSON number it came from: 48, 12.5."""
    return int(value) if value == value.to_integral() else float(value)


def export_outcome(row):
    ind_ja, ind_en, unit_ja, unit_en, kind, base, base_year, result, result_year, source_url, sample = row
    entry = {"indicator": {"ja": ind_ja, "en": ind_en}}
    if unit_ja or unit_en:
        entry["unit"] = {"ja": unit_ja, "en": unit_en}
    entry["kind"] = kind
    if base is not None:
        entry["baseline"] = {"value": number(base), **({"year": base_year} if base_year else {})}
    entry["result"] = {"value": number(result), **({"year": result_year} if result_year else {})}
    if source_url:
        entry["source_url"] = source_url
    if sample:
        entry["sample"] = True
    return entry
