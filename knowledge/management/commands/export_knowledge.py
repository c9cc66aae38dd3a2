"""python manage.py export_knowledge [FILE|-] — write knowledge content in the corpus.json shape."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from knowledge.transfer import dump_json, export_knowledge


class Command(BaseCommand):
    help = "Export snippets and live knowledge pages as UTF-8 JSON in the import shape (to FILE, or standard output)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help='where to write; "-" (the default) for standard output')

    def handle(self, *args, file="-", **options):
        text = dump_json(export_knowledge())
        if file == "-":
            self.stdout.write(text, ending="")
            return
        path = Path(file)
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {file}: {exc.strerror}") from exc
        data_lines = sum(1 for _ in text.splitlines())
        self.stderr.write(f"Wrote {path} ({data_lines} lines).")
