"""JIS X 8341-3:2016 AA (WCAG 2.x AA) on every public page type, in both languages, in real headless Chromium."""

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import scenarios
from tests.home.support import in_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
NARROWEST = 320


def public_pages(built, lang):
    urls = {name: in_language(url, lang) for name, url in built["urls"].items() if name != "secret"}
    return {
        "home": f"/{lang}/",
        "case study index": f"/{lang}/case-studies/",
        "outcomes index": f"/{lang}/outcomes/",
        "recording index": f"/{lang}/seminars/",
        "notice index (filtered)": f"/{lang}/notices/?status=open",
        "case study": urls["case"],
        "untranslated case study": urls["untranslated"],
        "recording": urls["recording"],
        "notice": urls["notice"],
        "standard page": urls["about"],
        "search with results": f"/{lang}/search/?q=" + ("湧水" if lang == "ja" else "spring"),
        "search without results": f"/{lang}/search/?q=zzzzqqq",
        "members' login": f"/{lang}/accounts/login/",
        "municipality directory": f"/{lang}/municipalities/",
        "municipality": f"/{lang}/municipalities/222062/",
        "person": f"/{lang}/people/{built['case'].presenter.slug}/",
        "page not found": f"/{lang}/no-such-page/",
    }


def keyboard_check(page):
    """The skip link comes first, is visible when focused and moves focus to the main content;
    every focusable element after it shows where the focus is."""
    page.keyboard.press("Tab")
    skip = page.evaluate(
        "() => ({cls: document.activeElement.className, top: document.activeElement.getBoundingClientRect().top})"
    )
    assert "skip-link" in skip["cls"] and skip["top"] >= 0, skip
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    problems = []
    for _ in range(15):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                return {tag: el.tagName, text: (el.innerText || el.value || '').slice(0, 30),
                        visible: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'}; }"""
        )
        if state["tag"] == "BODY":
            break
        if not state["visible"]:
            problems.append(state)
    assert not problems, f"focus not visible on {problems}"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_public_page_type_passes_axe_and_works_from_320px(new_page, live_server, lang):
    built = scenarios.browser_site()
    page = new_page(locale=lang)
    failures = {}
    for name, path in public_pages(built, lang).items():
        response = page.goto(path)
        assert response.status == (404 if name == "page not found" else 200), (name, response.status)
        assert page.locator("html").get_attribute("lang") == lang, name
        assert page.locator("a.skip-link").count() == 1, name
        violations = axe_violations(page)
        if violations:
            failures[name] = violations
        page.set_viewport_size({"width": NARROWEST, "height": 640})
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            failures[f"{name} at {NARROWEST}px"] = [f"{overflow}px wider than the screen"]
        page.set_viewport_size({"width": 1280, "height": 900})
    assert not failures, "\n".join(f"{name}: {lines}" for name, lines in failures.items())

    page.goto(in_language(built["urls"]["recording"], lang))
    assert page.locator(".transcript-segments li").count() == 3  # every recording here has its transcript
    page.goto(in_language(built["urls"]["case"], lang))
    keyboard_check(page)
    page.goto(f"/{lang}/search/?q=" + ("湧水" if lang == "ja" else "spring"))
    keyboard_check(page)
    if lang == "en":  # Japanese text on an English page is marked as Japanese
        page.goto(in_language(built["urls"]["untranslated"], "en"))
        assert page.locator("h1").get_attribute("lang") == "ja"
        assert page.locator("footer .mission").get_attribute("lang") == "ja"


def test_members_only_page_passes_axe_for_a_member(new_page, live_server):
    built = scenarios.browser_site()
    page = new_page()
    page.goto(f"/ja/accounts/login/?next={built['urls']['secret']}")
    page.fill("input[name=username]", "member1")
    page.fill("input[name=password]", scenarios.PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(f"**{built['urls']['secret']}")
    assert axe_violations(page) == []
    page.goto("/ja/mypage/")
    assert axe_violations(page) == []
