"""The editor beside the gunicorn workers of tests/cms/test_workers.py.

A process of its own with the workers' settings (production, their database and cache), so that it publishes
and unpublishes as the admin would: through Wagtail's own calls, whose signals renew the shared content
generation. One command per line on stdin; each answer is one line on stdout starting with ANSWER (the
production settings log JSON lines to stdout too):

    page TITLE          a new public page under the home page   -> ANSWER {"id": ..., "path": "/ja/<slug>/"}
    unpublish ID        unpublish it                            -> ANSWER {}
    publish ID TITLE    publish a new revision with this title  -> ANSWER {}

    python -m tests.cms.workers_editor   (cwd: the repository, DJANGO_SETTINGS_MODULE and DATABASE_URL set)
"""

import json
import sys
import uuid

ANSWER = "ANSWER "


def answer(**fields):
    sys.stdout.write(ANSWER + json.dumps(fields) + "\n")
    sys.stdout.flush()


def main():
    import django

    django.setup()
    from django.db import connections
    from django.utils import translation
    from wagtail.models import Page

    from tests import factories

    for line in sys.stdin:
        command, *args = line.rstrip("\n").split(" ", 2)
        if command == "page":
            home, _indexes = factories.build_site()
            page = factories.standard_page(home, title_ja=args[0], slug=f"workers-{uuid.uuid4().hex[:8]}")
            with translation.override("ja"):
                answer(id=page.pk, path=page.url)
        elif command == "unpublish":
            Page.objects.get(pk=int(args[0])).specific.unpublish()
            answer()
        elif command == "publish":
            page = Page.objects.get(pk=int(args[0])).specific
            page.title = page.title_ja = args[1]
            page.save_revision().publish()
            answer()
        else:
            raise SystemExit(f"unknown command: {line!r}")
        connections.close_all()  # SQLite: no lock held while the workers read


if __name__ == "__main__":
    main()
