"""The Content-Security-Policy breaks nothing: no violation on the main pages (anonymous, member, editor) and the
admin's edit form still saves a page."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import scenarios
from tests.home.support import in_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watch(page):
    """Collects CSP violations from the console and from securitypolicyviolation events."""
    seen = []
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text else None)
    page.add_init_script(RECORD_VIOLATIONS)
    return seen


def violations(page, seen):
    return seen + page.evaluate("window.__cspViolations || []")


@pytest.fixture
def built(live_server):
    return scenarios.browser_site()


def visit_all(page, paths):
    seen = watch(page)
    found = {}
    for path in paths:
        response = page.goto(path)
        assert response.status < 400, path
        assert "script-src" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        if problems := violations(page, seen):
            found[path] = problems
        seen.clear()
    return found


def test_main_pages_show_no_csp_violation_to_visitors(page, built):
    urls = built["urls"]
    paths = [
        "/ja/",
        "/en/",
        urls["case"],
        in_language(urls["case"], "en"),
        urls["recording"] + "?t=95",
        urls["notice"],
        urls["about"],
        "/ja/search/?q=湧水",
        "/en/search/?q=spring",
        "/ja/accounts/login/",
        "/ja/feeds/",
    ]
    assert visit_all(page, paths) == {}


def test_members_pages_show_no_csp_violation(page, built):
    page.goto("/ja/accounts/login/")
    page.fill("input[name=username]", "member1")
    page.fill("input[name=password]", scenarios.PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state("load")
    assert visit_all(page, [built["urls"]["secret"], "/ja/mypage/", built["urls"]["case"]]) == {}


def test_the_admin_edit_form_still_saves_under_the_policy(page, built):
    get_user_model().objects.create_superuser("chief", "chief@example.jp", scenarios.PASSWORD)
    seen = watch(page)
    page.goto("/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", scenarios.PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/admin/")
    case = built["case"]
    response = page.goto(f"/admin/pages/{case.pk}/edit/")
    assert "object-src 'none'" in response.headers["content-security-policy"]
    page.fill("input[name=title_ja]", "湧水と緑を活かしたガーデンシティ（改訂）")
    page.locator("button[name=action-publish], footer button[type=submit]").first.click()
    page.wait_for_load_state("load")
    case.refresh_from_db()
    assert case.get_latest_revision().content["title_ja"] == "湧水と緑を活かしたガーデンシティ（改訂）"
    for path in ("/admin/", "/admin/images/", "/admin/documents/", f"/admin/pages/{case.pk}/edit/"):
        page.goto(path)
        page.wait_for_load_state("load")
    assert violations(page, seen) == []
