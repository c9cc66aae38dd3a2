"""manage.py restore ARCHIVE: put back the database and the media files of a `manage.py backup` archive."""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and the media files with those of a backup archive (stop the app servers first)."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, archive, interactive, **options):
        if interactive:
            answer = input(f"This replaces the whole database and the media files with {archive}. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest = restore(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {manifest['engine']} database and {manifest['media_files']} media files of {manifest['created']}."
            )
        )
        self.stdout.write("Next: manage.py migrate (if the code is newer than the backup), then manage.py update_index.")
