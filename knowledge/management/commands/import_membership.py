"""python manage.py import_membership FILE.csv — set 正会員 / 参加自治体 from a CSV of local government codes."""

from django.core.management.base import BaseCommand, CommandError

from knowledge.municipalities import MembershipImportError, apply_membership, read_membership_csv


class Command(BaseCommand):
    help = (
        "Set membership from a CSV file: one municipality a line, `code[,membership]` (code: 6 digits, or 5 "
        "without the check digit; membership: full/正会員 or participant/参加自治体, participant when left out). "
        "All or nothing: any problem and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the CSV file (UTF-8)")
        parser.add_argument(
            "--replace", action="store_true", help="municipalities not in the file stop being members (a full list)"
        )

    def handle(self, *args, file, replace=False, **options):
        try:
            with open(file, encoding="utf-8-sig") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{file}: cannot read the file as UTF-8 text ({exc}).") from exc
        try:
            rows = read_membership_csv(text)
        except MembershipImportError as exc:
            raise CommandError(f"{file}: nothing was imported:\n" + "\n".join(exc.problems)) from exc
        members, removed = apply_membership(rows, replace=replace)
        self.stdout.write(self.style.SUCCESS(f"{file}: {members} members set" + (f", {removed} removed." if replace else ".")))
