import pytest
from django.core.cache import cache

from tests.factories import scenarios


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def content(db):
    """A public and a members-only page of each kind, a Japanese-only case study, and the snippets they use."""
    return scenarios.syndication_content()
