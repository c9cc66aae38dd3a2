"""Serving: health checks (core/health.py), the log of a 500, a database outage as a 503 (core/errors.py)."""

import io
import json
import logging
import logging.config

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.db import OperationalError, connections
from django.test import Client, override_settings

from core import health
from core.logs import logging_settings

pytestmark = pytest.mark.django_db

PRODUCTION_LIKE = {"DEBUG": False, "SECURE_SSL_REDIRECT": True, "ALLOWED_HOSTS": ["example.org"]}


@pytest.fixture
def quiet_client(site_tree):
    return Client(raise_request_exception=False)


@pytest.fixture
def stdout_log():
    """What the configured stdout handler (settings.LOGGING) writes, one JSON object per line."""
    handler = next(h for h in logging.getLogger("django.request").handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)


@override_settings(**PRODUCTION_LIKE)
def test_healthz_answers_plain_http_from_any_host_without_touching_the_database(quiet_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = quiet_client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert response["Cache-Control"] == "no-store"
    assert "X-Page-Cache" not in response


@override_settings(**PRODUCTION_LIKE)
def test_readyz_reports_each_dependency_with_its_time(quiet_client):
    response = quiet_client.get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "cache", "search", "migrations"}
    for check in body["checks"].values():
        assert check["state"] == "ok"
        assert isinstance(check["ms"], float)
    assert response["Cache-Control"] == "no-store"
    assert "X-Page-Cache" not in response


def test_readyz_is_503_and_says_why_when_the_database_fails(quiet_client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refuse)
    response = quiet_client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"]["state"] == "failing"
    assert "connection refused" in body["checks"]["database"]["error"]
    assert body["checks"]["cache"]["state"] == "ok"


def test_health_checks_are_not_in_the_sitemap(quiet_client):
    sitemap = quiet_client.get("/sitemap.xml").content.decode()
    assert "<loc>" in sitemap
    assert "healthz" not in sitemap and "readyz" not in sitemap


@pytest.mark.urls("tests.cms.serving_urls")
def test_a_500_is_logged_with_its_traceback_and_the_visitor_sees_the_friendly_page(quiet_client, stdout_log):
    response = quiet_client.get("/failing-view/?x=1")
    assert response.status_code == 500
    page = BeautifulSoup(response.content, "html.parser")
    assert page.h1.get_text(strip=True) == "エラーが発生しました"
    assert "Traceback" not in response.content.decode()
    (line,) = [line for line in stdout_log() if line["logger"] == "django.request"]
    assert line["level"] == "ERROR"
    assert line["status"] == 500
    assert line["method"] == "GET" and line["path"] == "/failing-view/?x=1"
    assert line["exc"].startswith("Traceback")
    assert "RuntimeError: a bug in a view" in line["exc"]


@pytest.mark.urls("tests.cms.serving_urls")
def test_a_500_is_mailed_to_the_admins_when_admins_are_set(quiet_client):
    with override_settings(ADMINS=[("Ops", "ops@example.org")]):
        logging.config.dictConfig(logging_settings(mail_admins=True))
        try:
            assert quiet_client.get("/failing-view/").status_code == 500
        finally:
            logging.config.dictConfig(settings.LOGGING)
    (message,) = mail.outbox
    assert message.to == ["ops@example.org"]
    assert "/failing-view/" in message.subject
    assert "RuntimeError at /failing-view/\na bug in a view" in message.body


@pytest.mark.urls("tests.cms.serving_urls")
def test_a_database_outage_gives_a_friendly_503_and_one_short_log_line(quiet_client, caplog):
    with caplog.at_level(logging.WARNING, logger="core.errors"):
        response = quiet_client.get("/database-down/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    page = BeautifulSoup(response.content, "html.parser")
    assert page.h1.get_text(strip=True) == "一時的に表示できません"
    assert page.find("section", lang="en").h2.get_text(strip=True) == "Temporarily unavailable"
    assert "Connection refused" not in response.content.decode()
    (record,) = [r for r in caplog.records if r.name == "core.errors"]
    assert record.getMessage() == "database_unavailable"
    assert "Connection refused" in record.error
    assert record.path == "/database-down/"
    assert mail.outbox == []


def test_a_slow_request_is_logged_with_its_time(quiet_client, caplog, settings):
    settings.SLOW_REQUEST_MS = 0.001
    with caplog.at_level(logging.WARNING, logger="core.requests"):
        quiet_client.get("/healthz")
    (record,) = [r for r in caplog.records if r.name == "core.requests"]
    assert record.getMessage() == "slow_request"
    assert record.path == "/healthz" and record.status == 200 and record.ms >= 0


def test_the_database_connection_is_checked_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_migrations_check_remembers_success(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    assert health.check_migrations() == "ok"
    assert health._migrations_applied is True


def test_gunicorn_access_lines_become_json_fields():
    from core.logs import JsonLinesFormatter

    atoms = {"p": "<4242>", "h": "10.0.0.9", "m": "GET", "U": "/ja/", "q": "a=1", "s": "200", "B": "512", "M": "17", "a": "curl"}
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(h)s", (), None)
    record.args = atoms
    line = json.loads(JsonLinesFormatter().format(record))
    assert line["logger"] == "access"
    assert (line["pid"], line["path"], line["query"], line["status"], line["ms"]) == ("4242", "/ja/", "a=1", 200, 17)
