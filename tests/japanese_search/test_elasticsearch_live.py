"""Japanese search on a real Elasticsearch/OpenSearch node.

Runs only when SEARCH_BACKEND and SEARCH_URL are set (e.g. SEARCH_BACKEND=elasticsearch8
SEARCH_URL=http://127.0.0.1:9200, node with analysis-kuromoji); skipped otherwise.
"""

import os
import uuid

import pytest
from django.apps import apps
from django.db import connection

from japanese_search.conf import search_backends

pytestmark = [
    pytest.mark.live_search,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (os.environ.get("SEARCH_URL") and os.environ.get("SEARCH_BACKEND")),
        reason="no Elasticsearch/OpenSearch node: set SEARCH_BACKEND and SEARCH_URL to run the live search tests",
    ),
]


@pytest.fixture
def live_backend():
    if not apps.is_installed("modelsearch.test.testapp"):
        pytest.fail("needs 'modelsearch.test.testapp' in INSTALLED_APPS")
    from modelsearch.backends import import_backend

    params = dict(search_backends(connection.settings_dict["ENGINE"], os.environ)["default"])
    params["INDEX_PREFIX"] = f"test_{uuid.uuid4().hex[:8]}_"
    backend = import_backend(params.pop("BACKEND"))(params)
    yield backend
    for index in backend.all_indexes():
        index.delete()


@pytest.fixture
def live_books(live_backend):
    from modelsearch.test.testapp.models import Book

    titles = {
        "kyoto": "京都府の伝統工芸",
        "tokyo": "東京都心のアンテナショップ",
        "seminar": "第５回 地域共創セミナー",
        "crafts": "An exhibition of traditional crafts",
        "british": "The organisation of a neighbourhood centre",
        "sme": "中小企業支援",
    }
    books = {
        key: Book.objects.create(title=title, publication_date="2024-04-01", number_of_pages=1) for key, title in titles.items()
    }
    index = live_backend.get_index_for_model(Book)
    index.delete()
    index.put()
    index.add_model(Book)
    index.add_items(Book, list(books.values()))
    index.refresh()
    return books


def found(results, books):
    by_pk = {book.pk: key for key, book in books.items()}
    return sorted(by_pk[result.pk] for result in results if result.pk in by_pk)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("京都", ["kyoto"]),
        ("地域共創", ["seminar"]),
        ("第5回", ["seminar"]),
        ("exhibiting", ["crafts"]),
        ("craft", ["crafts"]),
        ("organization", ["british"]),
        ("neighborhood center", ["british"]),
    ],
)
def test_live_search(live_backend, live_books, query, expected):
    from modelsearch.test.testapp.models import Book

    assert found(live_backend.search(query, Book), live_books) == expected


@pytest.mark.parametrize(("query", "expected"), [("地域共", ["seminar"]), ("中小企", ["sme"]), ("tradi", ["crafts"])])
def test_live_autocomplete(live_backend, live_books, query, expected):
    from modelsearch.test.testapp.models import Book

    assert found(live_backend.autocomplete(query, Book), live_books) == expected


def test_live_default_analyzer_keeps_kyoto_apart_from_tokyo_to(live_backend, live_books):
    from modelsearch.test.testapp.models import Book

    index = live_backend.get_index_for_model(Book)
    tokens = live_backend.es.indices.analyze(index=index.name, analyzer="default", text="東京都")["tokens"]
    assert "京都" not in [token["token"] for token in tokens]
