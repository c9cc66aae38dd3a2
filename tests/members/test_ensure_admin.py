from io import StringIO

import pytest
from django.core.management import call_command

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
