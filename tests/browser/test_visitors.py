"""A visitor switching languages and seeking a recording; a member and an anonymous visitor side by side."""

import pytest

from knowledge.models import CaseStudyIndexPage
from tests.factories import scenarios
from tests.home.support import in_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def built(live_server):
    return scenarios.browser_site()


def test_switching_language_keeps_the_page_and_untranslated_pages_say_so(page, built):
    case_ja = built["urls"]["case"]
    page.goto(in_language(case_ja, "en"))
    assert page.locator("h1").inner_text() == "A garden city built on spring water"
    assert page.locator("html").get_attribute("lang") == "en"
    page.click("[data-language-switch=ja]")
    page.wait_for_url(f"**{case_ja}")
    assert page.locator("h1").inner_text() == "湧水と緑を活かしたガーデンシティ"
    assert page.locator("html").get_attribute("lang") == "ja"
    assert "令和6年4月10日" in page.locator("dl.details").inner_text()

    page.goto(in_language(built["urls"]["untranslated"], "en"))
    notice = page.locator(".untranslated-notice")
    assert notice.is_visible()
    assert "not yet been translated" in notice.inner_text() or "English" in notice.inner_text()
    assert page.locator("h1").get_attribute("lang") == "ja"


def test_clicking_a_transcript_segment_moves_the_player_to_that_second(page, built):
    page.goto(in_language(built["urls"]["recording"], "en"))
    player = page.locator("#recording-player")
    assert player.get_attribute("data-start") == "0"
    page.get_by_role("link", name="1:35", exact=False).first.click()
    assert player.get_attribute("data-start") == "95"
    assert "start=95" in player.get_attribute("src")
    assert page.url.endswith("?t=95")
    assert page.locator(".transcript-segments li.is-current").inner_text().endswith("A case of spring water")


def log_in(page, username, password, next_path):
    page.goto(f"/ja/accounts/login/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def test_members_see_members_only_case_studies_and_save_searches_anonymous_visitors_never_do(new_page, built):
    secret_title = "会員限定の湧水活用事例"
    listing = built["urls"]["case"].rsplit("/", 2)[0] + "/"

    member = new_page()
    log_in(member, "member1", scenarios.PASSWORD, listing)
    assert secret_title in member.locator(".results").inner_text()
    member.click(f"text={secret_title}")
    assert member.locator("h1").inner_text() == secret_title

    member.goto("/ja/search/?q=湧水")
    assert secret_title in member.locator(".search-results").inner_text()
    member.get_by_role("button", name="この検索条件を保存").click()
    member.goto("/ja/mypage/")
    assert "湧水" in member.locator("main").inner_text()

    visitor = new_page()
    visitor.goto(listing)
    assert secret_title not in visitor.content()
    visitor.goto(built["urls"]["secret"])
    assert "/accounts/login/" in visitor.url and secret_title not in visitor.content()
    visitor.goto("/ja/search/?q=湧水")
    assert "ガーデンシティ" in visitor.content() and secret_title not in visitor.content()
    for path in (
        "/sitemap.xml",
        "/ja/feeds/case-studies/",
        "/api/v2/pages/?type=case-study",
        f"/ja/export/listing-{built['indexes'][CaseStudyIndexPage].pk}.csv",
    ):
        response = visitor.request.get(path)
        assert response.ok, path
        assert secret_title not in response.text() and "members-case" not in response.text(), path
