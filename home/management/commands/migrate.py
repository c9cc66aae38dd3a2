"""`migrate` that keeps wagtail-modeltranslation's work but not its noise.

wagtail_modeltranslation's migrate also adds the language columns of Wagtail's own page fields (title_ja,
title_en, …) and prints every `ALTER TABLE` it runs, whatever the verbosity. Here its report is one line per run
that changed something (the full SQL at --verbosity 2); nothing when there was nothing to add.
"""

import contextlib
import io
import re

from wagtail_modeltranslation.management.commands.migrate_translation import Command as TranslationMigrateCommand

_MISSING = re.compile(r'Missing languages in "(\w+)" field from "([\w.]+)" model')


class Command(TranslationMigrateCommand):
    def handle(self, *args, **options):
        captured = io.StringIO()
        with contextlib.redirect_stdout(captured):
            super().handle(*args, **options)
        report = captured.getvalue()
        verbosity = options.get("verbosity", 1)
        if verbosity >= 2:
            self.stdout.write(report)
            return
        added = _MISSING.findall(report)
        if added and verbosity >= 1:
            fields = ", ".join(sorted(f"{model}.{field}" for field, model in added))
            self.stdout.write(f"Added the language columns of {fields}.")
