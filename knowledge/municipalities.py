"""Bringing the Municipality snippets in line with the published code list, and membership from a CSV of codes.

`sync` adds what the list has and the site lacks, updates names, readings and prefectures, and marks codes that
left the list (mergers, renamings) as no longer current: nothing is deleted, so no page loses its municipality.
English names are filled only where empty (editors may change them). Membership is never touched by `sync`.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction

from core.cache import new_generation
from knowledge.models import Membership, Municipality, Prefecture
from knowledge.municipality_list import check_digit, listed_governments
from knowledge.search_index import index_pages, pages_showing, reindex_pages

SYNCED_FIELDS = ("name", "name_ja", "kana", "prefecture_id", "level", "is_current")


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: list = field(default_factory=list)  # codes no longer on the list
    recoded: list = field(default_factory=list)  # (old five-digit code, new six-digit code)


def _wanted(listed, prefectures):
    return {
        "name": listed.name,
        "name_ja": listed.name,
        "kana": listed.kana,
        "prefecture_id": prefectures[listed.prefecture_code],
        "level": listed.level,
        "is_current": True,
    }


def _recode_five_digit(existing, listed_codes, report):
    """Rows saved with a five-digit code (no check digit) take the six-digit code of the list."""
    for code, municipality in list(existing.items()):
        if re.fullmatch(r"\d{5}", code):
            six = code + check_digit(code)
            if six in listed_codes and six not in existing:
                municipality.code = six
                municipality.save(update_fields=["code"])
                existing[six] = existing.pop(code)
                report.recoded.append((code, six))


@transaction.atomic
def sync(listed=None) -> SyncReport:
    listed = listed if listed is not None else listed_governments()
    report = SyncReport()
    prefectures = dict(Prefecture.objects.values_list("code", "pk"))
    existing = {m.code: m for m in Municipality.objects.all()}
    _recode_five_digit(existing, {g.code for g in listed}, report)
    to_create, to_update, renamed = [], [], set()
    for government in listed:
        wanted = _wanted(government, prefectures)
        municipality = existing.get(government.code)
        if municipality is None:
            to_create.append(Municipality(code=government.code, name_en=government.name_en, membership=Membership.NONE, **wanted))
            continue
        changed = {name for name, value in wanted.items() if getattr(municipality, name) != value}
        if not municipality.name_en:
            municipality.name_en, changed = government.name_en, changed | {"name_en"}
        if changed:
            if "name_ja" in changed:
                renamed.add(municipality.pk)
            for name in changed:
                setattr(municipality, name, wanted.get(name, getattr(municipality, name)))
            to_update.append(municipality)
        else:
            report.unchanged += 1
    listed_codes = {g.code for g in listed}
    for code, municipality in existing.items():
        if code not in listed_codes and municipality.is_current:
            municipality.is_current = False
            to_update.append(municipality)
            report.retired.append(code)
    Municipality.objects.bulk_create(to_create, batch_size=500)
    Municipality.objects.bulk_update(to_update, [*SYNCED_FIELDS, "name_en"], batch_size=500)
    report.created, report.updated = len(to_create), len(to_update) - len(report.retired)
    _after_write(to_create + to_update, renamed)
    return report


def _after_write(municipalities, renamed):
    if municipalities:
        saved = Municipality.objects.filter(code__in=[m.code for m in municipalities]).select_related("prefecture")
        index_pages(Municipality, list(saved))
    reindex_pages(pages_showing(Municipality, renamed))
    new_generation()


# ---------------------------------------------------------------- membership from a CSV of codes


class MembershipImportError(ValueError):
    """Every problem of a membership file, one per line; nothing was written."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("\n".join(problems))


MEMBERSHIP_WORDS = {
    "full": Membership.FULL,
    "正会員": Membership.FULL,
    "participant": Membership.PARTICIPANT,
    "参加自治体": Membership.PARTICIPANT,
    "参加": Membership.PARTICIPANT,
}


def _code_of(value):
    value = value.strip()
    if re.fullmatch(r"\d{5}", value):
        return value + check_digit(value)
    return value


def read_membership_csv(text):
    """{code: membership} from lines `code[,membership]` (membership full/正会員 or participant/参加自治体,
    participant when left out); a header line is allowed. Raises MembershipImportError listing every problem."""
    rows, problems = {}, []
    for number, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff"))), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (number == 1 and not re.fullmatch(r"\d{5,6}", cells[0])):
            continue  # blank line or header
        code = _code_of(cells[0])
        word = cells[1] if len(cells) > 1 and cells[1] else "participant"
        if not re.fullmatch(r"\d{6}", code) or code[5] != check_digit(code[:5]):
            problems.append(f"line {number}: {cells[0]!r} is not a local government code (5 digits, or 6 with the check digit).")
        elif word not in MEMBERSHIP_WORDS:
            problems.append(f"line {number}: {word!r} is not a membership (full, 正会員, participant, 参加自治体).")
        elif code in rows:
            problems.append(f"line {number}: {code} is listed twice.")
        else:
            rows[code] = MEMBERSHIP_WORDS[word]
    known = set(Municipality.objects.filter(code__in=rows).values_list("code", flat=True))
    problems += [f"{code}: no municipality has this code (run sync_municipalities first?)." for code in rows if code not in known]
    if problems:
        raise MembershipImportError(problems)
    if not rows:
        raise MembershipImportError(["the file lists no codes."])
    return rows


@transaction.atomic
def apply_membership(rows, replace=False):
    """Set these codes' membership; with replace, every other municipality becomes a non-member.
    Returns (members set, members removed)."""
    removed = 0
    if replace:
        removed = (
            Municipality.objects.exclude(code__in=rows).exclude(membership=Membership.NONE).update(membership=Membership.NONE)
        )
    for value in (Membership.FULL, Membership.PARTICIPANT):
        Municipality.objects.filter(code__in=[c for c, v in rows.items() if v == value]).update(membership=value)
    new_generation()
    return len(rows), removed
