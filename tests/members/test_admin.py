"""The editors' admin: dashboard panel, pages lacking English, language fields, scheduling and the audit log."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageLogEntry
from wagtail.users.models import UserProfile

from knowledge.models import CaseStudyIndexPage, ProgramNoticeIndexPage, ProgramNoticePage
from tests import factories
from tests.members.conftest import page_form_data

pytestmark = pytest.mark.django_db


def in_days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_dashboard_panel_lists_deadlines_within_14_days_and_pages_in_review(client, site_tree, editor, moderator):
    _, indexes = site_tree
    notices = indexes[ProgramNoticeIndexPage]
    soon = factories.notice(notices, title_ja="締切が5日後の公募", applications_close=in_days(5))
    draft = factories.notice(notices, title_ja="下書きの公募", applications_close=in_days(14), live=False)
    factories.notice(notices, title_ja="締切が20日後の公募", applications_close=in_days(20))
    factories.notice(notices, title_ja="締切を過ぎた公募", applications_close=in_days(-1))
    case = factories.case_study(indexes[CaseStudyIndexPage], title_ja="審査待ちの事例")
    case.save_revision(user=editor)
    case.get_workflow().start(case, editor)

    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "締切間近のお知らせとレビュー待ちのページ" in html
    assert f'data-deadline-notice="{soon.pk}"' in html
    assert f'data-deadline-notice="{draft.pk}"' in html
    assert "あと5日" in html
    assert "締切が20日後の公募" not in html
    assert "締切を過ぎた公募" not in html
    assert f'data-review-page="{case.pk}"' in html

    client.force_login(moderator)
    assert f'data-review-page="{case.pk}"' in client.get("/admin/").content.decode()


def test_dashboard_panel_in_english(client, site_tree, editor):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "Deadlines approaching and pages awaiting review" in html


@pytest.fixture
def translated_and_not(site_tree):
    _, indexes = site_tree
    parent = indexes[CaseStudyIndexPage]
    return {
        "complete": factories.case_study(parent, title_ja="翻訳済みの事例", slug="complete"),
        "no_title": factories.case_study(parent, title_ja="英題のない事例", title_en="", slug="no-title"),
        "no_summary": factories.case_study(parent, title_ja="英文概要のない事例", summary_en="", slug="no-summary"),
    }


def test_report_lists_pages_without_english(client, translated_and_not, editor, member):
    client.force_login(editor)
    response = client.get("/admin/reports/missing-english/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "英題のない事例" in html
    assert "英文概要のない事例" in html
    assert "翻訳済みの事例" not in html
    assert "/admin/reports/missing-english/" in client.get("/admin/").content.decode()  # in the reports menu
    csv = client.get("/admin/reports/missing-english/?export=csv")
    assert csv.status_code == 200
    assert "英題のない事例" in b"".join(csv.streaming_content).decode("utf-8")

    client.force_login(member)
    assert client.get("/admin/reports/missing-english/").status_code == 302


def test_page_listing_marks_pages_without_english(client, translated_and_not, editor):
    client.force_login(editor)
    parent = translated_and_not["complete"].get_parent()
    html = client.get(f"/admin/pages/{parent.pk}/").content.decode()
    assert html.count('data-missing-english="true"') == 2
    assert "英語版なし" in html


def test_edit_form_has_japanese_and_english_fields_with_language_toggles(client, translated_and_not, editor):
    page = translated_and_not["complete"]
    client.force_login(editor)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    html = response.content.decode()
    for name in ("title_ja", "title_en", "summary_ja", "summary_en", "body_ja", "body_en"):
        assert f'name="{name}"' in html or f'id="{name}"' in html or f'"{name}' in html, name
    assert "wagtail_modeltranslation/js/language_toggles.js" in html
    assert "languages: ['ja', 'en']" in html
    # the English value is there to edit
    assert 'value="A garden city built on spring water"' in html


def test_scheduled_notice_goes_live_and_expires_with_publish_scheduled(client, site_tree, moderator, monkeypatch):
    _, indexes = site_tree
    notice = factories.notice(indexes[ProgramNoticeIndexPage], title_ja="予約公開のお知らせ", slug="scheduled", live=False)
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    expire = go_live + datetime.timedelta(days=7)
    client.force_login(moderator)
    edit = client.get(f"/admin/pages/{notice.pk}/edit/")
    data = page_form_data(edit, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"), expire_at=expire.strftime("%Y-%m-%d %H:%M"))
    data["action-publish"] = "Publish"
    assert client.post(f"/admin/pages/{notice.pk}/edit/", data).status_code == 302
    notice.refresh_from_db()
    assert not notice.live
    assert notice.get_latest_revision().approved_go_live_at is not None
    assert client.get("/ja/notices/scheduled/").status_code == 404

    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=3))
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115
    monkeypatch.setattr(timezone, "now", real_now)
    notice = ProgramNoticePage.objects.get(pk=notice.pk)
    assert notice.live
    assert client.get("/ja/notices/scheduled/").status_code == 200

    monkeypatch.setattr(timezone, "now", lambda: real_now() + datetime.timedelta(days=10))
    call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115
    monkeypatch.setattr(timezone, "now", real_now)
    notice.refresh_from_db()
    assert not notice.live
    assert notice.expired
    client.logout()
    assert client.get("/ja/notices/scheduled/").status_code == 404


def test_audit_log_records_unpublish_and_privacy_removal(client, site_tree, moderator):
    _, indexes = site_tree
    page = factories.members_only(factories.case_study(indexes[CaseStudyIndexPage]))
    client.force_login(moderator)
    assert client.post(f"/admin/pages/{page.pk}/privacy/", {"restriction_type": "none"}).status_code == 200
    assert PageLogEntry.objects.filter(page=page, action="wagtail.view_restriction.delete", user=moderator).exists()
    assert client.post(f"/admin/pages/{page.pk}/unpublish/").status_code == 302
    assert PageLogEntry.objects.filter(page=page, action="wagtail.unpublish", user=moderator).exists()
    history = client.get(f"/admin/pages/{page.pk}/history/").content.decode()
    assert "moderator" in history
