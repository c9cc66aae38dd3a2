"""Checking one field of an item: each checker records a problem naming the item and field, or stores the clean value.

`FieldChecks` holds the generic checkers (slug, bilingual text, choice, date, number, URL, references, timed rows);
validation.py applies them section by section.
"""

import datetime
import json
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .shape import DATE_RE, INT_MAX, LANGS, SLUG_RE

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


class FieldChecks:
    """Problems found so far, and the checkers that add to them."""

    def __init__(self):
        self.problems = []

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
