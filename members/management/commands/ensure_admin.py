"""Create the administrator (and, with --demo-roles, one account per role) and print how to sign in.

Under production settings (DEMO_ACCOUNTS_ALLOWED = False) demo roles are refused, the development password
is never used: the password comes from --password, ADMIN_PASSWORD or a prompt, must pass the password
validators, and is not printed.
"""

import getpass
import os
import sys

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from core.visibility import public_pages
from knowledge.models import CaseStudyPage, Municipality
from members.models import MemberProfile
from members.roles import EDITORS, MODERATORS

DEMO_PASSWORD = "demo-local-2026"  # noqa: S105 - development accounts only
DEV_ADMIN_PASSWORD = "admin-local-2026"  # noqa: S105 - development accounts only


def demo_member_municipality():
    """The full member with the most public case studies (then the lowest code), so that the demo member's
    My page shows its municipality's work; any full member when none has a case study yet."""
    busiest = (
        public_pages(CaseStudyPage.objects.live().filter(municipality__membership="full"))
        .values("municipality")
        .annotate(count=Count("pk"))
        .order_by("-count", "municipality__code")
        .first()
    )
    if busiest:
        return Municipality.objects.get(pk=busiest["municipality"])
    return Municipality.objects.filter(membership="full").order_by("code").first()


class Command(BaseCommand):
    help = "Create (or reset) the development administrator and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))
        parser.add_argument("--password", default=os.environ.get("ADMIN_PASSWORD", ""))
        parser.add_argument(
            "--demo-roles", action="store_true", help="also create an editor, a moderator and a member (development only)"
        )

    def handle(self, *args, username, password, demo_roles, **options):
        base = settings.WAGTAILADMIN_BASE_URL
        development = getattr(settings, "DEMO_ACCOUNTS_ALLOWED", True)
        if demo_roles and not development:
            raise CommandError(
                "--demo-roles creates accounts with a published password and is refused under production settings. "
                "Create the administrator alone (ensure_admin with ADMIN_PASSWORD or at the prompt) and invite "
                "editors and members from the admin."
            )
        password = (password or DEV_ADMIN_PASSWORD) if development else self._production_password(username, password)
        self._user(username, password, is_staff=True, is_superuser=True)
        shown = password if development else "(as given)"
        self.stdout.write(self.style.SUCCESS(f"Admin:     {base}/admin/  user: {username}  password: {shown}"))
        if not demo_roles:
            return
        for name, group in (("editor", EDITORS), ("moderator", MODERATORS)):
            user = self._user(name, DEMO_PASSWORD)
            user.groups.add(Group.objects.get(name=group))
            self.stdout.write(f"{group + ':':<10} {base}/admin/  user: {name}  password: {DEMO_PASSWORD}")
        member = self._user("member", DEMO_PASSWORD)
        municipality = demo_member_municipality()
        if municipality:
            MemberProfile.objects.update_or_create(user=member, defaults={"municipality": municipality})
        self.stdout.write(f"{'Member:':<10} {base}/ja/accounts/login/  user: member  password: {DEMO_PASSWORD}")

    def _user(self, username, password, is_staff=False, is_superuser=False):
        user, _created = get_user_model().objects.get_or_create(username=username, defaults={"email": f"{username}@localhost"})
        user.is_staff, user.is_superuser, user.is_active = is_staff, is_superuser, True
        user.set_password(password)
        user.save()
        return user

    def _production_password(self, username, password):
        if not password:
            if not sys.stdin.isatty():
                raise CommandError("Set ADMIN_PASSWORD (or --password), or run ensure_admin in a terminal to be asked.")
            password = getpass.getpass(f"Password for {username}: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        if password in (DEV_ADMIN_PASSWORD, DEMO_PASSWORD):
            raise CommandError("That is the published development password: choose another.")
        try:
            password_validation.validate_password(password, get_user_model()(username=username))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        return password
