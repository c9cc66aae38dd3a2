"""Site members."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.factories.snippets import unique


def member_user(username=None, password="pass-for-tests-1", groups=()):
    """A user who can log in; groups are names of existing groups (the roles migrations create)."""
    user = get_user_model().objects.create_user(username=username or unique("member"), password=password, email="m@example.jp")
    if groups:
        user.groups.add(*Group.objects.filter(name__in=groups))
    return user
