"""Each role's allowed and refused actions, through the real Wagtail admin views."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, PageLogEntry, PageViewRestriction, TaskState, WorkflowState

from knowledge.models import CaseStudyIndexPage, CaseStudyPage, ProgramNoticeIndexPage, Theme
from members.models import MemberProfile, ReviewTask
from members.roles import REVIEW_WORKFLOW
from tests import factories
from tests.members.conftest import make_user, page_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_study(site_tree):
    _, indexes = site_tree
    return factories.case_study(indexes[CaseStudyIndexPage])


def submit_for_review(client, page, **changes):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    data = page_form_data(response, **changes)
    data["action-submit"] = "Submit"
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def assert_refused(response):
    """Wagtail refuses with 403, or by sending the user back to the dashboard with an error message."""
    if response.status_code == 302:
        assert response["Location"] == "/admin/"
    else:
        assert response.status_code == 403


def current_task_state(page):
    return TaskState.objects.get(workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS)


# ---------------------------------------------------------------- the data migration


def test_a_fresh_site_has_the_roles_and_the_review_workflow_on_every_page(site_tree):
    assert {"Editors", "Moderators", "Members"} <= set(Group.objects.values_list("name", flat=True))
    assert not Group.objects.get(name="Members").permissions.exists()
    _, indexes = site_tree
    page = factories.notice(indexes[ProgramNoticeIndexPage])
    workflow = page.get_workflow()
    assert workflow.name == REVIEW_WORKFLOW
    [task] = [t.specific for t in workflow.tasks.all()]
    assert isinstance(task, ReviewTask)
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]


# ---------------------------------------------------------------- editors


def test_editor_creates_a_case_study_as_a_draft_through_the_admin(client, site_tree, editor):
    _, indexes = site_tree
    parent = indexes[CaseStudyIndexPage]
    client.force_login(editor)
    add_url = f"/admin/pages/add/knowledge/casestudypage/{parent.pk}/"
    form = client.get(add_url)
    assert form.status_code == 200
    data = page_form_data(
        form,
        title_ja="駅前広場の再整備",
        title_en="Redesigning the station square",
        slug="station-square",
        date="2025-05-01",
        summary_ja="サンプル本文",
        summary_en="Sample text",
    )
    response = client.post(add_url, data)
    assert response.status_code == 302
    page = CaseStudyPage.objects.get(slug="station-square")
    assert not page.live
    assert page.title_en == "Redesigning the station square"
    assert page.owner == editor


def test_editor_can_not_publish_only_submit_for_review(client, case_study, editor):
    client.force_login(editor)
    page = CaseStudyPage.objects.get(pk=case_study.pk)
    page.unpublish()
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html

    # Posting "publish" anyway only saves a draft.
    data = page_form_data(edit, title_ja="改題した事例")
    data["action-publish"] = "Publish"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision_as_object().title_ja == "改題した事例"

    assert_refused(client.get(f"/admin/pages/{page.pk}/unpublish/"))
    assert_refused(client.get(f"/admin/pages/{page.pk}/privacy/"))
    assert_refused(client.post(f"/admin/pages/{page.pk}/privacy/", {"restriction_type": "login"}))
    assert not PageViewRestriction.objects.filter(page=page).exists()


def test_editor_submits_then_moderator_approves_and_the_page_goes_live(client, case_study, editor, moderator):
    page = CaseStudyPage.objects.get(pk=case_study.pk)
    page.unpublish()
    client.force_login(editor)
    assert submit_for_review(client, page, title_ja="審査をお願いする事例").status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert not page.live

    client.force_login(moderator)
    dashboard = client.get("/admin/")
    assert "審査をお願いする事例" in dashboard.content.decode()
    task_state = current_task_state(page)
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "確認しました"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.title_ja == "審査をお願いする事例"
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.approve", user=moderator).exists()
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=moderator).exists()


def test_requesting_changes_needs_a_reason(client, case_study, editor, moderator):
    page = CaseStudyPage.objects.get(pk=case_study.pk)
    client.force_login(editor)
    submit_for_review(client, page)
    task_state = current_task_state(page)
    url = f"/admin/pages/workflow/action/{page.pk}/reject/{task_state.pk}/"

    client.force_login(editor)
    assert_refused(client.post(url, {"comment": "自分で差し戻し"}))  # editors can't review

    client.force_login(moderator)
    modal = client.post(url, {"comment": ""}, headers={"x-requested-with": "XMLHttpRequest"})
    assert modal.status_code == 200
    assert "修正を依頼する理由" in modal.json()["html"]
    assert current_task_state(page).pk == task_state.pk  # still waiting

    client.post(url, {"comment": "事例の年度を確認してください"})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED
    assert task_state.comment == "事例の年度を確認してください"
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == WorkflowState.STATUS_NEEDS_CHANGES
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.reject", user=moderator).exists()
    # back with the editor: no longer listed as waiting for review
    assert f'data-review-page="{page.pk}"' not in client.get("/admin/").content.decode()


def test_editor_adds_and_edits_snippets_but_can_not_delete_them(client, editor):
    client.force_login(editor)
    response = client.post(
        "/admin/snippets/knowledge/theme/add/", {"slug": "dx", "axis": "create", "name_ja": "デジタル化", "name_en": "Digital"}
    )
    assert response.status_code == 302
    theme = Theme.objects.get(slug="dx")
    assert client.get(f"/admin/snippets/knowledge/theme/edit/{theme.pk}/").status_code == 200
    assert_refused(client.get(f"/admin/snippets/knowledge/theme/delete/{theme.pk}/"))
    assert_refused(client.post(f"/admin/snippets/knowledge/theme/delete/{theme.pk}/"))
    assert Theme.objects.filter(slug="dx").exists()
    assert_refused(client.get("/admin/snippets/knowledge/prefecture/add/"))
    assert client.get("/admin/snippets/knowledge/prefecture/").status_code == 200


def test_only_administrators_manage_people(client, editor, moderator, administrator, mishima):
    for user in (editor, moderator):
        client.force_login(user)
        assert_refused(client.get("/admin/users/"))
        assert_refused(client.get("/admin/users/new/"))
        assert_refused(client.get("/admin/snippets/members/memberprofile/"))
    client.force_login(administrator)
    response = client.post(
        "/admin/users/new/",
        {
            "username": "tanaka",
            "email": "tanaka@example.jp",
            "first_name": "太郎",
            "last_name": "田中",
            "password1": "a-Long-passphrase-2026",
            "password2": "a-Long-passphrase-2026",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    tanaka = get_user_model().objects.get(username="tanaka")
    response = client.post(
        "/admin/snippets/members/memberprofile/add/", {"user": tanaka.pk, "municipality": mishima.pk, "language": "ja"}
    )
    assert response.status_code == 302
    assert MemberProfile.objects.get(user=tanaka).municipality == mishima
    assert tanaka.groups.filter(name="Members").exists()


# ---------------------------------------------------------------- moderators


def test_moderator_publishes_and_changes_privacy_and_both_are_logged(client, case_study, moderator):
    client.force_login(moderator)
    edit = client.get(f"/admin/pages/{case_study.pk}/edit/")
    assert 'name="action-publish"' in edit.content.decode()

    response = client.post(f"/admin/pages/{case_study.pk}/privacy/", {"restriction_type": "login"})
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=case_study, restriction_type="login").exists()
    assert PageLogEntry.objects.filter(page=case_study, action="wagtail.view_restriction.create", user=moderator).exists()

    data = page_form_data(edit, title_ja="モデレーターが直接公開")
    data["action-publish"] = "Publish"
    assert client.post(f"/admin/pages/{case_study.pk}/edit/", data).status_code == 302
    page = Page.objects.get(pk=case_study.pk)
    assert page.title_ja == "モデレーターが直接公開"
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=moderator).exists()
    assert_refused(client.get("/admin/snippets/members/memberprofile/"))


# ---------------------------------------------------------------- members and visitors


def test_members_have_no_admin_access(client, member):
    client.force_login(member)
    for url in ("/admin/", "/admin/pages/", "/admin/snippets/knowledge/theme/", "/admin/users/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert client.get("/ja/mypage/").status_code == 200


def test_a_new_member_account_joins_the_members_group(mishima):
    user = make_user("newcomer")
    MemberProfile.objects.create(user=user, municipality=mishima)
    assert list(user.groups.values_list("name", flat=True)) == ["Members"]
