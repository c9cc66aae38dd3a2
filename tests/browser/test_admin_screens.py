"""The admin screens editors and moderators use, in a Japanese-language and an English-language account (#15):
axe-core (WCAG 2.x AA) clean on the dashboard, the explorer, each page type's edit form, a snippet listing and the
moderation screens; the edit forms screenshotted at 1280 and 390 px with no English in the Japanese admin's block
menu or screen, and no broken images.

Screenshots go to $SCREENSHOT_DIR, else a pytest tmp dir (printed)."""

import pytest
from django.core.management import call_command
from django.utils.translation import trans_real
from wagtail.users.models import UserProfile

from knowledge.models import CaseStudyIndexPage
from tests.browser.conftest import axe_violations
from tests.browser.test_admin_editor import broken_images, serve_media
from tests.browser.test_editorial_workflow import admin_login, staff
from tests.factories import scenarios
from tests.members.test_admin_japanese import ALLOWED, WORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
WIDTHS = (1280, 390)
ENGLISH_BLOCK_LABELS = {"Heading", "Image", "Quote", "Link", "Document", "Paragraph", "Key figures", "Rich text"}

# The visible text of the page in the browser, with the words screen readers and tooltips add.
VISIBLE_TEXT = """() => {
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    // not what editors wrote: rich text, the previews of StreamField blocks in their headings and in the minimap
    // (which repeats the headings of the form)
    const content = ".DraftEditor-root, .c-sf-block__title, .w-minimap";
    if (!node.textContent.trim() || el.closest(`script, style, template, textarea, noscript, [hidden], ${content}`)) continue;
    if (!el.getClientRects().length) continue;
    texts.push(node.textContent.trim().replace(/\\s+/g, " "));
  }
  for (const el of document.querySelectorAll("[aria-label], [placeholder], [title]")) {
    if (!el.getClientRects().length) continue;
    for (const attr of ["aria-label", "placeholder", "title"]) if (el.getAttribute(attr)) texts.push(el.getAttribute(attr));
  }
  return texts;
}"""


def catalogues():
    call_command("compile_translations", verbosity=0)
    trans_real._translations.clear()
    trans_real._default = None


def account(username, group, lang):
    user = staff(username, group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = lang
    profile.save()
    return user


def english_words(page, allowed):
    return sorted({text for text in page.evaluate(VISIBLE_TEXT) if set(WORD.findall(text)) - allowed})


def open_block_menu(page, lang):
    page.locator(
        f"[data-contentpath='body_{lang}'] .c-sf-add-button, [data-contentpath='body_{lang}'] button[title]"
    ).first.click()
    items = page.locator(".w-combobox__option-text")
    items.first.wait_for()
    return {text.strip() for text in items.all_inner_texts()}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_admin_screens_pass_axe_in_both_languages(new_page, live_server, lang):
    catalogues()
    built = scenarios.browser_site()
    editor = account(f"editor_{lang}", "Editors", lang)
    account(f"moderator_{lang}", "Moderators", lang)
    case = built["case"]
    case.save_revision(user=editor)
    case.get_workflow().start(case, editor)  # a page in review for the moderation screens
    index = built["indexes"][CaseStudyIndexPage]
    screens = {
        "editor": {
            "dashboard": "/admin/",
            "explorer": f"/admin/pages/{index.pk}/",
            "case study edit form": f"/admin/pages/{case.pk}/edit/",
            "recording edit form": f"/admin/pages/{built['recording'].pk}/edit/",
            "notice edit form": f"/admin/pages/{built['notice'].pk}/edit/",
            "municipalities": "/admin/snippets/knowledge/municipality/",
            "page history": f"/admin/pages/{case.pk}/history/",
        },
        "moderator": {
            "dashboard awaiting review": "/admin/",
            "page in review": f"/admin/pages/{case.pk}/edit/",
            "workflow report": "/admin/reports/workflow/",
            "workflow history": f"/admin/pages/{case.pk}/workflow_history/",
        },
    }
    failures = {}
    for role, urls in screens.items():
        page = new_page(locale=lang)
        serve_media(page)
        admin_login(page, f"{role}_{lang}")
        for name, url in urls.items():
            response = page.goto(url)
            assert response.status == 200, (name, response.status)
            page.wait_for_load_state("networkidle")
            violations = axe_violations(page)  # nothing excluded: what Wagtail got wrong is fixed in core/static/core/
            if violations:
                failures[f"{role}: {name}"] = violations
    assert not failures, "\n".join(f"{name}: {lines}" for name, lines in failures.items())


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_edit_forms_at_both_widths_show_the_editors_language(new_page, live_server, shots, lang):
    """Each page type's edit form at 1280 and 390 px: screenshots; in the Japanese admin no English block label in
    the block menu and no English word on the screen; the English admin's block menu in English; no broken image."""
    catalogues()
    built = scenarios.browser_site()
    account(f"editor_{lang}", "Editors", lang)
    allowed = ALLOWED | {"AI", "editor"}  # a seminar's title (生成AI), the editor's user name (editor_ja)
    problems = {}
    for width in WIDTHS:
        page = new_page(locale=lang, width=width)
        serve_media(page)
        admin_login(page, f"editor_{lang}")
        for name in ("case", "recording", "notice"):
            page.goto(f"/admin/pages/{built[name].pk}/edit/")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(shots / f"admin-{lang}-{width}-edit-{name}.png"), full_page=True)
            found = []
            if broken_images(page):
                found.append(f"broken images: {broken_images(page)}")
            if lang == "ja" and (english := english_words(page, allowed)):
                found.append(f"English on the Japanese screen: {english}")
            offered = open_block_menu(page, "ja")
            page.screenshot(path=str(shots / f"admin-{lang}-{width}-blocks-{name}.png"))
            if lang == "ja" and ENGLISH_BLOCK_LABELS & offered:
                found.append(f"English block labels: {sorted(ENGLISH_BLOCK_LABELS & offered)}")
            if lang == "en" and not {"Heading", "Quote"} <= offered:
                found.append(f"block menu not in English: {sorted(offered)}")
            if found:
                problems[f"{name} at {width}px"] = found
    assert not problems, "\n".join(f"{name}: {lines}" for name, lines in problems.items())
