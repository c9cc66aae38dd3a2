"""python manage.py import_knowledge FILE.json — load knowledge content in the corpus.json shape."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from knowledge.transfer import KnowledgeImportError, import_knowledge, load_file, validate


class Command(BaseCommand):
    help = (
        "Import themes, organisations, municipalities, people and knowledge pages from a JSON file "
        "(the shape of shared/search-eval/corpus.json). Upserts by slug/code; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help='path of the JSON file, or "-" for standard input')
        parser.add_argument("--dry-run", action="store_true", help="only validate the file; write nothing")

    def handle(self, *args, file, dry_run=False, **options):
        try:
            data = load_file(file)
            if dry_run:
                problems = validate(data)
                if problems:
                    raise KnowledgeImportError(problems)
                self.stdout.write(f"{file}: valid, nothing written (dry run).")
                return
            summary = import_knowledge(data)
        except KnowledgeImportError as exc:
            raise CommandError(f"{file}: {exc.message}") from exc
        except DatabaseError as exc:
            raise CommandError(
                f"{file}: nothing was imported: database error ({exc}). Has `manage.py migrate` been run?"
            ) from exc
        self.stdout.write(self.style.SUCCESS(str(summary)))
