"""Helpers of the import/export tests: the shared corpus, running the command, counting what an import could write."""

import copy
import json
from io import StringIO

from django.conf import settings
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Revision, Site

from knowledge.models import (
    CaseStudyPage,
    Chapter,
    KnowledgePage,
    Municipality,
    Organisation,
    Person,
    ProgramNoticePage,
    SeminarRecordingPage,
    Theme,
    TranscriptSegment,
)

CORPUS = settings.SHARED_DIR / "search-eval" / "corpus.json"
PAGE_SECTIONS = {"case_studies": CaseStudyPage, "seminar_recordings": SeminarRecordingPage, "program_notices": ProgramNoticePage}
ALL_SECTIONS = ("themes", "organizations", "municipalities", "people", *PAGE_SECTIONS)


def write_json(tmp_path, data, name="data.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_import(path):
    out = StringIO()
    call_command("import_knowledge", str(path), stdout=out)
    return out.getvalue()


def row_counts():
    """Everything an import could write."""
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Revision,
            PageLogEntry,
            PageViewRestriction,
            Site,
            Theme,
            Organisation,
            Municipality,
            Person,
            Chapter,
            TranscriptSegment,
            KnowledgePage.themes.through,
        )
    }


def keyed(data):
    """{section: {slug or code: item}}, with unordered lists sorted, for comparing documents."""
    result = {}
    for section in ALL_SECTIONS:
        key = "code" if section == "municipalities" else "slug"
        items = {}
        for item in data.get(section, []):
            item = copy.deepcopy(item)
            for name in ("themes", "speakers", "related_recordings", "related_notices"):
                if name in item:
                    item[name] = sorted(item[name])
            items[item[key]] = item
        result[section] = items
    return result


def item_in(data, section, slug):
    return next(item for item in data[section] if item.get("slug") == slug)
