"""Create the local administrator if missing and print how to sign in."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create (or reset) the development administrator and print its login."

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))
        parser.add_argument("--password", default=os.environ.get("ADMIN_PASSWORD", "admin-local-2026"))

    def handle(self, *args, username, password, **options):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@localhost"})
        user.is_staff = user.is_superuser = user.is_active = True
        user.set_password(password)
        user.save()
        base = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
        self.stdout.write(self.style.SUCCESS(
            f"Admin {'created' if created else 'ready'}: {base}/admin/  user: {username}  password: {password}"
        ))
