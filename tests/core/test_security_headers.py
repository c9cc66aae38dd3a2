"""core.security: Content-Security-Policy with a nonce per response and Permissions-Policy, site and admin."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from knowledge.models import CaseStudyIndexPage
from tests import factories

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def directives(response):
    policy = response["Content-Security-Policy"]
    return dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))


@pytest.fixture
def case(site_tree):
    _home, indexes = site_tree
    return factories.case_study(indexes[CaseStudyIndexPage], slug="open")


def test_pages_forbid_inline_script_but_their_json_ld_carries_the_nonce(client, case):
    response = client.get(case.url)
    policy = directives(response)
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"]).group(1)
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'self'" and policy["frame-ancestors"] == "'self'"
    assert f'<script type="application/ld+json" nonce="{nonce}">' in response.content.decode()
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


def test_each_response_gets_its_own_nonce_and_a_cached_page_keeps_the_one_it_holds(client, case):
    first, second = client.get(case.url), client.get(case.url)
    assert second["X-Page-Cache"] == "hit"
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", second["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in second.content.decode()
    client.force_login(factories.member_user())
    fresh = client.get(case.url)
    assert fresh["Content-Security-Policy"] != first["Content-Security-Policy"]


def test_error_pages_and_search_carry_the_policy(client, case):
    for url in ("/ja/no-such-page/", "/ja/search/?q=湧水", "/ja/accounts/login/", "/api/search/?q=x"):
        response = client.get(url)
        assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"], url


def test_the_admin_allows_wagtails_inline_scripts_and_nothing_from_elsewhere(admin_client, case):
    response = admin_client.get(f"/admin/pages/{case.pk}/edit/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert "Permissions-Policy" in response


def test_report_only_mode(client, case, settings):
    settings.CSP_REPORT_ONLY = True
    response = client.get("/ja/search/")
    assert "Content-Security-Policy" not in response and "nonce-" in response["Content-Security-Policy-Report-Only"]


def test_object_storage_origin_is_allowed_for_images_and_media(client, case, settings):
    settings.MEDIA_ORIGINS = ["https://bucket.example.org"]
    policy = directives(client.get("/ja/search/"))
    assert "https://bucket.example.org" in policy["img-src"] and "https://bucket.example.org" in policy["media-src"]


def test_templates_hold_no_inline_script_or_event_handler():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    offenders = []
    for app in ("cms", "core", "home", "knowledge", "search", "members", "syndication"):
        for template in (ROOT / app).rglob("templates/**/*.html"):
            text = template.read_text()
            if inline_script.search(text) or handler.search(text):
                offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []
