"""Re-apply the roles (groups, permissions, review workflow) that the data migration created."""

from django.apps import apps
from django.core.management.base import BaseCommand

from members.roles import setup_roles


class Command(BaseCommand):
    help = "Create or repair the Editors, Moderators and Members groups and the review workflow."

    def handle(self, *args, **options):
        setup_roles(apps)
        self.stdout.write(self.style.SUCCESS("roles ready: Editors, Moderators, Members; review workflow on the root page"))
