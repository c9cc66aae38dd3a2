"""The page editor in the Japanese and the English admin at 1280 and 390 px (issue #15): screenshots kept in the
test's tmp dir; block menu, language fields, slug and images checked."""

import mimetypes
import re
from urllib.parse import unquote, urlparse

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils.translation import trans_real
from wagtail.users.models import UserProfile

from tests.browser.test_editorial_workflow import admin_login, staff
from tests.factories import scenarios

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
ENGLISH_BLOCK_LABELS = {"Heading", "Image", "Quote", "Link", "Document", "Paragraph", "Key figures"}
JAPANESE_BLOCK_LABELS = {"見出し", "画像", "引用", "リンク", "文書", "本文", "主要な数値"}


def serve_media(page):
    """The test settings keep uploads in memory, which the live server does not serve: the browser gets them here."""

    def fulfil(route):
        name = unquote(urlparse(route.request.url).path).removeprefix(settings.MEDIA_URL)
        if not default_storage.exists(name):
            return route.fulfill(status=404)
        with default_storage.open(name) as file:
            return route.fulfill(status=200, body=file.read(), content_type=mimetypes.guess_type(name)[0])

    page.context.route(re.compile(r"^https?://[^/]+/media/"), fulfil)


def broken_images(page):
    return page.evaluate(
        """() => Array.from(document.images).filter((img) => img.getClientRects().length
                && (!img.complete || img.naturalWidth === 0)).map((img) => img.src)"""
    )


def block_menu(page):
    """Open the body's block chooser and return the block names it offers."""
    page.locator("[data-contentpath='body_ja'] button[title], [data-contentpath='body_ja'] .c-sf-add-button").first.click()
    items = page.locator(".w-combobox__option-text")
    items.first.wait_for()
    return {text.strip() for text in items.all_inner_texts()}


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_case_study_edit_form(new_page, live_server, tmp_path, lang, width):
    call_command("compile_translations", verbosity=0)
    trans_real._translations.clear()
    trans_real._default = None
    built = scenarios.browser_site()
    editor_user = staff("editor1", "Editors")
    profile = UserProfile.get_for_user(editor_user)
    profile.preferred_language = lang
    profile.save()
    case = built["case"]
    page = new_page(locale=lang, width=width)
    serve_media(page)
    admin_login(page, "editor1")
    page.goto(f"/admin/pages/{case.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(tmp_path / f"admin-edit-{lang}-{width}.png"), full_page=True)

    assert page.locator("input[name=title_ja]").is_visible() and page.locator("input[name=title_en]").is_visible()
    slug = page.locator("input[name=slug]")
    assert slug.is_visible() and re.fullmatch(r"[a-z0-9-]{1,50}", slug.input_value()), slug.input_value()
    assert not broken_images(page), broken_images(page)
    text = page.locator("main").inner_text()
    if lang == "ja":
        assert "View / edit fields for" not in text and "Collapse all" not in text
    offered = block_menu(page)
    if lang == "ja":
        assert offered >= JAPANESE_BLOCK_LABELS and not (ENGLISH_BLOCK_LABELS & offered), offered
    else:
        assert ENGLISH_BLOCK_LABELS - {"Paragraph"} <= offered, offered
    page.screenshot(path=str(tmp_path / f"admin-blocks-{lang}-{width}.png"))
