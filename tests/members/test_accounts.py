"""Logging in and out, password reset and change, throttling, and members-only pages."""

import re

import pytest
from django.core import mail

from knowledge.models import CaseStudyIndexPage
from tests import factories
from tests.members.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/ja/accounts/login/"


def login(client, username, password, address="192.0.2.1", url=LOGIN, **extra):
    return client.post(url, {"username": username, "password": password, **extra}, REMOTE_ADDR=address)


@pytest.mark.parametrize(("lang", "heading"), [("ja", "会員ログイン"), ("en", "Member login")])
def test_login_page_in_both_languages(client, lang, heading):
    response = client.get(f"/{lang}/accounts/login/")
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_member_logs_in_to_my_page_and_logs_out(client, member):
    response = login(client, "member", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/ja/mypage/"
    assert "三島市" in client.get("/ja/mypage/").content.decode()
    response = client.post("/ja/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/ja/"
    assert client.get("/ja/mypage/")["Location"].startswith("/ja/accounts/login/")


def test_wrong_password_and_unknown_account_look_the_same(client, member):
    wrong = login(client, "member", "not-the-password")
    unknown = login(client, "nobody-by-this-name", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    message = "ユーザー名またはパスワードが正しくありません。"
    assert message in wrong.content.decode()
    assert message in unknown.content.decode()


def test_failed_logins_are_throttled_per_account(client, member):
    for _ in range(5):
        assert login(client, "member", "wrong", address="192.0.2.10").status_code == 200
    # the right password is refused too while throttled, from another address as well
    refused = login(client, "member", PASSWORD, address="198.51.100.7")
    assert refused.status_code == 429
    assert "秒たってから" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # an account that does not exist is throttled in exactly the same way
    for _ in range(5):
        login(client, "ghost", "wrong", address="192.0.2.11")
    ghost = login(client, "ghost", "wrong", address="198.51.100.8")
    assert ghost.status_code == 429
    assert ghost.content.decode().count("秒たってから") == refused.content.decode().count("秒たってから")
    # other accounts from other addresses are unaffected
    make_user("colleague")
    assert login(client, "colleague", PASSWORD, address="203.0.113.5").status_code == 302


def test_failed_logins_are_throttled_per_address(client, member):
    for n in range(10):
        login(client, f"guess-{n}", "wrong", address="192.0.2.66")
    assert login(client, "member", PASSWORD, address="192.0.2.66").status_code == 429
    assert login(client, "member", PASSWORD, address="192.0.2.67").status_code == 302


def test_the_admin_login_is_throttled_too(client, editor):
    for _ in range(5):
        login(client, "editor", "wrong")
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429  # the form again, saying so; not the dashboard
    assert "_auth_user_id" not in client.session


def test_throttle_window_ends(client, member, monkeypatch):
    for _ in range(5):
        login(client, "member", "wrong")
    assert login(client, "member", PASSWORD).status_code == 429
    from django.core.cache import cache

    cache.clear()  # what a minute's expiry does
    assert login(client, "member", PASSWORD).status_code == 302


@pytest.mark.parametrize(("lang", "subject"), [("ja", "パスワードの再設定"), ("en", "Password reset")])
def test_password_reset_by_email(client, member, lang, subject):
    response = client.post(f"/{lang}/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert subject in message.subject
    link = re.search(rf"https?://[^/\s]+(/{lang}/accounts/password/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Yuusui-no-machi-2026", "new_password2": "Yuusui-no-machi-2026"})
    assert done.status_code == 302
    client.logout()
    assert login(client, "member", "Yuusui-no-machi-2026").status_code == 302


def test_password_reset_does_not_reveal_unknown_addresses(client, member):
    known = client.post("/ja/accounts/password/reset/", {"email": member.email})
    unknown = client.post("/ja/accounts/password/reset/", {"email": "nobody@example.jp"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [[member.email]]


def test_password_reset_emails_are_limited(client, member):
    for _ in range(5):
        client.post("/ja/accounts/password/reset/", {"email": member.email})
    assert len(mail.outbox) == 3


def test_member_changes_password(client, member):
    client.force_login(member)
    assert client.get("/en/accounts/password/change/").status_code == 200
    response = client.post(
        "/ja/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "Hanabi-taikai-2026", "new_password2": "Hanabi-taikai-2026"},
    )
    assert response.status_code == 302
    client.logout()
    assert login(client, "member", "Hanabi-taikai-2026").status_code == 302


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_anonymous_visitor_is_sent_to_log_in_and_back(client, site_tree, member, lang):
    _, indexes = site_tree
    page = factories.members_only(factories.case_study(indexes[CaseStudyIndexPage], slug="members-case"))
    url = f"/{lang}/case-studies/members-case/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{lang}/accounts/login/?next=")
    login_page = client.get(response["Location"])
    assert f'value="{url}"' in login_page.content.decode()
    back = login(client, "member", PASSWORD, url=f"/{lang}/accounts/login/", next=url)
    assert back["Location"] == url
    shown = client.get(url)
    assert shown.status_code == 200
    assert page.title_ja in shown.content.decode() or page.title_en in shown.content.decode()


def test_login_ignores_a_next_pointing_elsewhere(client, member):
    response = login(client, "member", PASSWORD, next="https://evil.example.com/")
    assert response["Location"] == "/ja/mypage/"


def test_members_only_pages_are_marked_in_listings_for_members(client, site_tree, member):
    _, indexes = site_tree
    factories.members_only(factories.case_study(indexes[CaseStudyIndexPage], title_ja="会員向けの事例"))
    assert "会員向けの事例" not in client.get("/ja/case-studies/").content.decode()
    client.force_login(member)
    listing = client.get("/ja/case-studies/").content.decode()
    assert "会員向けの事例" in listing
    assert "会員限定" in listing


def test_behind_a_proxy_each_forwarded_address_is_counted_apart(client, member, settings):
    settings.MEMBERS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"

    def via_proxy(username, password, client_address):
        return client.post(
            LOGIN,
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"203.0.113.250, {client_address}",
        )

    for n in range(10):
        via_proxy(f"guess-{n}", "wrong", "192.0.2.99")
    assert via_proxy("member", PASSWORD, "192.0.2.99").status_code == 429
    assert via_proxy("member", PASSWORD, "192.0.2.100").status_code == 302


def test_members_only_pages_are_marked_in_search_results_for_members(client, site_tree, member):
    _, indexes = site_tree
    page = factories.members_only(factories.case_study(indexes[CaseStudyIndexPage], title_ja="会員だけが読める事例"))
    page.save_revision().publish()
    anonymous = client.get("/ja/search/", {"q": "湧水"}).content.decode()
    assert "会員だけが読める事例" not in anonymous
    client.force_login(member)
    results = client.get("/ja/search/", {"q": "湧水"}).content.decode()
    assert "会員だけが読める事例" in results
    assert "会員限定" in results
