"""Import and export knowledge content in the JSON shape of shared/search-eval/corpus.json.

`import_knowledge(data)` validates everything first and writes nothing if anything is wrong
(raising KnowledgeImportError with every problem); otherwise it upserts snippets by slug/code and
pages by slug in one transaction, publishes changed pages and refreshes their search index entries.
`export_knowledge()` returns the same shape.
"""

import datetime
import html
import json
import logging
import re
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import translation
from modelsearch.backends import get_search_backends_with_name
from modelsearch.signal_handlers import post_save_signal_handler
from wagtail.models import PageViewRestriction, ReferenceIndex
from wagtail.rich_text import RichText
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.visibility import members_only_checker

from .models import (
    Axis,
    CaseStudyPage,
    Chapter,
    KnowledgePage,
    Membership,
    Municipality,
    NoticeKind,
    Organisation,
    Person,
    Prefecture,
    ProgramNoticePage,
    SeminarRecordingPage,
    Series,
    Theme,
    TranscriptSegment,
)
from .site_tree import ensure_site_tree

logger = logging.getLogger(__name__)

SECTIONS = (
    "themes",
    "organizations",
    "municipalities",
    "people",
    "case_studies",
    "seminar_recordings",
    "program_notices",
)
PAGE_SECTIONS = {"case_studies": CaseStudyPage, "seminar_recordings": SeminarRecordingPage, "program_notices": ProgramNoticePage}
PAGE_TYPE_NAMES = {CaseStudyPage: "case study", SeminarRecordingPage: "seminar recording", ProgramNoticePage: "programme notice"}
AUDIENCES = ("public", "members")
LANGS = ("ja", "en")
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CODE_RE = re.compile(r"^\d{6}$")
REINDEX_CHUNK = 200
SMALL_INT_MAX = 32767
INT_MAX = 2147483647


class KnowledgeImportError(Exception):
    """Raised with every problem found; nothing has been written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(self.message)

    @property
    def message(self):
        count = len(self.problems)
        heading = f"Nothing was imported: {count} problem{'s' if count != 1 else ''} found."
        return "\n".join([heading, *(f"  - {p}" for p in self.problems)])


@dataclass
class ImportSummary:
    """How many items of each section were created, updated or left unchanged."""

    counts: dict = field(default_factory=lambda: {s: Counter() for s in SECTIONS})
    seconds: float = 0.0
    reindexed: int = 0

    def add(self, section, outcome):
        self.counts[section][outcome] += 1

    def total(self, outcome):
        return sum(c[outcome] for c in self.counts.values())

    @property
    def created(self):
        return self.total("created")

    @property
    def updated(self):
        return self.total("updated")

    @property
    def unchanged(self):
        return self.total("unchanged")

    def __str__(self):
        parts = [f"{s} {c['created']}/{c['updated']}/{c['unchanged']}" for s, c in self.counts.items() if sum(c.values())]
        detail = f" ({', '.join(parts)} created/updated/unchanged)" if parts else ""
        return (
            f"Imported in {self.seconds:.1f}s: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged{detail}; {self.reindexed} pages reindexed."
        )


# ---------------------------------------------------------------- body text <-> StreamField


def split_paragraphs(text):
    """Paragraphs separated by blank lines; spaces at either end of a paragraph are dropped, not inner lines."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip(" \t\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip(" \t\n")]


def normalise_text(text):
    return "\n\n".join(split_paragraphs(text))


def paragraph_html(paragraph):
    return "<p>" + html.escape(paragraph, quote=False).replace("\n", "<br/>") + "</p>"


def html_to_text(source):
    """Rich text (Wagtail's stored HTML) back to plain paragraphs."""
    text = re.sub(r"<br\s*/?>", "\n", source or "", flags=re.IGNORECASE)
    text = re.sub(r"</(p|h[1-6]|li|ul|ol|blockquote)\s*>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", "", text)
    return normalise_text(html.unescape(text))


def text_to_stream(text):
    return [("paragraph", RichText(paragraph_html(p))) for p in split_paragraphs(text)]


def text_to_rich_text(text):
    return "".join(paragraph_html(p) for p in split_paragraphs(text))


def stream_to_text(stream_value):
    """The text of paragraph, heading and quote blocks; other blocks (images, links…) carry no text here."""
    if not stream_value:
        return ""
    raw = getattr(stream_value, "raw_data", stream_value)
    paragraphs = []
    for block in raw:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph":
            paragraphs.append(html_to_text(value))
        elif kind == "heading" and isinstance(value, dict):
            paragraphs.append(normalise_text(value.get("text", "")))
        elif kind == "quote" and isinstance(value, dict):
            paragraphs.append(normalise_text(value.get("quote", "")))
    return "\n\n".join(p for p in paragraphs if p)


# ---------------------------------------------------------------- validation


MISSING = object()


