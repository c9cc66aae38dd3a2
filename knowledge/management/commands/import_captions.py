"""manage.py import_captions RECORDING FILE --lang ja: a WebVTT or SRT file becomes a recording's transcript in
that language (RECORDING is the page's id or slug). A bad file changes nothing and names the line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from core.languages import LANGUAGE_CODES
from knowledge.models import SeminarRecordingPage
from knowledge.recordings.captions import MAX_BYTES, CaptionError
from knowledge.recordings.importing import apply_import, plan_import


class Command(BaseCommand):
    help = "Import a WebVTT or SRT caption file as a recording's transcript in one language."

    def add_arguments(self, parser):
        parser.add_argument("recording", help="the recording page's id or slug")
        parser.add_argument("file", help="a .vtt or .srt file (UTF-8)")
        parser.add_argument("--lang", required=True, choices=LANGUAGE_CODES)
        parser.add_argument("--dry-run", action="store_true", help="check the file and show what would change")

    def handle(self, recording, file, lang, dry_run=False, **options):
        translation.activate("ja")
        page = self.find(recording)
        path = Path(file)
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(f"{file}: larger than {MAX_BYTES // (1024 * 1024)} MB")
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        try:
            plan = plan_import(page, data, lang)
        except CaptionError as error:
            raise CommandError(f"{file}: {error}") from error
        speakers = ", ".join(f"{label} → {person.slug}" for label, person in plan.matched_speakers.items()) or "-"
        summary = (
            f"{page.title} ({lang}): {plan.added} lines in, {plan.removed} {lang} lines out, "
            f"{plan.cleared} hand-typed lines lose their {lang} text; speakers linked: {speakers}"
        )
        if dry_run:
            self.stdout.write(f"[dry run] {summary}")
            return
        published = apply_import(plan)
        self.stdout.write(f"{summary}; {'published' if published else 'saved as a draft'}")

    def find(self, recording):
        pages = SeminarRecordingPage.objects.all()
        page = pages.filter(pk=int(recording)).first() if recording.isdigit() else pages.filter(slug=recording).first()
        if page is None:
            raise CommandError(f"No seminar recording with id or slug {recording!r}")
        return page
