import pytest
from django.utils import translation

from tests import factories


@pytest.fixture(autouse=True)
def reset_language():
    """Every test starts in Japanese and leaves no active language behind."""
    translation.activate("ja")
    yield
    translation.deactivate()


@pytest.fixture
def site_tree(db):
    """(home page, {IndexModel: index page}) for the default site."""
    return factories.build_site()


@pytest.fixture(scope="session", autouse=True)
def background_query_connections(django_db_setup):
    """Search's background query threads (search.background) keep connections of their own: they are
    closed before the test database is dropped."""
    from search import background

    yield
    background.shutdown()