def show(value):
    """A value as it was written in the JSON file."""
    return json.dumps(value, ensure_ascii=False, default=str)


class Item:
    """One entry of a section, with where it sits in the file for messages."""

    def __init__(self, section, position, raw, key_name):
        self.section = section
        self.position = position
        self.raw = raw
        self.key = raw.get(key_name) if isinstance(raw.get(key_name), str) else None
        self.key_name = key_name
        self.values = {}

    @property
    def where(self):
        label = f"{self.section}[{self.position}]"
        return f'{label} ({self.key_name} "{self.key}")' if self.key else label


class Validator:
    def __init__(self, data):
        self.data = data
        self.problems = []
        self.items = {s: [] for s in SECTIONS}
        self._prefectures = None

    # -- helpers
    def problem(self, item, key, message):
        where = item.where if isinstance(item, Item) else item
        self.problems.append(f'{where}, field "{key}": {message}' if key else f"{where}: {message}")

    def get(self, item, key, required):
        value = item.raw.get(key, MISSING)
        if value is None:
            value = MISSING
        if value is MISSING and required:
            self.problem(item, key, "is required.")
        return value

    def slug(self, item, key="slug", max_length=80):
        value = self.get(item, key, required=True)
        if value is MISSING:
            return
        if not isinstance(value, str) or not SLUG_RE.match(value):
            self.problem(item, key, f"{show(value)} is not a valid slug (letters, digits, hyphens and underscores only).")
        elif len(value) > max_length:
            self.problem(item, key, f"is longer than {max_length} characters.")
        else:
            item.values[key] = value

    def text(self, item, key, required=False, max_length=None):
        """A {"ja": ..., "en": ...} value, stored as {"ja": str, "en": str} with "" for missing English."""
        value = self.get(item, key, required)
        if value is MISSING:
            item.values[key] = {"ja": "", "en": ""}
            return
        parsed = self.parse_text(item, key, value, required, max_length)
        if parsed is not None:
            item.values[key] = parsed

    def parse_text(self, item, label, value, required, max_length):
        if not isinstance(value, dict):
            self.problem(item, label, 'must be an object like {"ja": "...", "en": "..."}.')
            return None
        unknown = sorted(set(value) - set(LANGS))
        if unknown:
            self.problem(item, label, f'unknown language {", ".join(map(repr, unknown))} (use "ja" and "en").')
            return None
        result = {}
        for lang in LANGS:
            text = value.get(lang)
            if text is None:
                text = ""
            if not isinstance(text, str):
                self.problem(item, f"{label}.{lang}", f"{show(text)} is not a string.")
                return None
            if max_length:
                text = text.strip()
                if len(text) > max_length:
                    self.problem(item, f"{label}.{lang}", f"is longer than {max_length} characters.")
                    return None
            result[lang] = text
        if not result["ja"].strip() and (required or result["en"].strip()):
            self.problem(item, f"{label}.ja", "the Japanese text is required.")
            return None
        return result

    def choice(self, item, key, choices, required=True, default=None):
        value = self.get(item, key, required)
        if value is MISSING:
            item.values[key] = default
            return
        allowed = list(choices)
        if value not in allowed:
            self.problem(item, key, f"{show(value)} is not one of {', '.join(allowed)}.")
        else:
            item.values[key] = value

    def date(self, item, key, required=False):
        value = self.get(item, key, required)
        if value is MISSING:
            item.values[key] = None
            return
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            item.values[key] = value
            return
        if not isinstance(value, str) or not DATE_RE.match(value):
            self.problem(item, key, f"{show(value)} is not a date in the form YYYY-MM-DD.")
            return
        try:
            item.values[key] = datetime.date.fromisoformat(value)
        except ValueError:
            self.problem(item, key, f"{show(value)} is not a real date.")

    def integer(self, item, key, maximum=INT_MAX, minimum=0):
        value = self.get(item, key, required=False)
        if value is MISSING:
            item.values[key] = None
            return
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(item, key, f"{show(value)} is not a whole number.")
        elif not minimum <= value <= maximum:
            self.problem(item, key, f"{value} is out of range ({minimum}–{maximum}).")
        else:
            item.values[key] = value

    def url(self, item, key, max_length=200):
        value = self.get(item, key, required=False)
        if value is MISSING or value == "":
            item.values[key] = ""
            return
        try:
            if not isinstance(value, str):
                raise ValidationError("not a string")
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            self.problem(item, key, f"{show(value)} is not an http(s) URL.")
            return
        if len(value) > max_length:
            self.problem(item, key, f"is longer than {max_length} characters.")
            return
        item.values[key] = value

    def reference(self, item, key, kind):
        value = self.get(item, key, required=False)
        if value is MISSING or value is None:
            item.values[key] = None
            return
        if not isinstance(value, str):
            self.problem(item, key, f"must be a {kind} {'code' if kind == 'municipality' else 'slug'} (a string).")
            return
        item.values[key] = value

    def references(self, item, key, kind):
        value = self.get(item, key, required=False)
        if value is MISSING:
            item.values[key] = []
            return
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(item, key, f"must be a list of {kind} slugs.")
            return
        duplicates = sorted(k for k, n in Counter(value).items() if n > 1)
        if duplicates:
            self.problem(item, key, f"lists {', '.join(duplicates)} more than once.")
        item.values[key] = list(dict.fromkeys(value))

    def timed_rows(self, item, key, text_key, max_length=None):
        value = self.get(item, key, required=False)
        item.values[key] = []
        if value is MISSING:
            return
        if not isinstance(value, list):
            self.problem(item, key, f'must be a list of {{"start": seconds, "{text_key}": {{"ja": "...", "en": "..."}}}}.')
            return
        rows = []
        for n, row in enumerate(value):
            label = f"{key}[{n}]"
            if not isinstance(row, dict):
                self.problem(item, label, "must be an object.")
                continue
            unknown = sorted(set(row) - {"start", text_key})
            if unknown:
                self.problem(item, label, f"unknown field {', '.join(map(repr, unknown))}.")
            start = row.get("start")
            if start is None:
                self.problem(item, f"{label}.start", "is required.")
            elif isinstance(start, bool) or not isinstance(start, int) or not 0 <= start <= INT_MAX:
                self.problem(item, f"{label}.start", f"{show(start)} is not a whole number of seconds.")
                start = None
            text = row.get(text_key)
            if text is None:
                self.problem(item, f"{label}.{text_key}", "is required.")
            else:
                text = self.parse_text(item, f"{label}.{text_key}", text, True, max_length)
            if start is not None and text is not None:
                rows.append((start, text))
        item.values[key] = rows

    def unknown_keys(self, item, allowed):
        unknown = sorted(set(item.raw) - set(allowed))
        for key in unknown:
            self.problem(item, key, f"unknown field (expected one of: {', '.join(allowed)}).")

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
            entries = data.get(section, [])
            if entries is None:
                entries = []
            if not isinstance(entries, list):
                self.problems.append(f'"{section}" must be a list.')
                continue
            key_name = "code" if section == "municipalities" else "slug"
            for position, raw in enumerate(entries):
                if not isinstance(raw, dict):
                    self.problems.append(f"{section}[{position}]: must be an object.")
                    continue
                item = Item(section, position, raw, key_name)
                getattr(self, f"check_{section}")(item)
                self.items[section].append(item)
        self.check_duplicates()
        self.check_references()
        return self

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
        self.unknown_keys(item, ("slug", "name", "role", "municipality"))
        self.slug(item)
        self.text(item, "name", required=True, max_length=80)
        self.text(item, "role", max_length=120)
        self.reference(item, "municipality", "municipality")

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
        self.check_page(item, ("date", "presenter", "episode", "related_recordings", "related_notices"))
        self.date(item, "date", required=True)
        self.reference(item, "presenter", "person")
        self.integer(item, "episode", maximum=SMALL_INT_MAX)
        self.references(item, "related_recordings", "seminar recording")
        self.references(item, "related_notices", "programme notice")

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
            key_name = "code" if section == "municipalities" else "slug"
            if section in PAGE_SECTIONS:
                continue
            self._duplicates(self.items[section], key_name)
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
        targets = {
            "theme": ("themes", Theme, "slug"),
            "organisation": ("organizations", Organisation, "slug"),
            "municipality": ("municipalities", Municipality, "code"),
            "person": ("people", Person, "slug"),
            "seminar recording": ("seminar_recordings", SeminarRecordingPage, "slug"),
            "programme notice": ("program_notices", ProgramNoticePage, "slug"),
        }
        fields = {
            "people": {"municipality": "municipality"},
            "case_studies": {
                "themes": "theme",
                "municipality": "municipality",
                "presenter": "person",
                "related_recordings": "seminar recording",
                "related_notices": "programme notice",
            },
            "seminar_recordings": {"themes": "theme", "municipality": "municipality", "speakers": "person"},
            "program_notices": {"themes": "theme", "municipality": "municipality", "organization": "organisation"},
        }
        wanted = {kind: set() for kind in targets}
        for section, refs in fields.items():
            for item in self.items[section]:
                for key, kind in refs.items():
                    value = item.values.get(key)
                    wanted[kind].update(value if isinstance(value, list) else [value] if value else [])
        available = {}
        for kind, (section, model, key_name) in targets.items():
            in_file = {i.values.get(key_name) for i in self.items[section]} - {None}
            missing = wanted[kind] - in_file
            in_db = (
                set(model.objects.filter(**{f"{key_name}__in": missing}).values_list(key_name, flat=True)) if missing else set()
            )
            available[kind] = in_file | in_db
        for section, refs in fields.items():
            for item in self.items[section]:
                for key, kind in refs.items():
                    value = item.values.get(key)
                    for ref in value if isinstance(value, list) else [value] if value else []:
                        if ref not in available[kind]:
                            self.problem(item, key, f'unknown {kind} "{ref}" (not in this file nor in the database).')
        self.check_page_slugs_against_database()

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


