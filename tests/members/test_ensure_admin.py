from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_accounts_sign_in_with_their_roles(client):
    factories.municipality(code="272175", name_ja="松原市", name_en="Matsubara City", prefecture_code=27)
    out = StringIO()
    call_command("ensure_admin", "--demo-roles", stdout=out)
    printed = out.getvalue()
    assert "user: admin" in printed and "user: editor" in printed and "user: member" in printed

    assert client.login(username="editor", password="demo-local-2026")
    assert client.get("/admin/").status_code == 200
    client.logout()

    assert client.login(username="member", password="demo-local-2026")
    assert client.get("/admin/").status_code == 302  # members have no admin access
    assert "松原市" in client.get("/ja/mypage/").content.decode()


def test_running_twice_keeps_one_admin(django_user_model):
    call_command("ensure_admin", stdout=StringIO())
    call_command("ensure_admin", stdout=StringIO())
    assert django_user_model.objects.filter(username="admin", is_superuser=True).count() == 1


def test_production_settings_refuse_demo_roles(settings, django_user_model):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    with pytest.raises(CommandError, match="refused under production settings"):
        call_command("ensure_admin", "--demo-roles", "--password", "a-Long-unusual-passphrase-81", stdout=StringIO())
    assert not django_user_model.objects.filter(username__in=["editor", "member"]).exists()


def test_production_settings_never_use_the_development_password(settings, django_user_model, monkeypatch):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", StringIO())  # not a terminal: nobody to ask
    with pytest.raises(CommandError, match="ADMIN_PASSWORD"):
        call_command("ensure_admin", stdout=StringIO())
    with pytest.raises(CommandError, match="development password"):
        call_command("ensure_admin", "--password", "admin-local-2026", stdout=StringIO())
    with pytest.raises(CommandError, match="短すぎます|too short"):
        call_command("ensure_admin", "--password", "abc", stdout=StringIO())
    assert not django_user_model.objects.filter(username="admin").exists()


def test_production_settings_create_the_first_administrator_from_the_environment(settings, client, monkeypatch):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    monkeypatch.setenv("ADMIN_PASSWORD", "a-Long-unusual-passphrase-81")
    out = StringIO()
    call_command("ensure_admin", "--username", "chief", stdout=out)
    assert "a-Long-unusual-passphrase-81" not in out.getvalue()
    assert client.login(username="chief", password="a-Long-unusual-passphrase-81")
    assert client.get("/admin/").status_code == 200


def test_production_settings_ask_for_the_password_in_a_terminal(settings, client, monkeypatch):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a-Long-unusual-passphrase-81")
    call_command("ensure_admin", stdout=StringIO())
    assert client.login(username="admin", password="a-Long-unusual-passphrase-81")
