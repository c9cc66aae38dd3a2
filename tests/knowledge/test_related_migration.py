"""Migration 0011: the pinned and excluded related pages move from many-to-many fields to ordered rows and back,
in the live tables and in the draft the editor opens (the page's latest revision)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from knowledge.models import CaseStudyIndexPage, CaseStudyPage, ExcludedRelatedPage, PinnedRelatedPage
from tests import factories

BEFORE, AFTER = ("knowledge", "0010_person_reading"), ("knowledge", "0011_related_page_choosers")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    return MigrationExecutor(connection).loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_pins_and_exclusions_survive_the_migration_both_ways():
    factories.ensure_reference_data()
    _home, indexes = factories.build_site()
    cases = indexes[CaseStudyIndexPage]
    page = factories.case_study(cases, "湧水の事例", "Springs")
    first, second, third, excluded = (factories.case_study(cases, f"事例{n}", f"Case {n}") for n in range(4))
    page.pinned_related_pages = [PinnedRelatedPage(target=p) for p in (third, first, second)]
    page.excluded_related_pages = [ExcludedRelatedPage(target=excluded)]
    page.save_revision().publish()
    draft = CaseStudyPage.objects.get(pk=page.pk)
    draft.pinned_related_pages = [PinnedRelatedPage(target=p) for p in (second, third)]
    draft.save_revision()  # an unpublished change to the pins

    try:
        old = migrate(BEFORE)
        OldPage = old.get_model("knowledge", "KnowledgePage")
        through = OldPage._meta.get_field("pinned_related").remote_field.through
        pinned = through.objects.filter(from_knowledgepage_id=page.pk).order_by("pk")
        assert list(pinned.values_list("to_knowledgepage_id", flat=True)) == [third.pk, first.pk, second.pk]
        excluded_ids = OldPage.objects.get(pk=page.pk).excluded_related.values_list("pk", flat=True)
        assert list(excluded_ids) == [excluded.pk]
        revision = old.get_model("wagtailcore", "Revision").objects.get(pk=draft.latest_revision_id)
        assert revision.content["pinned_related"] == [second.pk, third.pk]
        assert "pinned_related_pages" not in revision.content
    finally:
        migrate(AFTER)

    page = CaseStudyPage.objects.get(pk=page.pk)
    assert [row.target_id for row in page.pinned_related_pages.all()] == [third.pk, first.pk, second.pk]
    assert [row.target_id for row in page.excluded_related_pages.all()] == [excluded.pk]
    editing = page.get_latest_revision_as_object()
    assert [row.target_id for row in editing.pinned_related_pages.all()] == [second.pk, third.pk]
    assert [row.target_id for row in editing.excluded_related_pages.all()] == [excluded.pk]
