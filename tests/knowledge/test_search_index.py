"""Pages showing a snippet are reindexed when it is saved or deleted (knowledge.search_index), and an import
reindexes each page once at the end however many of its snippets changed."""

import copy
import json

import pytest
from django.conf import settings

from knowledge import search_index
from knowledge.models import KnowledgePage, Person, Theme
from knowledge.transfer import import_knowledge

pytestmark = pytest.mark.django_db

CORPUS = settings.SHARED_DIR / "search-eval" / "corpus.json"


@pytest.fixture(scope="module")
def corpus_data():
    return json.loads(CORPUS.read_text(encoding="utf-8"))


@pytest.fixture
def imported(corpus_data):
    corpus = copy.deepcopy(corpus_data)
    import_knowledge(corpus)
    return corpus


def found(query):
    return sorted(p.slug for p in KnowledgePage.objects.live().search(query))


def test_saving_a_theme_reindexes_the_pages_showing_it(imported):
    assert found("若者") == []
    theme = Theme.objects.get(slug="childcare")
    theme.name_ja = "子ども・若者"
    theme.save()
    assert found("若者") == ["toyonaka-schools"]


def test_saving_a_person_reindexes_the_pages_presented_or_spoken_by_them(imported):
    presenter = Person.objects.get(case_studies__slug="mishima-greenway")
    presenter.name_ja = "湧水太郎"
    presenter.save()
    assert "mishima-greenway" in found("湧水太郎")


def test_deleting_a_theme_reindexes_the_pages_that_showed_it(imported):
    assert found("子育て") == ["toyonaka-schools"]
    Theme.objects.get(slug="childcare").delete()
    assert found("子育て") == []


def test_pages_showing(imported):
    theme = Theme.objects.get(slug="childcare")
    assert search_index.pages_showing(Theme, [theme.pk]) == {KnowledgePage.objects.get(slug="toyonaka-schools").pk}
    assert search_index.pages_showing(Theme, []) == set()


def test_an_import_reindexes_each_page_once(monkeypatch, imported):
    indexed = []
    original = search_index.index_pages

    def spy(model, pages):
        indexed.extend(p.pk for p in pages)
        return original(model, pages)

    monkeypatch.setattr(search_index, "index_pages", spy)
    for theme in imported["themes"]:
        theme["name"]["ja"] += "・改"
    for person in imported["people"]:
        person["name"]["ja"] += "改"
    summary = import_knowledge(imported)

    assert summary.counts["themes"]["updated"] == len(imported["themes"])
    assert indexed and len(indexed) == len(set(indexed)) == summary.reindexed
    assert found("若者") == [] and "toyonaka-schools" in found("改")
