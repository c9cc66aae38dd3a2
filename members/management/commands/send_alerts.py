"""Email each member a digest of new pages matching their saved searches and bookmarked notices closing soon.

Run once a day, e.g. from cron:  15 7 * * *  cd /srv/cms && .venv/bin/python manage.py send_alerts
"""

from django.core.management.base import BaseCommand

from members.alerts import send_alerts


class Command(BaseCommand):
    help = "Send the daily digest emails (saved searches and bookmarked notices closing within 7 days)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would be sent without sending or recording it.")

    def handle(self, *args, dry_run=False, **options):
        emails, items = send_alerts(dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(f"{verb} {emails} digest email(s) with {items} item(s)")
