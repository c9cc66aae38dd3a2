"""The demo's playable recording: a 13-second sample video made with espeak-ng and ffmpeg
(knowledge/demo/media/make_sample.sh), with its Japanese and English captions; their voice tags name the sample
narrator (the Person `sample-narrator` of the demo content, marked as sample). Running it again changes nothing."""

from pathlib import Path

from django.core.files import File

from knowledge.models import RecordingClip, RecordingMedia, SeminarRecordingPage
from knowledge.recordings.importing import apply_import, plan_import

MEDIA_DIR = Path(__file__).resolve().parent.parent / "demo" / "media"
SAMPLE_FILE = MEDIA_DIR / "sample-recording.webm"
SAMPLE_TITLE = "【サンプル】デモ用の合成音声の録画 / [Sample] synthetic speech for the demo"
SAMPLE_SLUG = "sample-captioned-recording"
SAMPLE_CLIPS = [("【サンプル】ミッション", "[Sample] The mission", 8, 13)]


def sample_media():
    media = RecordingMedia.objects.filter(title=SAMPLE_TITLE).first()
    if media is None:
        media = RecordingMedia(title=SAMPLE_TITLE, type="video", duration=13, width=320, height=180, is_sample=True)
        with SAMPLE_FILE.open("rb") as handle:
            media.file.save(SAMPLE_FILE.name, File(handle), save=False)
        media.save()
    return media


def set_up_sample_recording():
    """Attach the sample file, captions and a named clip to the demo's captioned recording. Returns what changed."""
    page = SeminarRecordingPage.objects.filter(slug=SAMPLE_SLUG).first()
    if page is None:
        return []
    changed = []
    if page.media_id is None or not page.clips.exists():
        draft = page.get_latest_revision_as_object()
        draft.media = sample_media()
        if not draft.clips.exists():
            draft.clips = [
                RecordingClip(sort_order=n, title=ja, title_ja=ja, title_en=en, start=start, end=end)
                for n, (ja, en, start, end) in enumerate(SAMPLE_CLIPS)
            ]
        draft.save_revision().publish()
        changed.append("sample media")
    for lang in ("ja", "en"):
        page.refresh_from_db()
        plan = plan_import(page, (MEDIA_DIR / f"sample-recording.{lang}.vtt").read_bytes(), lang)
        rows = page.transcript_segments.filter(language=lang)
        # imported again when the sample narrator (a Person of the demo content) came after the captions
        unlinked = rows.filter(speaker__isnull=True, speaker_label__in=list(plan.matched_speakers))
        if not rows.exists() or unlinked.exists():
            apply_import(plan)
            changed.append(f"{lang} captions")
    return changed
