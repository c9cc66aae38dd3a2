"""The recording page in a real browser: seeking from the transcript, narrow and wide layouts; small screens."""

import pytest

from knowledge.models import SeminarRecordingIndexPage
from tests import factories
from tests.home.support import ja

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def recording_url(live_server):
    _, indexes = factories.build_site()
    recording = factories.recording(
        indexes[SeminarRecordingIndexPage],
        duration_seconds=3600,
        transcript=[(0, "開会のあいさつ", ""), (95, "事例の紹介", ""), (754, "質疑応答", "")],
        chapters=[(754, "質疑応答", "Questions")],
    )
    return ja(recording)


def player_state(page):
    return page.eval_on_selector("#recording-player", "el => ({start: el.dataset.start, src: el.src})")


def test_clicking_a_segment_seeks_without_reloading(page, recording_url):
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


def test_opening_with_a_time_starts_there(page, recording_url):
    page.goto(recording_url + "?t=95")
    state = player_state(page)
    assert state["start"] == "95" and "start=95" in state["src"]
    assert page.get_attribute("#t-95", "class") == "is-current"


def test_narrow_screen_stacks_the_transcript_and_never_scrolls_sideways(page, recording_url):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(recording_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    player = page.locator(".player").bounding_box()
    transcript = page.locator(".transcript").bounding_box()
    assert transcript["y"] >= player["y"] + player["height"]


def test_wide_screen_puts_the_transcript_beside_the_player(page, recording_url):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(recording_url)
    player = page.locator(".player").bounding_box()
    transcript = page.locator(".transcript").bounding_box()
    assert transcript["x"] >= player["x"] + player["width"]
    assert abs(transcript["y"] - player["y"]) < 5


@pytest.mark.parametrize("path", ["/ja/", "/en/", "/ja/case-studies/", "/en/notices/"])
def test_pages_fit_a_320px_screen(page, path):
    factories.build_site()
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_skip_link_is_the_first_focus_and_visible(page, live_server):
    factories.build_site()
    page.goto("/ja/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0
