"""Fails when modelsearch changes a private name the engine uses (japanese_search/modelsearch_private.py),
or a member of the upstream classes the backends subclass and call."""

import importlib
import inspect

import pytest
from django.db import connection

from japanese_search import modelsearch_private


def _class(dotted):
    module, _, name = dotted.rpartition(".")
    if ".sqlite." in module and connection.vendor != "sqlite":
        pytest.skip("modelsearch's SQLite backend module imports only on SQLite (its index models)")
    return getattr(importlib.import_module(module), name)


@pytest.mark.parametrize(("path", "name", "parameters"), modelsearch_private.PRIVATE_NAMES)
def test_private_names_are_still_there_with_the_same_parameters(path, name, parameters):
    member = getattr(_class(path), name, None)
    assert callable(member), f"modelsearch no longer has {path}.{name}: update japanese_search/modelsearch_private.py"
    found = tuple(inspect.signature(member).parameters)[1:]  # without self
    assert found == parameters, f"{path}.{name}{found} changed (expected {parameters})"


UPSTREAM_MEMBERS = (
    # The indexers: leaves analysed in prepare_field; the columns the indexes read.
    ("modelsearch.backends.database.sqlite.sqlite.ObjectIndexer", ("prepare_field", "title", "body", "autocomplete", "id")),
    (
        "modelsearch.backends.database.postgres.postgres.ObjectIndexer",
        ("prepare_field", "title", "body", "autocomplete", "id", "title_text", "body_text"),
    ),
    # add_items is rewritten (same steps as upstream, with our indexer).
    ("modelsearch.backends.database.sqlite.sqlite.SQLiteIndex", ("add_items", "delete_item", "entries")),
    ("modelsearch.backends.database.postgres.postgres.PostgresIndex", ("add_items", "delete_item", "write_connection")),
    # The compilers' hooks the analysed queries go through.
    (
        "modelsearch.backends.database.sqlite.sqlite.SQLiteSearchQueryCompiler",
        ("build_search_query_content", "build_tsrank", "search", "get_search_vectors", "build_search_query"),
    ),
    (
        "modelsearch.backends.database.postgres.postgres.PostgresSearchQueryCompiler",
        ("build_tsquery_content", "get_fields_vectors"),
    ),
    ("modelsearch.backends.base.BaseSearchBackend", ("search", "autocomplete")),
)


@pytest.mark.parametrize(("path", "members"), UPSTREAM_MEMBERS)
def test_upstream_classes_still_have_the_members_the_backends_use(path, members):
    cls = _class(path)
    missing = [name for name in members if not hasattr(cls, name) and name not in _instance_attributes(cls)]
    assert not missing, f"{path} lost {missing}"


def _instance_attributes(cls):
    """Names assigned to self in __init__ (id, entries, write_connection ...)."""
    source = inspect.getsource(cls.__init__) if "__init__" in vars(cls) else ""
    return {line.split("self.", 1)[1].split("=")[0].strip() for line in source.splitlines() if "self." in line and "=" in line}


def test_base_search_signature_is_what_the_language_option_extends():
    from modelsearch.backends.base import BaseSearchBackend

    assert tuple(inspect.signature(BaseSearchBackend.search).parameters) == (
        "self", "query", "model_or_queryset", "fields", "operator", "order_by_relevance",
    )  # fmt: skip
