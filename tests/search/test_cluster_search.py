"""The site's search on an Elasticsearch 9 backend (modelsearch's real result classes, the real client), with
the client pointed at a local stand-in answering the cluster's JSON (tests/search/cluster_stub.py): searches
on every path, and what visitors and editors see when the cluster refuses connections or is slow."""

import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command

from knowledge.models import CaseStudyIndexPage
from members.alerts import matching_pages
from members.models import SavedSearch
from search.models import PendingIndexUpdate
from tests import factories

pytestmark = pytest.mark.django_db
UNAVAILABLE_JA = "ただいま検索をご利用いただけません。"
UNAVAILABLE_EN = "Search is temporarily unavailable."


def titles(response):
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return [a.get_text().strip() for a in page.select(".hit-title a")]


def notice(response):
    node = BeautifulSoup(response.content.decode(), "html.parser").select_one(".search-unavailable")
    return node.get_text().strip() if node else None


@pytest.fixture
def pages(cluster, site_tree):
    cases = site_tree[1][CaseStudyIndexPage]
    public = factories.case_study(cases, slug="bousai-open", title_ja="防災の先進事例", title_en="Disaster drills in Kobe")
    hidden = factories.case_study(cases, slug="bousai-members", title_ja="防災の会員限定事例", title_en="Members drill")
    factories.members_only(hidden)
    factories.reindex(public, hidden)
    return public, hidden


@pytest.fixture
def member_client(client):
    user = get_user_model().objects.create_user("member-es", password="pass-for-tests-1")
    client.force_login(user)
    return client


def test_the_pages_are_indexed_in_the_cluster(pages, cluster):
    documents = cluster.indexes["test_wagtailcore_page"]
    assert {str(pages[0].pk), str(pages[1].pk)} <= {doc["pk"] for doc in documents.values()}
    assert "防災の会員限定事例" in str(documents[str(pages[1].pk)])


def test_search_page_shows_what_the_cluster_finds_that_the_visitor_may_see(client, pages, cluster):
    response = client.get("/ja/search/", {"q": "防災"})
    assert response.status_code == 200
    assert titles(response) == ["防災の先進事例"]  # the cluster found both; the members-only one is not shown
    assert "検索結果 1件" in response.content.decode()
    assert cluster.searches(), "the search went to the cluster"


def test_a_member_sees_the_members_only_page_too(member_client, pages):
    assert sorted(titles(member_client.get("/ja/search/", {"q": "防災"}))) == ["防災の会員限定事例", "防災の先進事例"]


def test_english_search_and_api(client, pages):
    assert titles(client.get("/en/search/", {"q": "Kobe"})) == ["Disaster drills in Kobe"]
    answer = client.get("/api/search/", {"q": "防災", "lang": "ja"}).json()
    assert answer["count"] == 1
    assert [hit["title"] for hit in answer["results"]] == ["防災の先進事例"]


def test_api_v2_search_csv_and_alerts(client, pages):
    found = client.get("/api/v2/pages/", {"search": "防災", "lang": "ja"}).json()
    assert [item["title"] for item in found["items"]] == ["防災の先進事例"]
    csv = client.get("/ja/export/search.csv", {"q": "防災"}).getvalue().decode("utf-8-sig")
    assert "防災の先進事例" in csv and "会員限定" not in csv
    user = get_user_model().objects.create_user("alerted", password="pass-for-tests-1")
    saved = SavedSearch.objects.create(user=user, query="防災", language="ja")
    assert {page.pk for page in matching_pages(saved, user)} == {pages[0].pk, pages[1].pk}  # signed in: both


# ---------------------------------------------------------------- the cluster down or slow


def test_cluster_refusing_connections(client, pages, cluster):
    cluster.stop()
    response = client.get("/ja/search/", {"q": "防災"})
    assert response.status_code == 200
    assert notice(response).startswith(UNAVAILABLE_JA)
    assert int(response["Retry-After"]) > 0
    english = client.get("/en/search/", {"q": "drill"})
    assert english.status_code == 200 and notice(english).startswith(UNAVAILABLE_EN)
    api = client.get("/api/search/", {"q": "防災"})
    assert api.status_code == 503 and int(api["Retry-After"]) > 0
    assert api.json() == {"error": "search is temporarily unavailable", "param": None}
    v2 = client.get("/api/v2/pages/", {"search": "防災"})
    assert v2.status_code == 503 and v2.json()["error"] == "search is temporarily unavailable" and v2["Retry-After"]
    assert client.get("/api/v2/pages/").status_code == 200  # listings without a search still work
    csv = client.get("/ja/export/search.csv", {"q": "防災"})
    assert csv.status_code == 503 and csv["Retry-After"]


def test_slow_cluster_costs_one_timeout_then_answers_at_once(client, pages, cluster, caplog):
    cluster.mode, cluster.delay = "slow", 3
    started = time.monotonic()
    first = client.get("/ja/search/", {"q": "防災"})
    first_took = time.monotonic() - started
    assert notice(first).startswith(UNAVAILABLE_JA)
    assert first_took < 2.5  # TIMEOUT is 1 s in these settings
    started = time.monotonic()
    second = client.get("/api/search/", {"q": "防災"})
    assert second.status_code == 503
    assert time.monotonic() - started < 0.5  # counted as down: not asked again meanwhile
    assert any("Search cluster unavailable" in record.getMessage() for record in caplog.records)


