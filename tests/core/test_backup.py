"""manage.py backup / restore: a round trip into an emptied database and media folder brings everything back.

Runs on the suite's database: SQLite (online backup API) or, with DATABASE_URL=postgres://..., PostgreSQL
(pg_dump / pg_restore)."""

import json
import os
import tarfile
import time
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision

from core.backup import media_names
from knowledge.models import CaseStudyIndexPage
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def snapshot():
    export = StringIO()
    call_command("export_knowledge", "-", stdout=export)
    return {
        "pages": sorted(Page.objects.values_list("id", "path", "title", "live")),
        "revisions": sorted(Revision.objects.values_list("id", "object_id")),
        "users": sorted(get_user_model().objects.values_list("username", "password")),
        "images": sorted(Image.objects.values_list("title", "file")),
        "documents": sorted(Document.objects.values_list("title", "file")),
        "media": {name: default_storage.open(name).read() for name in media_names()},
        "export": export.getvalue(),
    }


def empty_everything():
    connection.ops.execute_sql_flush(sql_flush(no_style(), connection, allow_cascade=True))
    for name in list(media_names()):
        default_storage.delete(name)
    assert not Page.objects.exists() and not list(media_names())


@pytest.fixture
def content():
    factories.ensure_reference_data()
    _home, indexes = factories.build_site()
    cases = indexes[CaseStudyIndexPage]
    picture = factories.picture(filename="backup-spring.png")
    doc = Document.objects.create(title="計画書", file=ContentFile(b"%PDF-1.4 backup", name="backup-plan.pdf"))
    body = [("image", {"image": picture, "alt_text": "写真", "caption": ""}), ("document", {"document": doc, "title": ""})]
    factories.case_study(cases, slug="kept", body_ja=body).save_revision().publish()
    factories.members_only(factories.case_study(cases, slug="kept-secret"))
    factories.member_user(username="kept-member")
    picture.get_rendition("max-100x100")
    yield
    # The next test's serialized rollback saves rows whose signal handlers look content types up: they must be
    # cached (restore empties the cache) before the table is back.
    ContentType.objects.get_for_models(*apps.get_models())
    for name in list(media_names()):
        default_storage.delete(name)


def test_a_round_trip_brings_back_every_page_revision_user_file_and_the_same_export(content, tmp_path):
    before = snapshot()
    assert before["pages"] and before["revisions"] and before["images"] and before["documents"] and before["media"]
    out = StringIO()
    call_command("backup", str(tmp_path), stdout=out)
    (archive,) = tmp_path.glob("backup-*.tar")
    assert f"{connection.vendor} database" in out.getvalue()

    empty_everything()
    call_command("restore", str(archive), "--noinput", stdout=StringIO())
    after = snapshot()
    for part in before:
        assert after[part] == before[part], part


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(content, tmp_path):
    before = snapshot()
    bogus = tmp_path / "backup-bogus.tar"
    bogus.write_bytes(b"not a tar")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(bogus), "--noinput")
    other = tmp_path / "backup-other.tar"
    with tarfile.open(other, "w") as archive:
        data = json.dumps({"format": 1, "engine": "oracle", "database": "x"}).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, ContentFile(data))
    with pytest.raises(CommandError, match="oracle database"):
        call_command("restore", str(other), "--noinput")
    assert snapshot() == before


def test_keep_days_deletes_only_older_backups(content, tmp_path):
    old = tmp_path / "backup-20200101-000000.tar"
    old.write_bytes(b"")
    os.utime(old, (time.time() - 8 * 86400,) * 2)
    recent = tmp_path / "backup-20200102-000000.tar"
    recent.write_bytes(b"")
    os.utime(recent, (time.time() - 2 * 86400,) * 2)
    unrelated = tmp_path / "notes-20200101.tar"
    unrelated.write_bytes(b"")
    os.utime(unrelated, (time.time() - 30 * 86400,) * 2)
    out = StringIO()
    call_command("backup", str(tmp_path), "--keep-days", "7", stdout=out)
    assert not old.exists() and recent.exists() and unrelated.exists()
    assert len(list(tmp_path.glob("backup-*.tar"))) == 2 and "deleted" in out.getvalue()