def validate(data):
    """Every problem in data, as messages naming the item and the field; [] when it can be imported."""
    return Validator(data).run().problems


# ---------------------------------------------------------------- loading a file


def load_file(path):
    """The parsed JSON of a file ("-" for standard input); KnowledgeImportError if unreadable or not JSON."""
    import sys

    try:
        raw = sys.stdin.buffer.read() if str(path) == "-" else Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise KnowledgeImportError([f"File not found: {path}"]) from exc
    except IsADirectoryError as exc:
        raise KnowledgeImportError([f"{path} is a directory, not a JSON file."]) from exc
    except OSError as exc:
        raise KnowledgeImportError([f"Cannot read {path}: {exc.strerror}"]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KnowledgeImportError([f"{path} is not UTF-8 text (byte {exc.start})."]) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise KnowledgeImportError([f"{path} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}."]) from exc


# ---------------------------------------------------------------- writing


def _blank(value):
    return value or ""


def _m2m_map(model, field_name, ids):
    """{page id: set of related ids} read straight from the through table."""
    field_ = model._meta.get_field(field_name)
    through = field_.remote_field.through
    source, target = field_.m2m_field_name(), field_.m2m_reverse_field_name()
    result = {pk: set() for pk in ids}
    for source_id, target_id in through.objects.filter(**{f"{source}_id__in": ids}).values_list(f"{source}_id", f"{target}_id"):
        result[source_id].add(target_id)
    return result


def _rows_map(model, ids, text_field):
    result = {pk: [] for pk in ids}
    for row in model.objects.filter(page_id__in=ids).order_by("page_id", "sort_order", "pk"):
        result[row.page_id].append(
            (row.start, {"ja": _blank(getattr(row, f"{text_field}_ja")), "en": _blank(getattr(row, f"{text_field}_en"))})
        )
    return result


class Writer:
    def __init__(self, validator, summary):
        self.items = validator.items
        self.summary = summary
        self.refs = {}
        self.changed_snippets = {Theme: set(), Municipality: set(), Person: set(), Organisation: set()}
        self.touched_pages = set()
        self.instances = {}

    def run(self):
        with translation.override("ja"):
            self.write_snippets(
                "themes", Theme, "slug", lambda v: {"axis": v["axis"], "name_ja": v["name"]["ja"], "name_en": v["name"]["en"]}
            )
            self.write_snippets(
                "organizations",
                Organisation,
                "slug",
                lambda v: {
                    "name_ja": v["name"]["ja"],
                    "name_en": v["name"]["en"],
                    "short_name_ja": v["short_name"]["ja"],
                    "short_name_en": v["short_name"]["en"],
                },
            )
            self.write_snippets(
                "municipalities",
                Municipality,
                "code",
                lambda v: {
                    "name_ja": v["name"]["ja"],
                    "name_en": v["name"]["en"],
                    "prefecture_id": v["prefecture"].pk,
                    "membership": v["membership"],
                },
            )
            self.write_snippets(
                "people",
                Person,
                "slug",
                lambda v: {
                    "name_ja": v["name"]["ja"],
                    "name_en": v["name"]["en"],
                    "role_ja": v["role"]["ja"],
                    "role_en": v["role"]["en"],
                    "municipality_id": self.ref(Municipality, "code", v["municipality"]),
                },
            )
            if any(self.items[s] for s in PAGE_SECTIONS):
                _, self.indexes = ensure_site_tree()
                self.write_pages("seminar_recordings", SeminarRecordingPage)
                self.write_pages("program_notices", ProgramNoticePage)
                self.write_pages("case_studies", CaseStudyPage)
            self.reindex()

    # -- snippets
    def ref(self, model, key_name, key):
        if key is None:
            return None
        cache = self.refs.setdefault(model, {})
        if key not in cache:
            cache[key] = model.objects.filter(**{key_name: key}).values_list("pk", flat=True).first()
        return cache[key]

    def refs_list(self, model, keys):
        cache = self.refs.setdefault(model, {})
        missing = [k for k in keys if k not in cache]
        if missing:
            key_name = "slug"
            cache.update(dict(model.objects.filter(**{f"{key_name}__in": missing}).values_list(key_name, "pk")))
        return [cache[k] for k in keys]

    def write_snippets(self, section, model, key_name, values_for):
        items = self.items[section]
        if not items:
            return
        keys = [i.values[key_name] for i in items]
        existing = {getattr(o, key_name): o for o in model.objects.filter(**{f"{key_name}__in": keys})}
        cache = self.refs.setdefault(model, {})
        for item in items:
            key = item.values[key_name]
            wanted = values_for(item.values)
            # the untranslated column mirrors Japanese, the default language
            for name in list(wanted):
                if name.endswith("_ja"):
                    wanted[name[:-3]] = wanted[name]
            obj = existing.get(key)
            if obj is None:
                obj = model(**{key_name: key}, **wanted)
                self.save(item, obj)
                self.summary.add(section, "created")
            elif any(_blank(getattr(obj, name)) != _blank(value) for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(obj, name, value)
                self.save(item, obj)
                self.changed_snippets[model].add(obj.pk)
                self.summary.add(section, "updated")
            else:
                self.summary.add(section, "unchanged")
            cache[key] = obj.pk

    def save(self, item, obj):
        try:
            obj.full_clean(validate_unique=False)
            obj.save()
        except ValidationError as exc:
            raise KnowledgeImportError(
                [f'{item.where}, field "{name}": {" ".join(msgs)}' for name, msgs in exc.message_dict.items()]
            ) from exc

    # -- pages
    def desired_state(self, model, v):
        state = {
            "title_ja": v["title"]["ja"],
            "title_en": v["title"]["en"],
            "summary_ja": v["summary"]["ja"],
            "summary_en": v["summary"]["en"],
            "body_ja": normalise_text(v["body"]["ja"]),
            "body_en": normalise_text(v["body"]["en"]),
            "municipality_id": self.ref(Municipality, "code", v["municipality"]),
            "themes": set(self.refs_list(Theme, v["themes"])),
            "members_only": v["audience"] == "members",
        }
        if model is CaseStudyPage:
            state.update(
                date=v["date"],
                presenter_id=self.ref(Person, "slug", v["presenter"]),
                episode=v["episode"],
                related_recordings=set(self.page_ids(SeminarRecordingPage, v["related_recordings"])),
                related_notices=set(self.page_ids(ProgramNoticePage, v["related_notices"])),
            )
        elif model is SeminarRecordingPage:
            state.update(
                date=v["recorded_on"],
                series=v["series"],
                session=v["session"],
                speakers=set(self.refs_list(Person, v["speakers"])),
                video_url=v["video_url"],
                duration_seconds=v["duration_seconds"],
                chapters=[(s, t) for s, t in v["chapters"]],
                transcript=[(s, t) for s, t in v["transcript"]],
            )
        else:
            state.update(
                organisation_id=self.ref(Organisation, "slug", v["organization"]),
                kind=v["kind"],
                applications_open=v["applications_open"],
                applications_close=v["applications_close"],
                event_start=v["event_start"],
                event_end=v["event_end"],
                location_ja=v["location"]["ja"],
                location_en=v["location"]["en"],
                external_url=v["external_url"],
                eligibility_ja=normalise_text(v["eligibility"]["ja"]),
                eligibility_en=normalise_text(v["eligibility"]["en"]),
            )
        return state

    def page_ids(self, model, slugs):
        cache = self.refs.setdefault(model, {})
        missing = [s for s in slugs if s not in cache]
        if missing:
            cache.update(dict(model.objects.filter(slug__in=missing).values_list("slug", "pk")))
        return [cache[s] for s in slugs]

    def current_states(self, model, pages):
        ids = [p.pk for p in pages]
        themes = _m2m_map(KnowledgePage, "themes", ids)
        restricted = set(
            PageViewRestriction.objects.filter(page_id__in=ids, restriction_type=PageViewRestriction.LOGIN).values_list(
                "page_id", flat=True
            )
        )
        extra = {}
        if model is CaseStudyPage:
            extra["related_recordings"] = _m2m_map(model, "related_recordings", ids)
            extra["related_notices"] = _m2m_map(model, "related_notices", ids)
        elif model is SeminarRecordingPage:
            extra["speakers"] = _m2m_map(model, "speakers", ids)
            extra["chapters"] = _rows_map(Chapter, ids, "title")
            extra["transcript"] = _rows_map(TranscriptSegment, ids, "text")
        states = {}
        for page in pages:
            state = {
                "title_ja": _blank(page.title_ja),
                "title_en": _blank(page.title_en),
                "summary_ja": _blank(page.summary_ja),
                "summary_en": _blank(page.summary_en),
                "body_ja": stream_to_text(page.body_ja),
                "body_en": stream_to_text(page.body_en),
                "municipality_id": page.municipality_id,
                "themes": themes[page.pk],
                "members_only": page.pk in restricted,
            }
            for name, mapping in extra.items():
                state[name] = mapping[page.pk]
            if model is CaseStudyPage:
                state.update(date=page.date, presenter_id=page.presenter_id, episode=page.episode)
            elif model is SeminarRecordingPage:
                state.update(
                    date=page.date,
                    series=page.series,
                    session=page.session,
                    video_url=page.video_url,
                    duration_seconds=page.duration_seconds,
                )
            else:
                state.update(
                    organisation_id=page.organisation_id,
                    kind=page.kind,
                    applications_open=page.applications_open,
                    applications_close=page.applications_close,
                    event_start=page.event_start,
                    event_end=page.event_end,
                    location_ja=_blank(page.location_ja),
                    location_en=_blank(page.location_en),
                    external_url=page.external_url,
                    eligibility_ja=html_to_text(page.eligibility_ja),
                    eligibility_en=html_to_text(page.eligibility_en),
                )
            states[page.pk] = state
        return states

    def write_pages(self, section, model):
        items = self.items[section]
        if not items:
            return
        parent = self.indexes[next(m for m in self.indexes if m.child_model is model)]
        slugs = [i.values["slug"] for i in items]
        found = {}
        # an editor may have moved a page: prefer the one under the index page, else any
        for page in model.objects.filter(slug__in=slugs).order_by("path"):
            under_index = page.path.startswith(parent.path) and page.depth == parent.depth + 1
            if page.slug not in found or under_index:
                found[page.slug] = page
        states = self.current_states(model, list(found.values()))
        cache = self.refs.setdefault(model, {})
        for item in items:
            wanted = self.desired_state(model, item.values)
            members_only = wanted.pop("members_only")
            page = found.get(item.values["slug"])
            if page is None:
                page = model(slug=item.values["slug"], live=False)
                self.apply(page, wanted)
                try:
                    parent.add_child(instance=page)
                except ValidationError as exc:
                    raise self.error(item, exc) from exc
                self.publish(item, page)
                outcome = "created"
                was_members_only = False
            else:
                current = states[page.pk]
                was_members_only = current.pop("members_only")
                if current != wanted or not page.live:
                    self.apply(page, wanted)
                    self.publish(item, page)
                    outcome = "updated"
                else:
                    outcome = "unchanged" if was_members_only == members_only else "updated"
            if members_only != was_members_only:
                self.set_audience(page, members_only)
            if outcome != "unchanged":
                self.touched_pages.add(page.pk)
            cache[page.slug] = page.pk
            self.summary.add(section, outcome)

    def apply(self, page, wanted):
        page.title = wanted["title_ja"]
        page.title_ja = wanted["title_ja"]
        page.title_en = wanted["title_en"]
        page.draft_title = wanted["title_ja"]
        page.summary = wanted["summary_ja"]
        page.summary_ja = wanted["summary_ja"]
        page.summary_en = wanted["summary_en"]
        page.body_ja = text_to_stream(wanted["body_ja"])
        page.body_en = text_to_stream(wanted["body_en"])
        page.body = page.body_ja
        page.municipality_id = wanted["municipality_id"]
        page.themes.set(self.objects(Theme, wanted["themes"]))
        if isinstance(page, CaseStudyPage):
            page.date = wanted["date"]
            page.presenter_id = wanted["presenter_id"]
            page.episode = wanted["episode"]
            page.related_recordings.set(self.objects(SeminarRecordingPage, wanted["related_recordings"]))
            page.related_notices.set(self.objects(ProgramNoticePage, wanted["related_notices"]))
        elif isinstance(page, SeminarRecordingPage):
            page.date = wanted["date"]
            page.series = wanted["series"]
            page.session = wanted["session"]
            page.video_url = wanted["video_url"]
            page.duration_seconds = wanted["duration_seconds"]
            page.speakers.set(self.objects(Person, wanted["speakers"]))
            page.chapters = [
                Chapter(sort_order=n, start=start, title=t["ja"], title_ja=t["ja"], title_en=t["en"])
                for n, (start, t) in enumerate(wanted["chapters"])
            ]
            page.transcript_segments = [
                TranscriptSegment(sort_order=n, start=start, text=t["ja"], text_ja=t["ja"], text_en=t["en"])
                for n, (start, t) in enumerate(wanted["transcript"])
            ]
        else:
            for name in ("organisation_id", "kind", "applications_open", "applications_close", "event_start", "event_end"):
                setattr(page, name, wanted[name])
            page.location = wanted["location_ja"]
            page.location_ja = wanted["location_ja"]
            page.location_en = wanted["location_en"]
            page.external_url = wanted["external_url"]
            page.eligibility_ja = text_to_rich_text(wanted["eligibility_ja"])
            page.eligibility_en = text_to_rich_text(wanted["eligibility_en"])
            page.eligibility = page.eligibility_ja

    def objects(self, model, ids):
        """Instances by id, fetched once per import (modelcluster's set() wants instances)."""
        cache = self.instances.setdefault(model, {})
        missing = [pk for pk in ids if pk not in cache]
        if missing:
            cache.update(model.objects.in_bulk(missing))
        return [cache[pk] for pk in sorted(ids)]

    def publish(self, item, page):
        try:
            page.save_revision(clean=False).publish()  # publishing saves and validates
        except ValidationError as exc:
            raise self.error(item, exc) from exc

    def error(self, item, exc):
        messages = getattr(exc, "message_dict", None) or {None: exc.messages}
        return KnowledgeImportError(
            [
                f'{item.where}, field "{name}": {" ".join(m)}' if name else f"{item.where}: {' '.join(m)}"
                for name, m in messages.items()
            ]
        )

    def set_audience(self, page, members_only):
        restrictions = PageViewRestriction.objects.filter(page_id=page.pk, restriction_type=PageViewRestriction.LOGIN)
        if members_only and not restrictions.exists():
            PageViewRestriction.objects.create(page_id=page.pk, restriction_type=PageViewRestriction.LOGIN)
        elif not members_only and restrictions.exists():
            restrictions.delete()

    # -- search index
    def reindex(self):
        """Search and reference indexes, once per page from the final state (save signals are paused during the import:
        they fire several times per page, and before themes, speakers and inline rows are written)."""
        ids = set(self.touched_pages)
        if self.changed_snippets[Theme]:
            ids |= set(
                KnowledgePage.themes.through.objects.filter(theme_id__in=self.changed_snippets[Theme]).values_list(
                    "knowledgepage_id", flat=True
                )
            )
        if self.changed_snippets[Municipality]:
            ids |= set(
                KnowledgePage.objects.filter(municipality_id__in=self.changed_snippets[Municipality]).values_list("pk", flat=True)
            )
        if self.changed_snippets[Person]:
            people = self.changed_snippets[Person]
            ids |= set(CaseStudyPage.objects.filter(presenter_id__in=people).values_list("pk", flat=True))
            ids |= set(
                SeminarRecordingPage.speakers.through.objects.filter(person_id__in=people).values_list(
                    "seminarrecordingpage_id", flat=True
                )
            )
        if self.changed_snippets[Organisation]:
            ids |= set(
                ProgramNoticePage.objects.filter(organisation_id__in=self.changed_snippets[Organisation]).values_list(
                    "pk", flat=True
                )
            )
        for model in PAGE_SECTIONS.values():
            model_ids = sorted(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
            for start in range(0, len(model_ids), REINDEX_CHUNK):
                chunk = list(model.get_indexed_objects().filter(pk__in=model_ids[start : start + REINDEX_CHUNK]))
                index_pages(model, chunk)
                for page in chunk:
                    if page.pk in self.touched_pages:
                        ReferenceIndex.create_or_update_for_object(page)
        self.summary.reindexed = len(ids)


def index_pages(model, pages):
    """Add pages to every auto-updated search backend, as the save signal would, in one batch."""
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(model, pages)
        except Exception:
            logger.exception("Could not index %d %s pages in the %r search backend", len(pages), model.__name__, name)
            if not backend.catch_indexing_errors:
                raise


@contextmanager
def page_index_signals_paused(models):
    """Stop per-save indexing of these page models (three saves per published page); the import indexes once at the end."""
    paused = [model for model in models if post_save.disconnect(post_save_signal_handler, sender=model)]
    try:
        yield
    finally:
        for model in paused:
            post_save.connect(post_save_signal_handler, sender=model)


def import_knowledge(data):
    """Validate data (the corpus.json shape) and import it; raise KnowledgeImportError and write nothing if invalid."""
    started = time.monotonic()
    validator = Validator(data).run()
    if validator.problems:
        raise KnowledgeImportError(validator.problems)
    summary = ImportSummary()
    with transaction.atomic(), page_index_signals_paused(PAGE_SECTIONS.values()), disable_reference_index_auto_update():
        Writer(validator, summary).run()
    summary.seconds = time.monotonic() - started
    return summary


def import_knowledge_file(path):
    return import_knowledge(load_file(path))


# ---------------------------------------------------------------- export


def _text(ja, en):
    result = {"ja": _blank(ja)}
    if en:
        result["en"] = en
    return result


def _members_only_checker():
    return members_only_checker()


def export_knowledge():
    """Every snippet and live knowledge page, in the import shape, in a stable order."""
    with translation.override("ja"):
        return _export()


def _export():
    data = {}
    data["themes"] = [
        {"slug": t.slug, "axis": t.axis, "name": _text(t.name_ja, t.name_en)} for t in Theme.objects.order_by("slug")
    ]
    organisations = []
    for o in Organisation.objects.order_by("slug"):
        entry = {"slug": o.slug, "name": _text(o.name_ja, o.name_en)}
        if o.short_name_ja or o.short_name_en:
            entry["short_name"] = _text(o.short_name_ja, o.short_name_en)
        organisations.append(entry)
    data["organizations"] = organisations
    data["municipalities"] = [
        {
            "code": m.code,
            "name": _text(m.name_ja, m.name_en),
            "prefecture": _text(m.prefecture.name_ja, m.prefecture.name_en),
            "membership": m.membership,
        }
        for m in Municipality.objects.select_related("prefecture").order_by("code")
    ]
    people = []
    for p in Person.objects.select_related("municipality").order_by("slug"):
        entry = {"slug": p.slug, "name": _text(p.name_ja, p.name_en)}
        if p.role_ja or p.role_en:
            entry["role"] = _text(p.role_ja, p.role_en)
        if p.municipality_id:
            entry["municipality"] = p.municipality.code
        people.append(entry)
    data["people"] = people

    members_only = _members_only_checker()
    slugs = {}
    for model in (SeminarRecordingPage, ProgramNoticePage):
        slugs[model] = dict(model.objects.values_list("pk", "slug"))
    theme_slugs = dict(Theme.objects.values_list("pk", "slug"))
    person_slugs = dict(Person.objects.values_list("pk", "slug"))

    def common(page, themes):
        entry = {"slug": page.slug}
        if page.municipality_id:
            entry["municipality"] = page.municipality.code
        entry["themes"] = sorted(theme_slugs[t] for t in themes.get(page.pk, ()))
        entry["audience"] = "members" if members_only(page) else "public"
        entry["title"] = _text(page.title_ja or page.title, page.title_en)
        if page.summary_ja or page.summary_en:
            entry["summary"] = _text(page.summary_ja, page.summary_en)
        body_ja, body_en = stream_to_text(page.body_ja), stream_to_text(page.body_en)
        if body_ja or body_en:
            entry["body"] = _text(body_ja, body_en)
        return entry

    def pages(model):
        queryset = model.objects.live().select_related("municipality").order_by("slug", "path")
        items = list(queryset)
        ids = [p.pk for p in items]
        return items, ids, _m2m_map(KnowledgePage, "themes", ids)

    case_studies = []
    items, ids, themes = pages(CaseStudyPage)
    recordings_map = _m2m_map(CaseStudyPage, "related_recordings", ids)
    notices_map = _m2m_map(CaseStudyPage, "related_notices", ids)
    for page in items:
        entry = common(page, themes)
        entry["presenter"] = person_slugs.get(page.presenter_id)
        entry["date"] = page.date.isoformat()
        if page.episode is not None:
            entry["episode"] = page.episode
        related = sorted(slugs[SeminarRecordingPage][r] for r in recordings_map[page.pk])
        if related:
            entry["related_recordings"] = related
        related = sorted(slugs[ProgramNoticePage][r] for r in notices_map[page.pk])
        if related:
            entry["related_notices"] = related
        case_studies.append(entry)
    data["case_studies"] = case_studies

    recordings = []
    items, ids, themes = pages(SeminarRecordingPage)
    speakers = _m2m_map(SeminarRecordingPage, "speakers", ids)
    chapters = _rows_map(Chapter, ids, "title")
    transcript = _rows_map(TranscriptSegment, ids, "text")
    for page in items:
        entry = common(page, themes)
        entry["series"] = page.series
        if page.session is not None:
            entry["session"] = page.session
        entry["recorded_on"] = page.date.isoformat()
        entry["speakers"] = sorted(person_slugs[s] for s in speakers[page.pk])
        if page.video_url:
            entry["video_url"] = page.video_url
        if page.duration_seconds is not None:
            entry["duration_seconds"] = page.duration_seconds
        if chapters[page.pk]:
            entry["chapters"] = [{"start": s, "title": _text(t["ja"], t["en"])} for s, t in chapters[page.pk]]
        if transcript[page.pk]:
            entry["transcript"] = [{"start": s, "text": _text(t["ja"], t["en"])} for s, t in transcript[page.pk]]
        recordings.append(entry)
    data["seminar_recordings"] = recordings

    notices = []
    items, ids, themes = pages(ProgramNoticePage)
    organisation_slugs = dict(Organisation.objects.values_list("pk", "slug"))
    for page in items:
        entry = common(page, themes)
        if page.organisation_id:
            entry["organization"] = organisation_slugs[page.organisation_id]
        entry["kind"] = page.kind
        for name in ("applications_open", "applications_close", "event_start", "event_end"):
            if getattr(page, name):
                entry[name] = getattr(page, name).isoformat()
        if page.location_ja or page.location_en:
            entry["location"] = _text(page.location_ja, page.location_en)
        if page.external_url:
            entry["external_url"] = page.external_url
        eligibility_ja, eligibility_en = html_to_text(page.eligibility_ja), html_to_text(page.eligibility_en)
        if eligibility_ja or eligibility_en:
            entry["eligibility"] = _text(eligibility_ja, eligibility_en)
        notices.append(entry)
    data["program_notices"] = notices
    return data


def dump_json(data):
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


__all__ = [
    "ImportSummary",
    "KnowledgeImportError",
    "dump_json",
    "export_knowledge",
    "import_knowledge",
    "import_knowledge_file",
    "load_file",
    "validate",
]
