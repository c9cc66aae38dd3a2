"""core.fallback_cache: with Redis unreachable, pages, publishing and logins keep working from the database cache."""

import logging
import socket

import pytest
import redis
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from core import fallback_cache
from core.cache import generation
from knowledge.models import CaseStudyIndexPage
from members.throttle import is_throttled
from tests import factories

pytestmark = pytest.mark.django_db

TABLE = "test_site_cache"
REACHABLE_REDIS = "redis://127.0.0.1:6379/11"


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fallback_caches(location):
    return {
        "default": {
            "BACKEND": "core.fallback_cache.RedisWithDatabaseFallback",
            "LOCATION": location,
            "OPTIONS": {"FALLBACK_TABLE": TABLE, "ON_SWITCH": "core.cache.new_generation"},
        }
    }


@pytest.fixture(autouse=True)
def fresh_state(monkeypatch):
    monkeypatch.setattr(fallback_cache, "_states", {})
    call_command("createcachetable", TABLE, verbosity=0)


@pytest.fixture
def redis_down():
    with override_settings(CACHES=fallback_caches(f"redis://127.0.0.1:{closed_port()}/0")):
        yield
        cache.clear()


@pytest.fixture
def public_case(site_tree):
    _home, indexes = site_tree
    return factories.case_study(indexes[CaseStudyIndexPage], slug="garden-city", title_ja="庭園都市の事例")


def test_pages_are_cached_in_the_database_and_renewed_on_unpublish_while_redis_is_down(client, public_case, redis_down, caplog):
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert client.get("/ja/case-studies/garden-city/")["X-Page-Cache"] == "miss"
        second = client.get("/ja/case-studies/garden-city/")
    assert second.status_code == 200 and second["X-Page-Cache"] == "hit"
    assert "庭園都市の事例" in second.content.decode()
    downs = [r for r in caplog.records if r.getMessage().startswith("cache_down")]
    assert len(downs) == 1  # logged once, not on every call
    assert "ConnectionError" in downs[0].getMessage()
    public_case.unpublish()
    assert client.get("/ja/case-studies/garden-city/").status_code == 404


def test_a_down_redis_is_not_asked_again_on_every_call(redis_down, monkeypatch):
    cache.set("k", 1)
    calls = []
    primary = cache.primary
    monkeypatch.setattr(primary, "get", lambda *a, **k: calls.append(a))
    assert cache.get("k") == 1
    assert calls == []


def test_sign_in_works_and_failed_logins_are_still_counted_while_redis_is_down(client, redis_down, site_tree):
    for name in ("hanako", "taro"):
        get_user_model().objects.create_user(name, password="correct-horse-42")
    for _ in range(5):
        response = client.post("/ja/accounts/login/", {"username": "hanako", "password": "wrong"})
        assert response.status_code == 200
    assert is_throttled(None, "hanako")
    other = client.post("/ja/accounts/login/", {"username": "taro", "password": "correct-horse-42"})
    assert other.status_code == 302


def test_a_new_generation_starts_when_redis_is_back(client, public_case, caplog):
    try:
        redis.Redis.from_url(REACHABLE_REDIS, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    with override_settings(CACHES=fallback_caches(REACHABLE_REDIS)):
        cache.clear()
        before = generation()
        cache.state.down_since, cache.state.retry_at = 0.0, 0.0  # as after an outage, retry due now
        with caplog.at_level(logging.WARNING, logger="core.cache"):
            after = generation()
        assert after != before
        assert cache.primary.get("site:content-generation") == after
        assert any(r.getMessage().startswith("cache_up") for r in caplog.records)
        cache.clear()


def test_migrate_creates_the_database_cache_tables():
    from django.apps import apps
    from django.db import connection

    from core.checks import create_cache_tables

    with override_settings(
        CACHES=fallback_caches("redis://127.0.0.1:1/0")
        | {"db": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "test_db_cache"}}
    ):
        create_cache_tables(app_config=apps.get_app_config("contenttypes"))
    tables = connection.introspection.table_names()
    assert "test_db_cache" in tables


def test_a_per_process_cache_is_refused_by_the_deploy_checks():
    from core.checks import shared_cache

    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=locmem):
        assert [error.id for error in shared_cache(None)] == ["core.E001"]
    with override_settings(CACHES=fallback_caches(REACHABLE_REDIS)):
        assert shared_cache(None) == []
