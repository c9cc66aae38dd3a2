"""Setting a page's fields from its desired state (page_state.desired_state), before it is published."""

from ..models import CaseStudyPage, Chapter, Person, ProgramNoticePage, SeminarRecordingPage, Theme, TranscriptSegment
from .outcome_rows import outcomes_from_rows
from .page_state import NOTICE_DATES
from .text import text_to_rich_text, text_to_stream


def apply(page, wanted, keys):
    """Both languages of every field; the untranslated columns mirror Japanese, the default language."""
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
    page.themes.set(keys.objects(Theme, wanted["themes"]))
    if isinstance(page, CaseStudyPage):
        apply_case_study(page, wanted, keys)
    elif isinstance(page, SeminarRecordingPage):
        apply_recording(page, wanted, keys)
    else:
        apply_notice(page, wanted)


def apply_case_study(page, wanted, keys):
    page.date = wanted["date"]
    page.presenter_id = wanted["presenter_id"]
    page.episode = wanted["episode"]
    page.related_recordings.set(keys.objects(SeminarRecordingPage, wanted["related_recordings"]))
    page.related_notices.set(keys.objects(ProgramNoticePage, wanted["related_notices"]))
    page.funding_programmes.set(keys.objects(ProgramNoticePage, wanted["funding_programmes"]))
    page.outcomes = outcomes_from_rows(wanted["outcomes"])


def apply_recording(page, wanted, keys):
    page.date = wanted["date"]
    page.series = wanted["series"]
    page.session = wanted["session"]
    page.video_url = wanted["video_url"]
    page.duration_seconds = wanted["duration_seconds"]
    page.speakers.set(keys.objects(Person, wanted["speakers"]))
    page.chapters = [
        Chapter(sort_order=n, start=start, title=t["ja"], title_ja=t["ja"], title_en=t["en"])
        for n, (start, t) in enumerate(wanted["chapters"])
    ]
    # the bilingual rows are the file's; rows imported from caption files (one language each) stay
    captions = [row for row in page.transcript_segments.all() if row.language]
    typed = [
        TranscriptSegment(sort_order=n, start=start, text=t["ja"], text_ja=t["ja"], text_en=t["en"])
        for n, (start, t) in enumerate(wanted["transcript"])
    ]
    for n, row in enumerate(captions, len(typed)):
        row.sort_order = n
    page.transcript_segments = typed + captions


def apply_notice(page, wanted):
    for name in ("organisation_id", "kind", *NOTICE_DATES):
        setattr(page, name, wanted[name])
    page.location = wanted["location_ja"]
    page.location_ja = wanted["location_ja"]
    page.location_en = wanted["location_en"]
    page.external_url = wanted["external_url"]
    page.eligibility_ja = text_to_rich_text(wanted["eligibility_ja"])
    page.eligibility_en = text_to_rich_text(wanted["eligibility_en"])
    page.eligibility = page.eligibility_ja
