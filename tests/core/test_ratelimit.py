"""Per-client request limits (core/ratelimit.py): 429 with Retry-After on search, the APIs and logins."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from core.conf import parse_limit, rate_limits

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    cache.clear()
    settings.RATE_LIMITS = {"search": (3, 60), "api": (2, 60), "login": (2, 300)}
    yield settings
    cache.clear()


def get(client, path, address="192.0.2.40", **params):
    return client.get(path, params, REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("lang", "heading", "wait"),
    [("ja", "アクセスが集中しています", "秒ほど待ってから"), ("en", "Too many requests", "Please try again in about")],
)
def test_search_page_over_the_limit_gets_a_429_page_in_its_language(client, site_tree, limits, lang, heading, wait):
    for _ in range(3):
        assert get(client, f"/{lang}/search/", q="防災").status_code == 200
    refused = get(client, f"/{lang}/search/", q="防災")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    page = BeautifulSoup(refused.content.decode(), "html.parser")
    assert page.find("h1").get_text().strip() == heading
    assert wait in page.select_one(".too-many-requests").get_text()
    assert get(client, f"/{lang}/search/", address="192.0.2.41", q="防災").status_code == 200  # another client


def test_search_api_and_page_share_the_search_limit(client, site_tree, limits):
    for _ in range(3):
        get(client, "/api/search/", q="防災")
    refused = get(client, "/api/search/", q="防災")
    assert refused.status_code == 429
    assert refused.json() == {"error": f"too many requests: try again in {refused['Retry-After']} seconds", "param": None}
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert get(client, "/ja/search/", q="防災").status_code == 429


def test_api_v2_limit(client, site_tree, limits):
    assert [get(client, "/api/v2/pages/").status_code for _ in range(3)] == [200, 200, 429]
    refused = get(client, "/api/v2/pages/")
    assert refused.json()["error"].startswith("too many requests") and refused["Retry-After"]


def test_login_posts_are_limited_per_address(client, limits):
    for _ in range(2):
        client.post("/ja/accounts/login/", {"username": "member", "password": "x"}, REMOTE_ADDR="192.0.2.42")
    refused = client.post("/ja/accounts/login/", {"username": "other", "password": "x"}, REMOTE_ADDR="192.0.2.42")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert client.post("/admin/login/", {"username": "a", "password": "b"}, REMOTE_ADDR="192.0.2.42").status_code == 429
    assert client.get("/ja/accounts/login/", REMOTE_ADDR="192.0.2.42").status_code == 200  # the form still shows


def test_the_address_the_proxy_reports_is_the_client(client, site_tree, limits):
    limits.MEMBERS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"

    def via_proxy(address):
        return client.get("/api/v2/pages/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=f"198.51.100.1, {address}")

    assert [via_proxy("203.0.113.7").status_code for _ in range(3)] == [200, 200, 429]
    assert via_proxy("203.0.113.8").status_code == 200  # same proxy, another visitor


def test_health_checks_are_never_limited(client, limits):
    limits.RATE_LIMIT_RULES = [*limits.RATE_LIMIT_RULES, ("api", r"^/", ("GET",))]  # even with a rule for every path
    statuses = {client.get(path).status_code for path in ("/healthz", "/readyz") for _ in range(5)}
    assert 429 not in statuses


def test_other_pages_are_not_limited(client, site_tree, limits):
    assert {get(client, "/ja/").status_code for _ in range(10)} == {200}


def test_a_failing_cache_lets_requests_through(client, site_tree, limits, monkeypatch):
    class Broken:
        def add(self, *args, **kwargs):
            raise ConnectionError("cache down")

    monkeypatch.setattr("core.ratelimit.cache", Broken())
    assert {get(client, "/api/v2/pages/").status_code for _ in range(4)} == {200}


def test_limits_from_the_environment():
    assert parse_limit("60/60") == (60, 60)
    assert parse_limit("10") == (10, 60)
    assert parse_limit("off") is None and parse_limit("0") is None
    with pytest.raises(ValueError):
        parse_limit("5/0")
    found = rate_limits(
        {"RATE_LIMIT_SEARCH": "5/10", "RATE_LIMIT_API": "off"}, {"search": "60/60", "api": "1/1", "login": "3/300"}
    )
    assert found == {"search": (5, 10), "login": (3, 300)}