def test_publishing_never_waits_on_a_slow_cluster_and_the_queue_catches_up(admin_client, pages, cluster):
    page = pages[0]
    cluster.mode, cluster.delay = "slow", 3
    page.title_ja = page.title = "防災と減災の先進事例"
    started = time.monotonic()
    page.save_revision().publish()
    assert time.monotonic() - started < 2.5
    queued = PendingIndexUpdate.objects.get()
    assert (queued.model_name, queued.object_id, queued.deleted) == ("casestudypage", str(page.pk), False)

    call_command("retry_search_index")  # still down: kept
    assert PendingIndexUpdate.objects.count() == 1

    cluster.mode = "ok"
    from django.core.cache import cache

    cache.clear()  # the "down for a while" mark expires
    call_command("retry_search_index")
    assert not PendingIndexUpdate.objects.exists()
    document = cluster.indexes["test_wagtailcore_page"][str(page.pk)]
    assert "防災と減災の先進事例" in str(document)


def test_a_delete_while_down_is_queued_and_removed_later(pages, cluster):
    from django.core.cache import cache

    cluster.stop()
    page_id = pages[1].pk
    pages[1].delete()
    assert PendingIndexUpdate.objects.get().deleted
    cluster.start()
    cache.clear()
    call_command("retry_search_index")
    assert str(page_id) not in cluster.indexes["test_wagtailcore_page"]
    assert not PendingIndexUpdate.objects.exists()


def test_update_index_rebuilds_and_clears_the_queue(pages, cluster):
    from django.core.cache import cache

    cluster.stop()
    pages[0].save_revision().publish()
    assert PendingIndexUpdate.objects.exists()
    cluster.start()
    cache.clear()
    call_command("update_index", verbosity=0)
    assert not PendingIndexUpdate.objects.exists()
    rebuilt = [name for name in cluster.indexes if name.startswith("test_wagtailcore_page_")]
    assert rebuilt and str(pages[0].pk) in cluster.indexes[rebuilt[0]]


def test_alerts_wait_for_the_cluster(pages, cluster):
    from members.alerts import send_alerts
    from members.models import MemberProfile

    user = get_user_model().objects.create_user("alerted", password="pass-for-tests-1", email="a@example.jp")
    profile = MemberProfile.objects.create(user=user, language="ja")
    SavedSearch.objects.create(user=user, query="防災", language="ja")
    cluster.stop()
    assert send_alerts() == (0, 0)
    profile.refresh_from_db()
    assert profile.last_digest_at is None  # tried again on the next run


# ---------------------------------------------------------------- the admin's searches while the cluster is down

ADMIN_UNAVAILABLE = {
    "ja": r"検索サーバーが応答しないため、ただいま検索をご利用いただけません。約(\d+)秒後に、もう一度お試しください。",
    "en": r"Search is unavailable for now: the search server does not answer\. Please try again in about (\d+) seconds\.",
}


def admin_messages(response):
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(node.get_text(" ", strip=True) for node in page.select(".messages li"))


@pytest.fixture
def editor_language(admin_user):
    from wagtail.users.models import UserProfile

    def choose(language):
        profile = UserProfile.get_for_user(admin_user)
        profile.preferred_language = language
        profile.save()

    return choose


@pytest.mark.parametrize("language", ["ja", "en"])
def test_admin_page_search_says_search_is_unavailable_in_the_editors_language(
    admin_client, pages, cluster, editor_language, language, caplog
):
    import re

    editor_language(language)
    cluster.stop()
    response = admin_client.get("/admin/pages/search/", {"q": "防災"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"  # the page explorer: Wagtail's page search always searches
    assert int(response["Retry-After"]) > 0
    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    seconds = int(re.search(ADMIN_UNAVAILABLE[language], admin_messages(page)).group(1))
    assert 1 <= seconds <= 15
    (record,) = [r for r in caplog.records if r.getMessage() == "admin_search_unavailable"]
    assert record.path == "/admin/pages/search/"


@pytest.mark.parametrize(
    ("listing", "search", "kept"),
    [
        ("/admin/snippets/knowledge/municipality/", {"q": "大阪"}, ""),
        ("/admin/images/", {"q": "防災", "p": "2", "collection_id": "1"}, "?collection_id=1"),
        ("/admin/documents/", {"q": "防災"}, ""),
    ],
)
def test_admin_listing_searches_show_the_listing_without_the_search(admin_client, pages, cluster, listing, search, kept):
    cluster.stop()
    response = admin_client.get(listing, search)
    assert response.status_code == 302
    assert response["Location"] == listing + kept
    page = admin_client.get(response["Location"])
    assert page.status_code == 200
    assert "ただいま検索をご利用いただけません" in admin_messages(page)


def test_admin_live_search_results_get_the_message_in_their_place(admin_client, pages, cluster):
    cluster.stop()
    response = admin_client.get("/admin/pages/search/results/", {"q": "防災"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert response.status_code == 200  # the admin's script shows only a 200 in place of the results
    alert = BeautifulSoup(response.content.decode(), "html.parser").select_one("[role=alert]")
    assert alert.get_text().startswith("検索サーバーが応答しないため、ただいま検索をご利用いただけません。")
    assert int(response["Retry-After"]) > 0


def test_admin_search_works_again_when_the_cluster_answers(admin_client, pages, cluster):
    from django.core.cache import cache

    cluster.stop()
    assert admin_client.get("/admin/pages/search/", {"q": "防災"}).status_code == 302
    cluster.start()
    cache.clear()  # the "down for a while" mark expires
    response = admin_client.get("/admin/pages/search/", {"q": "防災"})
    assert response.status_code == 200
    assert "防災の先進事例" in response.content.decode()
