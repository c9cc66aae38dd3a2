"""Importing knowledge content: validate everything, then write it all in one transaction, or nothing."""

import time

from django.db import transaction
from wagtail.signal_handlers import disable_reference_index_auto_update

from ..search_index import indexing_paused
from .outcome import ImportSummary, KnowledgeImportError
from .reading import load_file
from .validation import Validator
from .writing import Writer


def import_knowledge(data):
    """Validate data (the corpus.json shape) and import it; raise KnowledgeImportError and write nothing if invalid."""
    started = time.monotonic()
    validator = Validator(data).run()
    if validator.problems:
        raise KnowledgeImportError(validator.problems)
    summary = ImportSummary()
    with transaction.atomic(), indexing_paused(), disable_reference_index_auto_update():
        Writer(validator, summary).run()
    summary.seconds = time.monotonic() - started
    return summary


def import_knowledge_file(path):
    return import_knowledge(load_file(path))
