"""Validating import data before anything is written: every problem, each naming its item and field.

`validate(data)` lists the problems; `Validator(data).run()` also keeps each item's clean values for the writer.
References (a page's themes, presenter, …) must name an item of the file or a row already in the database.
"""

import json
import re

from ..models import Axis, KnowledgePage, Membership, Municipality, NoticeKind, Organisation, Person, Prefecture, Series, Theme
from ..romaji import KANA_READING, hiragana
from .fields import MISSING, FieldChecks, Item, show
from .outcome_rows import check_outcomes
from .shape import AUDIENCES, CODE_RE, LANGS, PAGE_SECTIONS, PAGE_TYPE_NAMES, SECTIONS, SMALL_INT_MAX, section_key

# what a reference names: {kind: (section, model, key field)}
REFERENCE_TARGETS = {
    "theme": ("themes", Theme, "slug"),
    "organisation": ("organizations", Organisation, "slug"),
    "municipality": ("municipalities", Municipality, "code"),
    "person": ("people", Person, "slug"),
    "seminar recording": ("seminar_recordings", PAGE_SECTIONS["seminar_recordings"], "slug"),
    "programme notice": ("program_notices", PAGE_SECTIONS["program_notices"], "slug"),
}
# the fields holding references, by section: {section: {field: kind}}
REFERENCE_FIELDS = {
    "people": {"municipality": "municipality"},
    "case_studies": {
        "themes": "theme",
        "municipality": "municipality",
        "presenter": "person",
        "related_recordings": "seminar recording",
        "related_notices": "programme notice",
        "funding_programmes": "programme notice",
    },
    "seminar_recordings": {"themes": "theme", "municipality": "municipality", "speakers": "person"},
    "program_notices": {"themes": "theme", "municipality": "municipality", "organization": "organisation"},
}


def validate(data):
    """Every problem in data, as messages naming the item and the field; [] when it can be imported."""
    return Validator(data).run().problems


def as_list(value):
    """A reference field's value as a list of keys (one reference, many, or none)."""
    return value if isinstance(value, list) else [value] if value else []


