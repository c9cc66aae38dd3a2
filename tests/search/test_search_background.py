"""Facet counts counted beside the ranking, on a second PostgreSQL connection (search.background).

Transactional tests: the background connection only sees committed rows, as on the live site.
"""

import datetime
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import translation

from core.cache import new_generation
from search import background
from search.params import SearchParams
from search.service import run_search
from tests import factories
from tests.factories.scenarios import search_corpus

pytestmark = pytest.mark.django_db(transaction=True)  # factories recreate what a flush removes


@pytest.fixture
def corpus(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("a second connection to the same data: PostgreSQL")
    translation.activate("ja")
    factories.ensure_reference_data()
    return search_corpus()


@pytest.fixture
def fetch_threads(monkeypatch):
    """Names of the threads that ran search.background's queries."""
    names = []
    fetch = background._fetch

    def recording_fetch(*args):
        names.append(threading.current_thread().name)
        return fetch(*args)

    monkeypatch.setattr(background, "_fetch", recording_fetch)
    return names


def search(params, user=None, workers=1, clamp_page=False):
    """count, page, ids of the page's hits and facet counts, answered afresh (not from the search cache)."""
    new_generation()
    with override_settings(SEARCH_BACKGROUND_QUERIES=workers):
        return outcome_figures(run_search(params, user or AnonymousUser(), clamp_page=clamp_page))


def outcome_figures(outcome):
    return (
        outcome.count,
        (outcome.page, outcome.num_pages),
        [hit.page.pk for hit in outcome.hits],
        {name: {value.value: value.count for value in values} for name, values in outcome.facets.items()},
    )


@pytest.mark.parametrize("query, lang", [("観光", "ja"), ("湧水", "ja"), ("tourism", "en"), ("Beppu", "en")])
def test_facets_counted_in_the_background_equal_those_of_one_query(corpus, fetch_threads, query, lang):
    member = factories.member_user()
    for user in (AnonymousUser(), member):
        for sort in ("relevance", "date"):
            params = SearchParams(query=query, lang=lang, sort=sort)
            alone = search(params, user, workers=0)
            fetch_threads.clear()
            beside = search(params, user)
            assert alone[0] > 0 and alone[3]["type"]
            assert beside == alone
            assert fetch_threads and all(name.startswith("search-background") for name in fetch_threads)


@pytest.mark.parametrize("page_size, page", [(1, 1), (2, 2), (1, 3), (2, 99)])
def test_pages_of_hits_found_before_the_full_order_are_those_of_the_full_order(corpus, monkeypatch, page_size, page):
    """By relevance the first hits come from the best matches checked one by one; when fewer of those
    are visible than the page needs (here: only as many are checked as the page needs), the full order decides."""
    from search import matching

    member = factories.member_user()
    for candidates in (matching.early_candidates, lambda first: first):
        monkeypatch.setattr(matching, "early_candidates", candidates)
        for user in (AnonymousUser(), member):
            for query, lang in (("観光", "ja"), ("succession", "en"), ("事業承継", "ja"), ("tourism", "en")):
                params = SearchParams(query=query, lang=lang, page=page, page_size=page_size)
                for clamp_page in (False, True):
                    expected = search(params, user, workers=0, clamp_page=clamp_page)
                    assert search(params, user, clamp_page=clamp_page) == expected, (query, user, clamp_page)


def test_inside_a_transaction_the_facets_count_its_own_uncommitted_pages(corpus, fetch_threads):
    from knowledge.models import CaseStudyIndexPage
    from tests.factories import reindex

    params = SearchParams(query="観光", lang="ja")
    new_generation()
    before = run_search(params, AnonymousUser())
    with transaction.atomic():
        page = factories.case_study(
            CaseStudyIndexPage.objects.get(),
            title_ja="観光案内所の再整備",
            title_en="A renewed tourist information centre",
            municipality=corpus.beppu,
            themes=[corpus.themes.dx],
            date=datetime.date(2019, 5, 1),
        )
        reindex(page)
        fetch_threads.clear()
        during = run_search(params, AnonymousUser())
        assert not fetch_threads  # nothing went to another connection, which could not see the page
        transaction.set_rollback(True)
    facets = {name: {v.value: v.count for v in values} for name, values in during.facets.items()}
    old = {name: {v.value: v.count for v in values} for name, values in before.facets.items()}
    assert during.count == before.count + 1
    assert facets["year"][2019] == old["year"].get(2019, 0) + 1
    assert facets["theme"]["dx"] == old["theme"].get("dx", 0) + 1


def test_a_lost_background_connection_falls_back_to_the_requests_own(corpus, fetch_threads):
    params = SearchParams(query="観光", lang="ja")
    expected = search(params, workers=0)
    assert search(params) == expected  # the worker has connected
    with override_settings(SEARCH_BACKGROUND_QUERIES=1):
        ((worker_pid,),) = background.BackgroundRows.start("SELECT pg_backend_pid()").rows()
    with connection.cursor() as cursor:  # the server ends the worker's session
        cursor.execute("SELECT pg_terminate_backend(%s)", [worker_pid])
        assert cursor.fetchone() == (True,)
    fetch_threads.clear()
    assert search(params) == expected
    assert search(params) == expected  # the worker has reconnected
    # With CONN_HEALTH_CHECKS the worker finds its connection gone and opens a new one before asking; without
    # them the request answers the query the lost connection could not. Either way at most once on the request.
    assert fetch_threads.count("MainThread") <= 1
    assert fetch_threads[-1] != "MainThread"
