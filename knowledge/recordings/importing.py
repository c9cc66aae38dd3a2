"""Caption files into a recording's transcript: what an import would change (plan), then the change (apply).

An import replaces the transcript lines of its language in one new revision, all or nothing. Hand-typed
bilingual lines lose that language's text (and go when they have none left). Speaker labels become links to the
Person whose Japanese or English name matches (spaces ignored).
"""

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from knowledge.models import Person, TranscriptSegment
from knowledge.recordings.captions import parse


def _key(name):
    return "".join((name or "").split()).casefold()


def people_by_name():
    names = {}
    for person in Person.objects.all():
        for value in (person.name_ja, person.name_en):
            if value:
                names.setdefault(_key(value), person)
    return names


@dataclass
class ImportPlan:
    page: object
    language: str
    cues: list
    removed: int = 0
    cleared: int = 0
    speakers: dict = field(default_factory=dict)  # label -> Person or None

    @property
    def added(self):
        return len(self.cues)

    @property
    def matched_speakers(self):
        return {label: person for label, person in self.speakers.items() if person}

    @property
    def unmatched_speakers(self):
        return [label for label, person in self.speakers.items() if not person]


def plan_import(page, data, language):
    """What importing this file (bytes or text) would change; raises CaptionError for a bad file."""
    cues = parse(data)
    current = page.get_latest_revision_as_object() if page.pk else page
    plan = ImportPlan(page=page, language=language, cues=cues)
    for segment in current.transcript_segments.all():
        if segment.language == language:
            plan.removed += 1
        elif segment.language == "" and (getattr(segment, f"text_{language}") or "").strip():
            plan.cleared += 1
    people = people_by_name()
    for cue in cues:
        if cue.speaker and cue.speaker not in plan.speakers:
            plan.speakers[cue.speaker] = people.get(_key(cue.speaker))
    return plan


def _new_segment(cue, language, person):
    segment = TranscriptSegment(
        language=language,
        start=cue.start_ms // 1000,
        start_ms=cue.start_ms,
        end_ms=cue.end_ms,
        speaker_label=cue.speaker,
        speaker=person,
    )
    setattr(segment, f"text_{language}", cue.text)
    return segment


def _kept(segments, language):
    kept = []
    for segment in segments:
        if segment.language == language:
            continue
        if segment.language == "":
            setattr(segment, f"text_{language}", "")
            if not any((getattr(segment, f"text_{code}") or "").strip() for code in ("ja", "en")):
                continue
        kept.append(segment)
    return kept


def _order(segment):
    return (segment.start_ms if segment.start_ms is not None else segment.start * 1000, segment.language)


@transaction.atomic
def apply_import(plan, user=None):
    """Write the plan as a new revision; publish it when the page is live with no other draft pending.
    Returns True when published, False when left as a draft."""
    live_page = type(plan.page).objects.select_for_update().get(pk=plan.page.pk)
    publish = live_page.live and not live_page.has_unpublished_changes  # read now: save_revision changes it
    page = live_page.get_latest_revision_as_object()
    segments = _kept(list(page.transcript_segments.all()), plan.language)
    segments += [_new_segment(cue, plan.language, plan.speakers.get(cue.speaker)) for cue in plan.cues]
    segments.sort(key=_order)
    for n, segment in enumerate(segments):
        segment.sort_order = n
    page.transcript_segments = segments
    if not page.duration_seconds and plan.cues:
        page.duration_seconds = -(-plan.cues[-1].end_ms // 1000)
    # Wagtail reindexes the page's references once per saved line (the whole page each time): once at the end.
    with disable_reference_index_auto_update():
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
    ReferenceIndex.create_or_update_for_object(type(plan.page).objects.get(pk=plan.page.pk))
    return publish
