"""Exporting knowledge content in the import shape: every snippet and live knowledge page, in a stable order.

Optional fields are left out when empty, English texts when there is no English, so that an export imports back
unchanged.
"""

import json

from django.utils import translation

from core.visibility import members_only_checker

from ..entities import on_site
from ..models import (
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
from .outcome_rows import export_outcome, outcome_rows_map
from .page_state import NOTICE_DATES
from .related_rows import m2m_map, rows_map
from .text import bilingual, html_to_text, stream_to_text


def export_knowledge():
    """Every snippet and live knowledge page, in the import shape, in a stable order."""
    with translation.override("ja"):
        pages = PageExport()
        return {
            "themes": export_themes(),
            "organizations": export_organisations(),
            "municipalities": export_municipalities(),
            "people": export_people(),
            "case_studies": pages.case_studies(),
            "seminar_recordings": pages.seminar_recordings(),
            "program_notices": pages.program_notices(),
        }


def dump_json(data):
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------- snippets


def export_themes():
    return [{"slug": t.slug, "axis": t.axis, "name": bilingual(t.name_ja, t.name_en)} for t in Theme.objects.order_by("slug")]


def export_organisations():
    organisations = []
    for o in Organisation.objects.order_by("slug"):
        entry = {"slug": o.slug, "name": bilingual(o.name_ja, o.name_en)}
        if o.short_name_ja or o.short_name_en:
            entry["short_name"] = bilingual(o.short_name_ja, o.short_name_en)
        organisations.append(entry)
    return organisations


def export_municipalities():
    return [
        {
            "code": m.code,
            "name": bilingual(m.name_ja, m.name_en),
            "prefecture": bilingual(m.prefecture.name_ja, m.prefecture.name_en),
            "membership": m.membership,
        }
        # Members and the municipalities content names, not the whole code list (sync_municipalities loads that).
        for m in Municipality.objects.filter(on_site()).distinct().select_related("prefecture").order_by("code")
    ]


def export_people():
    people = []
    for p in Person.objects.select_related("municipality").order_by("slug"):
        entry = {"slug": p.slug, "name": bilingual(p.name_ja, p.name_en)}
        if p.kana:
            entry["kana"] = p.kana
        if p.role_ja or p.role_en:
            entry["role"] = bilingual(p.role_ja, p.role_en)
        if p.municipality_id:
            entry["municipality"] = p.municipality.code
        people.append(entry)
    return people


# ---------------------------------------------------------------- pages


class PageExport:
    """The three page sections; slugs of related rows are read once for all of them."""

    def __init__(self):
        self.members_only = members_only_checker()
        self.theme_slugs = dict(Theme.objects.values_list("pk", "slug"))
        self.person_slugs = dict(Person.objects.values_list("pk", "slug"))
        self.organisation_slugs = dict(Organisation.objects.values_list("pk", "slug"))
        self.recording_slugs = dict(SeminarRecordingPage.objects.values_list("pk", "slug"))
        self.notice_slugs = dict(ProgramNoticePage.objects.values_list("pk", "slug"))

    def live_pages(self, model):
        """(live pages of the model by slug, their ids, {page id: theme ids})."""
        items = list(model.objects.live().select_related("municipality").order_by("slug", "path"))
        ids = [p.pk for p in items]
        return items, ids, m2m_map(KnowledgePage, "themes", ids)

    def common(self, page, themes):
        """The fields every knowledge page has."""
        entry = {"slug": page.slug}
        if page.municipality_id:
            entry["municipality"] = page.municipality.code
        entry["themes"] = sorted(self.theme_slugs[t] for t in themes.get(page.pk, ()))
        entry["audience"] = "members" if self.members_only(page) else "public"
        entry["title"] = bilingual(page.title_ja or page.title, page.title_en)
        if page.summary_ja or page.summary_en:
            entry["summary"] = bilingual(page.summary_ja, page.summary_en)
        body_ja, body_en = stream_to_text(page.body_ja), stream_to_text(page.body_en)
        if body_ja or body_en:
            entry["body"] = bilingual(body_ja, body_en)
        return entry

    def case_studies(self):
        items, ids, themes = self.live_pages(CaseStudyPage)
        recordings = m2m_map(CaseStudyPage, "related_recordings", ids)
        notices = m2m_map(CaseStudyPage, "related_notices", ids)
        funding = m2m_map(CaseStudyPage, "funding_programmes", ids)
        outcomes = outcome_rows_map(ids)
        entries = []
        for page in items:
            entry = self.common(page, themes)
            entry["presenter"] = self.person_slugs.get(page.presenter_id)
            entry["date"] = page.date.isoformat()
            if page.episode is not None:
                entry["episode"] = page.episode
            related = sorted(self.recording_slugs[r] for r in recordings[page.pk])
            if related:
                entry["related_recordings"] = related
            related = sorted(self.notice_slugs[r] for r in notices[page.pk])
            if related:
                entry["related_notices"] = related
            related = sorted(self.notice_slugs[r] for r in funding[page.pk])
            if related:
                entry["funding_programmes"] = related
            if outcomes[page.pk]:
                entry["outcomes"] = [export_outcome(row) for row in outcomes[page.pk]]
            entries.append(entry)
        return entries

    def seminar_recordings(self):
        items, ids, themes = self.live_pages(SeminarRecordingPage)
        speakers = m2m_map(SeminarRecordingPage, "speakers", ids)
        chapters = rows_map(Chapter, ids, "title")
        transcript = rows_map(TranscriptSegment, ids, "text", language="")
        entries = []
        for page in items:
            entry = self.common(page, themes)
            entry["series"] = page.series
            if page.session is not None:
                entry["session"] = page.session
            entry["recorded_on"] = page.date.isoformat()
            entry["speakers"] = sorted(self.person_slugs[s] for s in speakers[page.pk])
            if page.video_url:
                entry["video_url"] = page.video_url
            if page.duration_seconds is not None:
                entry["duration_seconds"] = page.duration_seconds
            if chapters[page.pk]:
                entry["chapters"] = timed_rows(chapters[page.pk], "title")
            if transcript[page.pk]:
                entry["transcript"] = timed_rows(transcript[page.pk], "text")
            entries.append(entry)
        return entries

    def program_notices(self):
        items, ids, themes = self.live_pages(ProgramNoticePage)
        entries = []
        for page in items:
            entry = self.common(page, themes)
            if page.organisation_id:
                entry["organization"] = self.organisation_slugs[page.organisation_id]
            entry["kind"] = page.kind
            for name in NOTICE_DATES:
                if getattr(page, name):
                    entry[name] = getattr(page, name).isoformat()
            if page.location_ja or page.location_en:
                entry["location"] = bilingual(page.location_ja, page.location_en)
            if page.external_url:
                entry["external_url"] = page.external_url
            eligibility_ja, eligibility_en = html_to_text(page.eligibility_ja), html_to_text(page.eligibility_en)
            if eligibility_ja or eligibility_en:
                entry["eligibility"] = bilingual(eligibility_ja, eligibility_en)
            entries.append(entry)
        return entries


def timed_rows(rows, text_key):
    return [{"start": start, text_key: bilingual(t["ja"], t["en"])} for start, t in rows]
