import pytest
from django.db import transaction
from django.utils import translation

from tests.factories import scenarios


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """scenarios.search_corpus(), built once per test module inside a transaction that is rolled back after the
    module's tests (each test runs in a savepoint within it)."""
    with django_db_blocker.unblock():
        translation.activate("ja")
        with transaction.atomic():
            yield scenarios.search_corpus()
            transaction.set_rollback(True)
        translation.deactivate()
