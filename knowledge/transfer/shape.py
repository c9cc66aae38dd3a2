"""The JSON shape of an import file (shared/search-eval/corpus.json): its sections and the forms of its values."""

import re

from ..models import CaseStudyPage, ProgramNoticePage, SeminarRecordingPage

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
SMALL_INT_MAX = 32767
INT_MAX = 2147483647


def section_key(section):
    """The field that names an item of a section: municipalities by code, everything else by slug."""
    return "code" if section == "municipalities" else "slug"
