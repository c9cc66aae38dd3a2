"""A search's request parameters: the query, its language, filters, sort and page, read from GET.

Every optional parameter is declared once in PARAMETERS: how its text becomes a value, and what the
API's 400 answer ({"error", "param"}) says when it cannot. The search page ignores such a value instead,
and names the parameter in SearchParams.ignored.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from core.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from knowledge.models import Axis, CaseStudyPage, ProgramNoticePage, SeminarRecordingPage, Theme

PAGE_TYPES = {model.type_slug: model for model in (CaseStudyPage, SeminarRecordingPage, ProgramNoticePage)}
SORTS = ("relevance", "date")
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 50
MAX_QUERY_CHARS = 200
# Control and invisible format characters (zero-width space, BOM, bidi marks): never part of a query.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff0-\ufffb]")
_SPACES = re.compile(r"\s+")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


class SearchInputError(ValueError):
    """A request the search cannot answer as asked (the API turns it into a 400)."""

    def __init__(self, param, message):
        super().__init__(message)
        self.param = param
        self.message = message


def clean_query(raw) -> str:
    """The query as typed, without control or invisible characters and with spaces collapsed."""
    text = _INVISIBLE.sub("", str(raw or ""))
    return _SPACES.sub(" ", text).strip()


def _small_int(value):
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        return None
    return int(value)


def one_of(values):
    """A reader accepting exactly one of `values`."""
    return lambda text: text if text in values else None


def whole_number(low, high=None, *, at_most=None):
    """A reader accepting ASCII digits from `low` to `high` (None: no limit); larger ones become `at_most` if given."""

    def read(text):
        number = _small_int(text)
        if number is None or number < low or (high is not None and number > high):
            return None
        return number if at_most is None else min(number, at_most)

    return read


def known_theme(text):
    """A theme's slug, if a theme has it."""
    return text if _SLUG.fullmatch(text) and Theme.objects.filter(slug=text).exists() else None


@dataclass(frozen=True)
class Parameter:
    """An optional GET parameter: `read` turns its text (stripped, not empty) into a value, or None when it cannot."""

    name: str
    read: Callable[[str], object]
    error: str  # the 400 answer's message when `read` gives None


# Checked in this order: the API answers the first one it cannot use.
PARAMETERS = (
    Parameter("type", one_of(PAGE_TYPES), f"type must be one of: {', '.join(PAGE_TYPES)}"),
    Parameter("theme", known_theme, "unknown theme"),
    Parameter("axis", one_of(Axis.values), f"axis must be one of: {', '.join(Axis.values)}"),
    Parameter("prefecture", whole_number(1, 47), "prefecture must be a JIS prefecture code from 1 to 47"),
    Parameter("year", whole_number(1900, 2100), "year must be a year such as 2025"),
    Parameter("sort", one_of(SORTS), f"sort must be one of: {', '.join(SORTS)}"),
    Parameter("page_size", whole_number(1, at_most=MAX_PAGE_SIZE), f"page_size must be a whole number from 1 to {MAX_PAGE_SIZE}"),
    Parameter("page", whole_number(1), "page must be a whole number from 1"),
)


@dataclass
class SearchParams:
    query: str = ""
    lang: str = "ja"
    type: str = ""
    theme: str = ""
    axis: str = ""
    prefecture: int | None = None
    year: int | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    ignored: list = field(default_factory=list)  # names of parameters whose value was not understood

    FILTERS = ("type", "theme", "axis", "prefecture", "year")

    @property
    def filters(self):
        return {name: getattr(self, name) for name in self.FILTERS if getattr(self, name) not in ("", None)}

    @classmethod
    def from_request(cls, data, lang=None, *, strict=False):
        """Read GET parameters (`lang`: the page's language, which wins over ?lang=). strict=True (the API)
        raises SearchInputError on a bad value; otherwise (the page) a bad value is ignored and named in `ignored`."""
        params = cls()

        def reject(name, message):
            if strict:
                raise SearchInputError(name, message)
            params.ignored.append(name)

        params.query = clean_query(data.get("q") or "")
        if len(params.query) > MAX_QUERY_CHARS:
            reject("q", f"q is too long: at most {MAX_QUERY_CHARS} characters")
            params.query = params.query[:MAX_QUERY_CHARS].strip()

        params.lang = lang or (data.get("lang") or DEFAULT_LANGUAGE).strip().lower()
        if params.lang not in LANGUAGE_CODES:
            if strict:
                raise SearchInputError("lang", f"lang must be one of: {', '.join(LANGUAGE_CODES)}")
            params.lang = DEFAULT_LANGUAGE

        for parameter in PARAMETERS:
            text = (data.get(parameter.name) or "").strip()
            if not text:
                continue
            value = parameter.read(text)
            if value is None:
                reject(parameter.name, parameter.error)
            else:
                setattr(params, parameter.name, value)
        return params
