"""core.cache: the anonymous page cache (moved from tests/syndication) and the content generation."""

import re

import pytest
from django.core.cache import cache
from wagtail.models import Page

from core import cache as page_cache
from knowledge.models import CaseStudyIndexPage, Theme
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def content(site_tree):
    """A public and a members-only case study."""
    _home, indexes = site_tree
    cases = indexes[CaseStudyIndexPage]
    public_case = factories.case_study(cases, slug="garden-city")
    secret_case = factories.members_only(
        factories.case_study(cases, slug="secret-case", title_ja="会員限定の事例", title_en="Members-only case")
    )
    return {"public_case": public_case, "secret_case": secret_case}


def test_anonymous_responses_are_cached_and_refreshed_on_publish(client, content):
    first = client.get("/ja/case-studies/garden-city/")
    assert first["X-Page-Cache"] == "miss"
    assert client.get("/ja/case-studies/garden-city/")["X-Page-Cache"] == "hit"
    page = content["public_case"]
    page.title_ja = "新しい題名"
    page.save_revision().publish()
    fresh = client.get("/ja/case-studies/garden-city/")
    assert "新しい題名" in fresh.content.decode()


def test_members_and_members_only_pages_are_never_cached(client, content):
    secret = content["secret_case"].url
    assert client.get(secret).status_code == 302  # to the login page
    member = factories.member_user()
    client.force_login(member)
    response = client.get(secret)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    listing = client.get("/ja/case-studies/")
    assert "会員限定の事例" in listing.content.decode() and "X-Page-Cache" not in listing
    client.logout()
    anonymous = client.get("/ja/case-studies/")
    assert "会員限定の事例" not in anonymous.content.decode()
    assert client.get(secret).status_code == 302


def test_a_cached_page_carries_each_visitors_own_csrf_token(content):
    from django.test import Client

    url = "/ja/case-studies/garden-city/"
    first = Client(enforce_csrf_checks=True).get(url)
    assert first["X-Page-Cache"] == "miss"
    second_visitor = Client(enforce_csrf_checks=True)
    second = second_visitor.get(url)
    assert second["X-Page-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second.content.decode()).group(1)
    response = second_visitor.post(
        "/ja/accounts/login/", {"csrfmiddlewaretoken": token, "username": "nobody", "password": "wrong"}
    )
    assert response.status_code == 200  # the login form with its error, not a CSRF failure (403)


def test_the_generation_is_kept_until_content_changes(site_tree):
    first = page_cache.generation()
    assert page_cache.generation() == first
    page_cache.new_generation()
    assert page_cache.generation() != first


@pytest.mark.parametrize("change", ["publish", "snippet", "restriction"])
def test_content_changes_start_a_new_generation(site_tree, change):
    _home, indexes = site_tree
    page = factories.case_study(indexes[CaseStudyIndexPage], slug="changing")
    cache.set(page_cache.GENERATION_KEY, 1.0, None)
    if change == "publish":
        page.save_revision().publish()
    elif change == "snippet":
        factories.theme(slug="new-theme")
    else:
        factories.members_only(Page.objects.get(pk=page.pk))
    assert page_cache.generation() != 1.0


def test_sessions_and_revisions_leave_the_generation_alone(site_tree, client):
    cache.set(page_cache.GENERATION_KEY, 1.0, None)
    client.force_login(factories.member_user())  # saves a session
    assert page_cache.generation() == 1.0


def test_a_cache_key_depends_on_the_generation(rf):
    request = rf.get("/ja/case-studies/")
    cache.set(page_cache.GENERATION_KEY, 1.0, None)
    before = page_cache.cache_key(request)
    assert page_cache.cache_key(request) == before
    page_cache.new_generation()
    assert page_cache.cache_key(request) != before


def test_only_plain_anonymous_gets_may_use_the_cache(rf):
    assert page_cache.may_use_cache(rf.get("/ja/"))
    assert not page_cache.may_use_cache(rf.post("/ja/"))
    assert not page_cache.may_use_cache(rf.get("/ja/", {"preview": "1"}))
    assert not page_cache.may_use_cache(rf.get("/ja/", {"q": "x" * 600}))
    with_session = rf.get("/ja/")
    with_session.COOKIES["sessionid"] = "abc"
    assert not page_cache.may_use_cache(with_session)


def test_theme_rows_are_content():
    assert Theme._meta.app_label in page_cache.CONTENT_APP_LABELS
