"""Keeping knowledge pages' search entries current when a snippet they show changes.

A page's search entry holds the names of its themes, municipality, presenter or speakers and organisation, so
saving or deleting one of these snippets must reindex the pages that show it: `pages_showing` says which, and
`reindex_pages` adds them to every auto-updated search backend. The receivers below do it for every save and
delete (connected in KnowledgeConfig.ready); the importer pauses them with `indexing_paused()` and reindexes
each page once at the end.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models.signals import post_delete, post_save, pre_delete
from modelsearch.backends import get_search_backends_with_name
from modelsearch.signal_handlers import post_save_signal_handler

from .models import (
    CaseStudyPage,
    KnowledgePage,
    Municipality,
    Organisation,
    Person,
    ProgramNoticePage,
    SeminarRecordingPage,
    Theme,
)

logger = logging.getLogger(__name__)

PAGE_MODELS = (CaseStudyPage, SeminarRecordingPage, ProgramNoticePage)
SNIPPET_MODELS = (Theme, Municipality, Person, Organisation)
CHUNK = 200

_paused = ContextVar("knowledge_search_index_paused", default=False)


def pages_showing(snippet_model, ids):
    """Ids of the pages whose search entry holds the name of one of these snippets."""
    ids = list(ids)
    if not ids:
        return set()
    if snippet_model is Theme:
        return set(KnowledgePage.themes.through.objects.filter(theme_id__in=ids).values_list("knowledgepage_id", flat=True))
    if snippet_model is Municipality:
        return set(KnowledgePage.objects.filter(municipality_id__in=ids).values_list("pk", flat=True))
    if snippet_model is Person:
        presented = CaseStudyPage.objects.filter(presenter_id__in=ids).values_list("pk", flat=True)
        spoken = SeminarRecordingPage.speakers.through.objects.filter(person_id__in=ids)
        return set(presented) | set(spoken.values_list("seminarrecordingpage_id", flat=True))
    if snippet_model is Organisation:
        return set(ProgramNoticePage.objects.filter(organisation_id__in=ids).values_list("pk", flat=True))
    raise ValueError(f"{snippet_model.__name__} is not shown on knowledge pages")


def indexed_page_chunks(ids):
    """(page model, up to CHUNK pages as the search index reads them) for these page ids."""
    for model in PAGE_MODELS:
        model_ids = sorted(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
        for start in range(0, len(model_ids), CHUNK):
            yield model, list(model.get_indexed_objects().filter(pk__in=model_ids[start : start + CHUNK]))


def index_pages(model, pages):
    """Add pages to every auto-updated search backend, as the save signal would, in one batch."""
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(model, pages)
        except Exception:
            logger.exception("Could not index %d %s pages in the %r search backend", len(pages), model.__name__, name)
            if not backend.catch_indexing_errors:
                raise


def reindex_pages(ids):
    """Reindex these pages in every auto-updated search backend."""
    if not ids:
        return
    for model, pages in indexed_page_chunks(ids):
        index_pages(model, pages)


@contextmanager
def indexing_paused():
    """No indexing per save of a knowledge page (three saves per published page) nor per snippet in this block:
    the caller reindexes once at the end."""
    paused = [model for model in PAGE_MODELS if post_save.disconnect(post_save_signal_handler, sender=model)]
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)
        for model in paused:
            post_save.connect(post_save_signal_handler, sender=model)


# ---------------------------------------------------------------- receivers


def snippet_saved(sender, instance, raw=False, **kwargs):
    if not raw and not _paused.get():
        reindex_pages(pages_showing(sender, [instance.pk]))


def snippet_deleting(sender, instance, **kwargs):
    """Note the pages before the delete: afterwards the rows linking them to the snippet are gone."""
    if not _paused.get():
        instance._pages_showing = pages_showing(sender, [instance.pk])


def snippet_deleted(sender, instance, **kwargs):
    if not _paused.get():
        reindex_pages(getattr(instance, "_pages_showing", ()))


def connect_receivers():
    for model in SNIPPET_MODELS:
        post_save.connect(snippet_saved, sender=model, dispatch_uid=f"knowledge-reindex-saved-{model.__name__}")
        pre_delete.connect(snippet_deleting, sender=model, dispatch_uid=f"knowledge-reindex-deleting-{model.__name__}")
        post_delete.connect(snippet_deleted, sender=model, dispatch_uid=f"knowledge-reindex-deleted-{model.__name__}")
