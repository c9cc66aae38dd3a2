"""The map of Japan on the case-study index and the home page: by keyboard (Tab to a prefecture, Enter opens the
filtered list), its table, axe-clean, readable at 390 px, in both languages."""

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import scenarios

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def tab_to(page, selector, limit=80):
    """Press Tab until the focused element matches the selector; its aria-label."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    raise AssertionError(f"never reached {selector} by keyboard")


@pytest.mark.parametrize(("lang", "label"), [("ja", "静岡県: 先進事例1件"), ("en", "Shizuoka: 1 case study")])
def test_a_prefecture_is_reached_by_keyboard_and_enter_opens_its_filtered_list(new_page, live_server, lang, label):
    scenarios.browser_site()  # Mishima (静岡県) has one public case study, and one for members only
    page = new_page(locale=lang)
    page.goto(f"/{lang}/case-studies/")
    assert page.locator(".japan-map-prefecture").count() == 47
    assert tab_to(page, ".japan-map-prefecture[href$='?prefecture=1']")  # Hokkaido comes first
    assert tab_to(page, ".japan-map-prefecture[href$='?prefecture=22']") == label
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{lang}/case-studies/?prefecture=22")
    titles = page.locator(".card-title a").all_inner_texts()
    assert len(titles) == 1 and ("湧水" in titles[0] or "garden city" in titles[0])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_map_has_a_table_equivalent_and_is_axe_clean_at_390px(new_page, live_server, lang):
    scenarios.browser_site()
    page = new_page(locale=lang, width=390)
    for path in (f"/{lang}/", f"/{lang}/case-studies/"):
        page.goto(path)
        page.locator(".japan-map-table summary").click()
        rows = page.locator(".japan-map-table tbody tr")
        assert rows.count() == 47
        shizuoka = page.locator(".japan-map-table tbody tr", has=page.locator("a[href$='?prefecture=22']"))
        assert shizuoka.locator("td").last.inner_text() == "1"  # the members-only case is not counted
        box = page.locator(".japan-map-svg").bounding_box()
        assert 300 <= box["width"] <= 390
        assert axe_violations(page) == [], path
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