class Validator(FieldChecks):
    def __init__(self, data):
        super().__init__()
        self.data = data
        self.items = {s: [] for s in SECTIONS}
        self._prefectures = None

    # -- sections
    def run(self):
        data = self.data
        if not isinstance(data, dict):
            self.problems.append(f"The top level must be a JSON object with the keys {', '.join(SECTIONS)}.")
            return self
        for key in data:
            if key not in SECTIONS:
                self.problems.append(f'Unknown top-level key "{key}" (expected: {", ".join(SECTIONS)}).')
        for section in SECTIONS:
            self.check_section(section, data.get(section, []))
        self.check_duplicates()
        self.check_references()
        return self

    def check_section(self, section, entries):
        if entries is None:
            entries = []
        if not isinstance(entries, list):
            self.problems.append(f'"{section}" must be a list.')
            return
        for position, raw in enumerate(entries):
            if not isinstance(raw, dict):
                self.problems.append(f"{section}[{position}]: must be an object.")
                continue
            item = Item(section, position, raw, section_key(section))
            getattr(self, f"check_{section}")(item)
            self.items[section].append(item)

    def check_themes(self, item):
        self.unknown_keys(item, ("slug", "axis", "name"))
        self.slug(item)
        self.choice(item, "axis", Axis.values)
        self.text(item, "name", required=True, max_length=80)

    def check_organizations(self, item):
        self.unknown_keys(item, ("slug", "name", "short_name"))
        self.slug(item)
        self.text(item, "name", required=True, max_length=120)
        self.text(item, "short_name", max_length=40)

    def check_municipalities(self, item):
        self.unknown_keys(item, ("code", "name", "prefecture", "membership"))
        code = self.get(item, "code", required=True)
        if code is not MISSING:
            if not isinstance(code, str) or not CODE_RE.match(code):
                self.problem(item, "code", f'{show(code)} is not a six-digit local government code (a string such as "222062").')
            else:
                item.values["code"] = code
        self.text(item, "name", required=True, max_length=50)
        self.choice(item, "membership", Membership.values, required=False, default=Membership.PARTICIPANT)
        self.prefecture(item)

    def prefecture(self, item):
        value = self.get(item, "prefecture", required=True)
        if value is MISSING:
            return
        if self._prefectures is None:
            self._prefectures = list(Prefecture.objects.all())
        names = value if isinstance(value, dict) else {"ja": value} if isinstance(value, str) else None
        if names is None or not all(isinstance(v, str) for v in names.values()) or set(names) - set(LANGS):
            self.problem(item, "prefecture", 'must be {"ja": "静岡県", "en": "Shizuoka"} or a prefecture name.')
            return

        found = {lang: self.find_prefecture(name) for lang, name in names.items() if name and name.strip()}
        matches = {p.code for p in found.values() if p}
        if not matches:
            self.problem(item, "prefecture", f"no prefecture is named {json.dumps(value, ensure_ascii=False)}.")
        elif len(matches) > 1:
            self.problem(item, "prefecture", f"the Japanese and English names point at different prefectures: {value}.")
        else:
            item.values["prefecture"] = next(p for p in found.values() if p)

    def find_prefecture(self, name):
        """By Japanese name (静岡県, also 静岡), else by English name (Shizuoka, Shizuoka Prefecture, Shizuoka-ken)."""
        name = name.strip()
        english = re.sub(r"(\s+prefecture|[\s-](ken|fu|to))$", "", name.lower())
        for prefecture in self._prefectures:
            ja = prefecture.name_ja or ""
            if name in (ja, ja[:-1] if ja[-1:] in "都府県" else ja) or english == (prefecture.name_en or "").lower():
                return prefecture
        return None

    def check_people(self, item):
        self.unknown_keys(item, ("slug", "name", "kana", "role", "municipality"))
        self.slug(item)
        self.text(item, "name", required=True, max_length=80)
        self.reading(item)
        self.text(item, "role", max_length=120)
        self.reference(item, "municipality", "municipality")

    def reading(self, item):
        value = self.get(item, "kana", required=False)
        if value is MISSING:
            item.values["kana"] = ""
        elif not isinstance(value, str) or len(value) > 80 or not KANA_READING.fullmatch(value):
            example = "さわい ひろふみ"
            self.problem(item, "kana", f"{show(value)} is not a reading in kana (80 characters at most, e.g. {example!r}).")
        else:
            item.values["kana"] = hiragana(value)

    def check_page(self, item, allowed):
        self.unknown_keys(item, ("slug", "title", "summary", "body", "themes", "municipality", "audience", *allowed))
        self.slug(item, max_length=255)
        self.text(item, "title", required=True, max_length=255)
        self.text(item, "summary")
        self.text(item, "body")
        self.references(item, "themes", "theme")
        self.reference(item, "municipality", "municipality")
        self.choice(item, "audience", AUDIENCES)

    def check_case_studies(self, item):
        self.check_page(
            item, ("date", "presenter", "episode", "related_recordings", "related_notices", "funding_programmes", "outcomes")
        )
        self.date(item, "date", required=True)
        self.reference(item, "presenter", "person")
        self.integer(item, "episode", maximum=SMALL_INT_MAX)
        self.references(item, "related_recordings", "seminar recording")
        self.references(item, "related_notices", "programme notice")
        self.references(item, "funding_programmes", "programme notice")
        check_outcomes(self, item)

    def check_seminar_recordings(self, item):
        allowed = ("series", "session", "recorded_on", "speakers", "video_url", "duration_seconds", "chapters", "transcript")
        self.check_page(item, allowed)
        self.date(item, "recorded_on", required=True)
        self.choice(item, "series", Series.values)
        self.integer(item, "session", maximum=SMALL_INT_MAX)
        self.references(item, "speakers", "person")
        self.url(item, "video_url")
        self.integer(item, "duration_seconds")
        self.timed_rows(item, "chapters", "title", max_length=200)
        self.timed_rows(item, "transcript", "text")

    def check_program_notices(self, item):
        allowed = (
            "organization",
            "kind",
            "applications_open",
            "applications_close",
            "event_start",
            "event_end",
            "location",
            "external_url",
            "eligibility",
        )
        self.check_page(item, allowed)
        self.reference(item, "organization", "organisation")
        self.choice(item, "kind", NoticeKind.values, required=False, default=NoticeKind.OTHER)
        for key in ("applications_open", "applications_close", "event_start", "event_end"):
            self.date(item, key)
        self.text(item, "location", max_length=200)
        self.url(item, "external_url")
        self.text(item, "eligibility")
        for start, end in (("applications_open", "applications_close"), ("event_start", "event_end")):
            first, last = item.values.get(start), item.values.get(end)
            if first and last and first > last:
                self.problem(item, end, f"{last.isoformat()} is before {start} {first.isoformat()}.")

    # -- across items
    def check_duplicates(self):
        for section in SECTIONS:
            if section not in PAGE_SECTIONS:
                self._duplicates(self.items[section], section_key(section))
        self._duplicates([i for s in PAGE_SECTIONS for i in self.items[s]], "slug", pages=True)

    def _duplicates(self, items, key_name, pages=False):
        first_seen = {}
        for item in items:
            key = item.values.get(key_name)
            if key is None:
                continue
            if key in first_seen:
                other = first_seen[key]
                scope = "page slug" if pages else key_name
                self.problem(item, key_name, f'duplicate {scope} "{key}" (also at {other.section}[{other.position}]).')
            else:
                first_seen[key] = item

    def check_references(self):
        available = self.available_references()
        for section, refs in REFERENCE_FIELDS.items():
            for item in self.items[section]:
                for key, kind in refs.items():
                    for ref in as_list(item.values.get(key)):
                        if ref not in available[kind]:
                            self.problem(item, key, f'unknown {kind} "{ref}" (not in this file nor in the database).')
        self.check_page_slugs_against_database()

    def available_references(self):
        """{kind: keys that can be referred to}: those of the file, and those referred to that the database holds."""
        wanted = {kind: set() for kind in REFERENCE_TARGETS}
        for section, refs in REFERENCE_FIELDS.items():
            for item in self.items[section]:
                for key, kind in refs.items():
                    wanted[kind].update(as_list(item.values.get(key)))
        available = {}
        for kind, (section, model, key_name) in REFERENCE_TARGETS.items():
            in_file = {i.values.get(key_name) for i in self.items[section]} - {None}
            missing = wanted[kind] - in_file
            in_db = (
                set(model.objects.filter(**{f"{key_name}__in": missing}).values_list(key_name, flat=True)) if missing else set()
            )
            available[kind] = in_file | in_db
        return available

    def check_page_slugs_against_database(self):
        """A slug names one page: a case study may not take the slug of an existing recording."""
        by_slug = {}
        for section, model in PAGE_SECTIONS.items():
            for item in self.items[section]:
                if item.values.get("slug"):
                    by_slug[item.values["slug"]] = (item, model)
        if not by_slug:
            return
        existing = KnowledgePage.objects.filter(slug__in=by_slug).select_related("content_type")
        for page in existing:
            item, model = by_slug[page.slug]
            existing_model = page.content_type.model_class()
            if existing_model is not model:
                kind = PAGE_TYPE_NAMES.get(existing_model, existing_model.__name__)
                self.problem(item, "slug", f'"{page.slug}" is already used by a {kind} (page id {page.pk}).')
