"""A locked-out person is told so, and for how long: on the site's login and on the admin login, in both languages."""

import re

import pytest
from bs4 import BeautifulSoup

from tests.members.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def fail(client, url, username, times, address="192.0.2.30", **headers):
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong"}, REMOTE_ADDR=address, **headers)


def errors(response):
    page = BeautifulSoup(response.content.decode(), "html.parser")
    return " ".join(page.get_text(" ").split())


@pytest.mark.parametrize(
    ("lang", "pattern"),
    [
        ("ja", r"ログインを一時的に止めています。あと約(\d+)秒たってから"),
        ("en", r"Signing in is locked for now after too many failed attempts\. Please try again in about (\d+) seconds"),
    ],
)
def test_site_login_says_it_is_locked_and_for_how_long(client, member, lang, pattern):
    url = f"/{lang}/accounts/login/"
    fail(client, url, "member", 5)
    response = client.post(url, {"username": "member", "password": PASSWORD}, REMOTE_ADDR="192.0.2.30")
    assert response.status_code == 429
    seconds = int(re.search(pattern, errors(response)).group(1))
    assert 1 <= seconds <= 60
    assert int(response["Retry-After"]) == seconds
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("accept", "pattern"),
    [
        ("ja", r"ログインを一時的に止めています。あと約(\d+)秒たってから"),
        ("en", r"Signing in is locked for now after too many failed attempts\. Please try again in about (\d+) seconds"),
    ],
)
def test_admin_login_says_it_is_locked_and_for_how_long(client, editor, accept, pattern):
    fail(client, "/admin/login/", "editor", 5, HTTP_ACCEPT_LANGUAGE=accept)
    response = client.post(
        "/admin/login/", {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="192.0.2.30", HTTP_ACCEPT_LANGUAGE=accept
    )
    assert response.status_code == 429  # Wagtail's form again, not the dashboard
    assert "_auth_user_id" not in client.session
    seconds = int(re.search(pattern, errors(response)).group(1))
    assert 1 <= seconds <= 60
    assert int(response["Retry-After"]) == seconds
    assert BeautifulSoup(response.content, "html.parser").find("input", attrs={"name": "username"})


def test_admin_login_signs_in_again_once_the_lock_is_over(client, editor, monkeypatch):
    import time

    fail(client, "/admin/login/", "editor", 5)
    locked = client.post("/admin/login/", {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="192.0.2.30")
    assert locked.status_code == 429
    later = time.time() + int(locked["Retry-After"]) + 1
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="192.0.2.30")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_a_locked_admin_login_is_not_the_rate_limit_page(client, editor):
    """The lock is the form's own answer (what happened and for how long), not the site's 429 page."""
    fail(client, "/admin/login/", "editor", 5)
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="192.0.2.30")
    assert response.status_code == 429
    assert response.templates[0].name == "wagtailadmin/login.html"


def test_the_lock_tells_the_remaining_time(client, editor, monkeypatch):
    import time

    fail(client, "/admin/login/", "editor", 5)
    later = time.time() + 45
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="192.0.2.30")
    seconds = int(re.search(r"あと約(\d+)秒", errors(response)).group(1))
    assert 1 <= seconds <= 16


def test_wrong_password_before_the_lock_says_nothing_of_it(client, editor):
    fail(client, "/admin/login/", "editor", 2)
    response = client.post("/admin/login/", {"username": "editor", "password": "wrong"}, REMOTE_ADDR="192.0.2.30")
    assert "一時的に止めています" not in errors(response)
