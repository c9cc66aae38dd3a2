import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.utils.translation import trans_real

from members.models import MemberProfile
from tests import factories

PASSWORD = "pass-for-tests-1"


@pytest.fixture(scope="module")
def catalogues(django_db_blocker):
    """locale/ja (Wagtail's strings in Japanese) and locale/en compiled and loaded, for the admin's screens."""
    call_command("compile_translations", verbosity=0)
    trans_real._translations.clear()
    trans_real._default = None


@pytest.fixture(autouse=True)
def clear_cache():
    """The login throttle lives in the cache: every test starts with no failures counted."""
    cache.clear()
    yield
    cache.clear()


def make_user(username, group=None, **fields):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=fields.pop("email", f"{username}@example.jp"), **fields
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return make_user("editor", "Editors", first_name="花子", last_name="編集")


@pytest.fixture
def moderator(db):
    return make_user("moderator", "Moderators")


@pytest.fixture
def administrator(db):
    return make_user("administrator", is_staff=True, is_superuser=True)


@pytest.fixture
def mishima(db):
    return factories.municipality(name_ja="三島市", name_en="Mishima City", prefecture_code=22)


@pytest.fixture
def member(db, mishima):
    user = make_user("member", email="member@city.mishima.example.jp")
    MemberProfile.objects.create(user=user, municipality=mishima, language="ja")
    return user


def form_data(response, form_selector="form[method=post]"):
    """The values a browser would post from the first matching form of a rendered admin page."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.select_one(form_selector)
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "input" and field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
            continue
        if field.name == "input" and field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "select":
            chosen = [o.get("value", o.text) for o in field.select("option[selected]")]
            if field.has_attr("multiple"):
                data[name] = chosen
            elif chosen:
                data[name] = chosen[0]
            continue
        # browsers drop the newline Django writes after <textarea>
        data[name] = field.text.removeprefix("\n") if field.name == "textarea" else field.get("value", "")
    return data


def page_form_data(response, **changes):
    """The admin page editor's form as posted by a browser (empty StreamFields need their count)."""
    data = form_data(response, "form#page-edit-form")
    for name in ("body_ja", "body_en"):
        data.setdefault(f"{name}-count", "0")
    data.update(changes)
    return data
