"""The recording page in a real browser (headless Chromium): seeking from the transcript, narrow and wide layouts."""

import os
import shutil

import pytest

from knowledge.models import SeminarRecordingIndexPage
from tests import factories
from tests.home.support import english_catalogue, ja  # noqa: F401

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),  # factories.build_site recreates the tree root after a flush
    pytest.mark.skipif(not CHROMIUM, reason="no Chromium on this machine"),
]


@pytest.fixture
def browser_page(monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        # No network in tests: the player is an empty stand-in that never answers the iframe API.
        page.route("https://www.youtube-nocookie.com/**", lambda route: route.fulfill(body="<html></html>"))
        yield page
        browser.close()


@pytest.fixture
def recording_url(live_server):
    _, indexes = factories.build_site()
    recording = factories.recording(indexes[SeminarRecordingIndexPage], duration_seconds=3600)
    for start, text in ((0, "開会のあいさつ"), (95, "事例の紹介"), (754, "質疑応答")):
        recording.transcript_segments.create(start=start, text_ja=text, text_en="")
    recording.chapters.create(start=754, title_ja="質疑応答", title_en="Questions")
    recording.save_revision().publish()
    return live_server.url + ja(recording)


def player_state(page):
    return page.eval_on_selector("#recording-player", "el => ({start: el.dataset.start, src: el.src})")


def test_clicking_a_segment_seeks_without_reloading(browser_page, recording_url):
    page = browser_page
    page.goto(recording_url + "?t=bad")
    assert player_state(page)["start"] == "0"
    assert not page.get_attribute("#t-0", "class")
    page.evaluate("window.notReloaded = true")
    page.click('.transcript-segments a[href="?t=754"]')
    state = player_state(page)
    assert state["start"] == "754"
    assert "start=754" in state["src"]
    assert page.url.endswith("?t=754")
    assert page.evaluate("window.notReloaded") is True
    assert page.get_attribute("#t-754", "class") == "is-current"
    page.click('.chapters a[href="?t=754"]')
    assert page.evaluate("window.notReloaded") is True


def test_opening_with_a_time_starts_there(browser_page, recording_url):
    browser_page.goto(recording_url + "?t=95")
    state = player_state(browser_page)
    assert state["start"] == "95" and "start=95" in state["src"]
    assert browser_page.get_attribute("#t-95", "class") == "is-current"


def test_narrow_screen_stacks_the_transcript_and_never_scrolls_sideways(browser_page, recording_url):
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(recording_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    player = page.locator(".player").bounding_box()
    transcript = page.locator(".transcript").bounding_box()
    assert transcript["y"] >= player["y"] + player["height"]


def test_wide_screen_puts_the_transcript_beside_the_player(browser_page, recording_url):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(recording_url)
    player = page.locator(".player").bounding_box()
    transcript = page.locator(".transcript").bounding_box()
    assert transcript["x"] >= player["x"] + player["width"]
    assert abs(transcript["y"] - player["y"]) < 5


@pytest.mark.parametrize("path", ["/ja/", "/en/", "/ja/case-studies/", "/en/notices/"])
def test_pages_fit_a_320px_screen(browser_page, live_server, path):
    factories.build_site()
    browser_page.set_viewport_size({"width": 320, "height": 640})
    browser_page.goto(live_server.url + path)
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= 320


def test_skip_link_is_the_first_focus_and_visible(browser_page, live_server):
    factories.build_site()
    browser_page.goto(live_server.url + "/ja/")
    browser_page.keyboard.press("Tab")
    focused = browser_page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = browser_page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0
