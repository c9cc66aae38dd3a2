"""An editor writes a case study in both languages and submits it; a moderator approves it; visitors find it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from knowledge.models import CaseStudyIndexPage, CaseStudyPage
from tests.factories import scenarios

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def staff(username, group_name):
    user = get_user_model().objects.create_user(username=username, password=scenarios.PASSWORD, email=f"{username}@example.jp")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def admin_login(page, username):
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", scenarios.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")


def test_editor_submits_moderator_approves_and_the_page_is_found_in_both_languages(new_page, live_server):
    built = scenarios.browser_site()
    staff("editor1", "Editors")
    staff("moderator1", "Moderators")
    index = built["indexes"][CaseStudyIndexPage]

    editor = new_page(locale="ja")
    admin_login(editor, "editor1")
    editor.goto(f"/admin/pages/{index.pk}/add_subpage/")  # the only type allowed here: straight to its form
    editor.wait_for_url(f"**/admin/pages/add/knowledge/casestudypage/{index.pk}/")
    editor.fill("input[name=title_ja]", "棚田オーナー制度で関係人口を増やす")
    editor.fill("input[name=title_en]", "Rice terrace owners who keep coming back")
    editor.fill("input[name=date]", "2026-01-08")
    # The date picker opens up to 0.2 s after the field takes focus, and a late one covers the footer's
    # buttons: wait for it, then leave the field by Tab, as a person typing the date does.
    picker = editor.locator(".xdsoft_datetimepicker:visible")
    picker.wait_for(state="visible")
    editor.keyboard.press("Tab")
    picker.wait_for(state="detached")  # no picker left visible
    editor.fill("textarea[name=summary_ja]", "棚田の保全を都市の住民と分かち合う取り組み（サンプル）。")
    editor.fill("textarea[name=summary_en]", "Sharing the care of rice terraces with city dwellers (sample).")
    editor.fill("input[name=slug]", "rice-terrace-owners")  # under the titles: both languages' fields are open
    editor.locator("footer [data-w-dropdown-target=toggle]").last.click()
    editor.locator("button[name=action-submit]").click()
    editor.wait_for_url(f"**/admin/pages/{index.pk}/")
    page = CaseStudyPage.objects.get(slug="rice-terrace-owners")
    assert not page.live and page.current_workflow_state is not None

    visitor = new_page(locale="en")
    assert visitor.goto("/ja/case-studies/rice-terrace-owners/").status == 404  # not live until approved

    moderator = new_page(locale="ja")
    admin_login(moderator, "moderator1")
    review = moderator.locator("section, .w-panel", has_text="あなたのレビュー待ち").last
    assert "棚田オーナー制度で関係人口を増やす" in review.inner_text()
    review.locator("[data-w-dropdown-target=toggle]").last.click()
    with moderator.expect_navigation():  # the approval is posted and answered before the page is read below
        moderator.get_by_role("button", name="承認", exact=True).click()

    page.refresh_from_db()
    assert page.live
    visitor.goto("/ja/case-studies/rice-terrace-owners/")
    assert visitor.locator("h1").inner_text() == "棚田オーナー制度で関係人口を増やす"
    visitor.goto("/ja/search/?q=棚田")
    assert "棚田オーナー制度で関係人口を増やす" in visitor.locator(".search-results").inner_text()
    visitor.goto("/en/search/?q=rice+terrace")
    results = visitor.locator(".search-results")
    assert "Rice terrace owners who keep coming back" in results.inner_text()
    results.get_by_role("link", name="Rice terrace owners who keep coming back").click()
    visitor.wait_for_url("**/en/case-studies/rice-terrace-owners/")
