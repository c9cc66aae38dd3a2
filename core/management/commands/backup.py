"""manage.py backup [DIRECTORY] [--keep-days N]: the database and the media files in one tar archive."""

import os

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup, prune


class Command(BaseCommand):
    help = "Back up the database and the media files into DIRECTORY/backup-YYYYmmdd-HHMMSS.tar."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?", default=os.environ.get("BACKUP_DIR", "var/backups"))
        parser.add_argument("--keep-days", type=int, default=None, help="then delete this folder's backups older than N days")

    def handle(self, *args, directory, keep_days, **options):
        if keep_days is not None and keep_days < 1:
            raise CommandError("--keep-days must be at least 1.")
        try:
            path, manifest = backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{path}: {manifest['engine']} database, {manifest['media_files']} media files"))
        if keep_days is not None:
            for old in prune(directory, keep_days):
                self.stdout.write(f"deleted {old} (older than {keep_days} days)")
