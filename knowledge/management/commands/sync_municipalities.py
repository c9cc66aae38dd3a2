"""python manage.py sync_municipalities — load Japan's local government code list into the Municipality snippets."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from knowledge.municipalities import sync
from knowledge.municipality_list import source_version


class Command(BaseCommand):
    help = (
        "Add and update the 47 prefectures, every municipality and the designated cities' wards from the "
        "published local government code list (the japancode package). Safe to re-run: codes that left the "
        "list are marked as no longer current, never deleted; membership and edited English names are kept."
    )

    def handle(self, *args, **options):
        try:
            report = sync()
        except DatabaseError as exc:
            raise CommandError(f"nothing was changed: database error ({exc}). Has `manage.py migrate` been run?") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"{source_version()}: {report.created} added, {report.updated} updated, {report.unchanged} unchanged, "
                f"{len(report.retired)} no longer current"
                + (f" ({', '.join(report.retired[:10])}{' …' if len(report.retired) > 10 else ''})" if report.retired else "")
                + (f", {len(report.recoded)} five-digit codes completed" if report.recoded else "")
                + "."
            )
        )
