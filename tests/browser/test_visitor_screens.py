"""The demo site as a visitor sees it (#15), in both languages at 1280 and 390 px: screenshots and the defects
found by trying it (full-width punctuation in English, broken images, sideways scrolling, a band under the
footer, orphaned cards, unstyled forms and messages, a truncated theme filter, no favicon); axe stays clean.

Screenshots go to $SCREENSHOT_DIR, else a pytest tmp dir (printed)."""

from io import StringIO

import pytest
from django.core.management import call_command

from knowledge.models import CaseStudyPage, ProgramNoticePage, SeminarRecordingPage
from tests import factories
from tests.browser.conftest import axe_violations
from tests.english_text import stray_full_width
from tests.home.support import english_catalogue, url_in  # noqa: F401 (fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("english_catalogue"),
]
WIDTHS = (1280, 390)

# What the page shows, measured in the browser.
LAYOUT = """async () => {
  for (const img of document.images) img.loading = "eager";
  await Promise.all([...document.images].map((img) => img.complete ? null :
    new Promise((done) => { img.addEventListener("load", done); img.addEventListener("error", done); })));
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll('script, style, template, [lang="ja"]').forEach((el) => el.remove());
  const footer = document.querySelector("footer.site-footer").getBoundingClientRect();
  const rows = [...document.querySelectorAll(".cards")].filter((grid) => grid.children.length > 1).map((grid) => {
    const tops = [...grid.children].map((card) => Math.round(card.getBoundingClientRect().top));
    const perRow = [...new Set(tops)].map((top) => tops.filter((t) => t === top).length);
    return perRow;
  });
  return {
    englishText: copy.textContent.replace(/\\s+/g, " "),
    brokenImages: [...document.images].filter((img) => !(img.naturalWidth > 0)).map((img) => img.currentSrc || img.src),
    overflow: document.documentElement.scrollWidth - window.innerWidth,
    footerGap: Math.max(document.documentElement.scrollHeight, window.innerHeight) - (footer.bottom + window.scrollY),
    cardRows: rows,
  };
}"""


def demo_site():
    factories.ensure_reference_data()
    factories.build_site()  # the tree root and locale, should a flush have taken them
    call_command("ensure_roles", verbosity=0)
    call_command("load_demo_content", stdout=StringIO())
    call_command("ensure_admin", "--demo-roles", stdout=StringIO())


def screens(lang):
    live = CaseStudyPage.objects.live().public()
    return {
        "home": f"/{lang}/",
        "case study": url_in(lang, live.get(slug="toplive-04-matsubara")),
        "recording": url_in(lang, SeminarRecordingPage.objects.live().public().get(slug="toplive-04-recording")),
        "notice": url_in(lang, ProgramNoticePage.objects.live().public().get(slug="expo-2027-belgrade")),
        "search results": f"/{lang}/search/?q=" + ("松原市" if lang == "ja" else "Matsubara"),
        "search without results": f"/{lang}/search/?q=zzzzqqq",
        "login": f"/{lang}/accounts/login/",
        "page not found": f"/{lang}/no-such-page/",
    }


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_visitor_screens_in_both_languages_and_widths(new_page, live_server, shots, lang):
    demo_site()
    page = new_page(locale=lang)
    problems = {}
    for name, path in screens(lang).items():
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            response = page.goto(path)
            assert response.status == (404 if name == "page not found" else 200), (name, response.status)
            page.screenshot(path=str(shots / f"{lang}-{width}-{name.replace(' ', '-')}.png"), full_page=True)
            seen = page.evaluate(LAYOUT)
            found = []
            if lang == "en" and stray_full_width(seen["englishText"]):
                found.append(f"full-width punctuation in English: {stray_full_width(seen['englishText'])}")
            if seen["brokenImages"]:
                found.append(f"broken images: {seen['brokenImages']}")
            if width < 400 and seen["overflow"] > 0:
                found.append(f"{seen['overflow']}px wider than the screen")
            if abs(seen["footerGap"]) > 1:
                found.append(f"{seen['footerGap']}px between the footer and the bottom of the page")
            orphaned = [rows for rows in seen["cardRows"] if len(rows) > 1 and rows[-1] != rows[0]]
            if orphaned:
                found.append(f"cards per row {orphaned}: a last row not full")
            if width == 1280:
                found += axe_violations(page)
            if found:
                problems[f"{name} at {width}px"] = found
    assert not problems, "\n".join(f"{name}: {lines}" for name, lines in problems.items())


def test_finishing_touches(new_page, live_server):
    """Favicon, styled login inputs and messages, save-search spacing, whole theme names, the account links in
    one line, and no wide letter-spacing in the English hero."""
    demo_site()
    page = new_page(locale="en")
    page.goto("/en/")
    favicon = page.locator('link[rel="icon"]').get_attribute("href")
    assert page.request.get(favicon).status == 200
    spacing = page.evaluate(
        """() => [...document.querySelectorAll(".hero-mission, .hero-mission-translation, .site-footer p")]
              .filter((el) => !el.closest('[lang="ja"]'))
              .map((el) => [el.textContent.trim(), parseFloat(getComputedStyle(el).letterSpacing) || 0])"""
    )
    assert [text for text, px in spacing if px > 1] == []

    page.goto("/en/case-studies/")
    theme = page.evaluate(
        """() => { const select = document.querySelector("#filter-theme");
            const ctx = document.createElement("canvas").getContext("2d");
            ctx.font = getComputedStyle(select).font;
            const widest = Math.max(...[...select.options].map((o) => ctx.measureText(o.text).width));
            return {widest, room: select.clientWidth - 28}; }"""
    )
    assert theme["widest"] <= theme["room"], theme

    page.goto("/en/accounts/login/")
    field = page.evaluate(
        """() => { const s = getComputedStyle(document.querySelector("input[name=username]"));
            return {radius: s.borderRadius, padding: parseFloat(s.paddingLeft), font: s.fontSize,
                    body: getComputedStyle(document.body).fontSize}; }"""
    )
    assert field["radius"] != "0px" and field["padding"] >= 6 and field["font"] == field["body"], field
    page.fill("input[name=username]", "member")
    page.fill("input[name=password]", "demo-local-2026")
    page.click("form.login-form button[type=submit]")
    page.wait_for_url("**/en/**")

    links = page.evaluate(
        """() => { const a = document.querySelector(".account-links a").getBoundingClientRect();
            const b = document.querySelector(".account-links button").getBoundingClientRect();
            return [a.top + a.height / 2, b.top + b.height / 2]; }"""
    )
    assert abs(links[0] - links[1]) <= 2, links

    page.goto("/en/search/?q=zzzzqqq")
    gap = page.evaluate(
        """() => document.querySelector(".no-results").getBoundingClientRect().top
                 - document.querySelector(".save-search-button").getBoundingClientRect().bottom"""
    )
    assert gap >= 8, gap
    with page.expect_navigation():  # to the page's load: its styles are read below
        page.click(".save-search-button")
    message = page.locator(".messages .message").first
    assert "saved" in message.inner_text().lower()
    look = message.evaluate(
        """(el) => { const s = getComputedStyle(el);
            return {bullet: s.listStyleType, background: s.backgroundColor, padding: parseFloat(s.paddingLeft)}; }"""
    )
    assert look["bullet"] == "none" and look["background"] != "rgba(0, 0, 0, 0)" and look["padding"] >= 8, look
