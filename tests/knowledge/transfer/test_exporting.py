"""export_knowledge: every document of the corpus comes back, and an export imports back unchanged."""

from io import StringIO

import pytest
from django.core.management import call_command

from knowledge.models import KnowledgePage, Municipality, Organisation, Person, Theme
from knowledge.transfer import export_knowledge, import_knowledge
from tests.knowledge.transfer.support import ALL_SECTIONS, keyed, run_import

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ export and round trip


def test_export_gives_back_every_document_of_the_corpus(corpus):
    import_knowledge(corpus)
    exported = export_knowledge()
    assert list(exported) == list(ALL_SECTIONS)
    assert keyed(exported) == keyed(corpus)


def test_export_import_round_trip(tmp_path, corpus):
    import_knowledge(corpus)
    first = tmp_path / "first.json"
    call_command("export_knowledge", str(first), stderr=StringIO())
    raw = first.read_text(encoding="utf-8")
    assert "湧水と緑を活かしたガーデンシティ" in raw  # UTF-8, not \u escapes
    assert raw.startswith('{\n "themes": [\n  {\n   "slug"')  # indent=1

    # into an emptied database: the second export equals the first
    for page in KnowledgePage.objects.all():
        page.delete()
    for model in (Person, Municipality, Organisation, Theme):
        model.objects.all().delete()
    assert "30 created" in run_import(first)
    second = StringIO()
    call_command("export_knowledge", "-", stdout=second)
    assert second.getvalue() == raw
    # and into the database it came from: nothing changes
    assert "0 created, 0 updated, 30 unchanged" in run_import(first)


def test_a_persons_reading_is_imported_in_hiragana_and_exported(corpus):
    hamada = next(item for item in corpus["people"] if item["slug"] == "hamada-takeshi")
    hamada["kana"] = "ハマダ　タケシ"
    import_knowledge(corpus)
    assert Person.objects.get(slug="hamada-takeshi").kana == "はまだ たけし"
    exported = next(item for item in export_knowledge()["people"] if item["slug"] == "hamada-takeshi")
    assert exported["kana"] == "はまだ たけし"
    assert all("kana" not in item for item in export_knowledge()["people"] if item["slug"] != "hamada-takeshi")
