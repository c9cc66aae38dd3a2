"""A page's content as comparable values: what the import file wants, and what the database holds.

The writer compares the two to leave unchanged pages alone (no new revision, no reindexing).
"""

from core.visibility import members_only_ids

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
from .outcome_rows import outcome_rows_map
from .related_rows import m2m_map, rows_map
from .text import blank, html_to_text, normalise_text, stream_to_text

NOTICE_DATES = ("applications_open", "applications_close", "event_start", "event_end")


def desired_state(model, v, keys):
    """The state of a page of this model from an item's clean values (v); keys resolves slugs and codes to ids."""
    state = {
        "title_ja": v["title"]["ja"],
        "title_en": v["title"]["en"],
        "summary_ja": v["summary"]["ja"],
        "summary_en": v["summary"]["en"],
        "body_ja": normalise_text(v["body"]["ja"]),
        "body_en": normalise_text(v["body"]["en"]),
        "municipality_id": keys.one(Municipality, "code", v["municipality"]),
        "themes": set(keys.many(Theme, v["themes"])),
        "members_only": v["audience"] == "members",
    }
    if model is CaseStudyPage:
        state.update(
            date=v["date"],
            presenter_id=keys.one(Person, "slug", v["presenter"]),
            episode=v["episode"],
            related_recordings=set(keys.many(SeminarRecordingPage, v["related_recordings"])),
            related_notices=set(keys.many(ProgramNoticePage, v["related_notices"])),
            funding_programmes=set(keys.many(ProgramNoticePage, v["funding_programmes"])),
            outcomes=v["outcomes"],
        )
    elif model is SeminarRecordingPage:
        state.update(
            date=v["recorded_on"],
            series=v["series"],
            session=v["session"],
            speakers=set(keys.many(Person, v["speakers"])),
            video_url=v["video_url"],
            duration_seconds=v["duration_seconds"],
            chapters=[(s, t) for s, t in v["chapters"]],
            transcript=[(s, t) for s, t in v["transcript"]],
        )
    else:
        state.update(
            organisation_id=keys.one(Organisation, "slug", v["organization"]),
            kind=v["kind"],
            **{name: v[name] for name in NOTICE_DATES},
            location_ja=v["location"]["ja"],
            location_en=v["location"]["en"],
            external_url=v["external_url"],
            eligibility_ja=normalise_text(v["eligibility"]["ja"]),
            eligibility_en=normalise_text(v["eligibility"]["en"]),
        )
    return state


def current_states(model, pages):
    """{page id: state} of existing pages of one model, in the form of desired_state."""
    ids = [p.pk for p in pages]
    themes = m2m_map(KnowledgePage, "themes", ids)
    restricted = members_only_ids(ids)
    related = related_maps(model, ids)
    states = {}
    for page in pages:
        state = {
            "title_ja": blank(page.title_ja),
            "title_en": blank(page.title_en),
            "summary_ja": blank(page.summary_ja),
            "summary_en": blank(page.summary_en),
            "body_ja": stream_to_text(page.body_ja),
            "body_en": stream_to_text(page.body_en),
            "municipality_id": page.municipality_id,
            "themes": themes[page.pk],
            "members_only": page.pk in restricted,
        }
        for name, mapping in related.items():
            state[name] = mapping[page.pk]
        state.update(own_fields(model, page))
        states[page.pk] = state
    return states


def related_maps(model, ids):
    """{state key: {page id: related ids or rows}} for the relations of this page model."""
    if model is CaseStudyPage:
        return {
            "related_recordings": m2m_map(model, "related_recordings", ids),
            "related_notices": m2m_map(model, "related_notices", ids),
            "funding_programmes": m2m_map(model, "funding_programmes", ids),
            "outcomes": outcome_rows_map(ids),
        }
    if model is SeminarRecordingPage:
        return {
            "speakers": m2m_map(model, "speakers", ids),
            "chapters": rows_map(Chapter, ids, "title"),
            "transcript": rows_map(TranscriptSegment, ids, "text", language=""),  # caption imports are not ours
        }
    return {}


def own_fields(model, page):
    """The state of the fields of the page's own model."""
    if model is CaseStudyPage:
        return {"date": page.date, "presenter_id": page.presenter_id, "episode": page.episode}
    if model is SeminarRecordingPage:
        return {
            "date": page.date,
            "series": page.series,
            "session": page.session,
            "video_url": page.video_url,
            "duration_seconds": page.duration_seconds,
        }
    return {
        "organisation_id": page.organisation_id,
        "kind": page.kind,
        **{name: getattr(page, name) for name in NOTICE_DATES},
        "location_ja": blank(page.location_ja),
        "location_en": blank(page.location_en),
        "external_url": page.external_url,
        "eligibility_ja": html_to_text(page.eligibility_ja),
        "eligibility_en": html_to_text(page.eligibility_en),
    }
