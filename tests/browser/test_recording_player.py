"""The demo's sample recording plays offline in Debian's Chromium: captions show, a segment click seeks,
a clip link plays only its span, ticking lines gives a share link; axe-core finds nothing on the page."""

import pytest

from home.management.commands.load_demo_content import Command as LoadDemo
from knowledge.models import SeminarRecordingPage
from knowledge.recordings.demo import SAMPLE_SLUG
from tests import factories
from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def sample_url(live_server):
    factories.ensure_reference_data()
    factories.build_site()
    LoadDemo().handle(skip_index=True)
    return SeminarRecordingPage.objects.get(slug=SAMPLE_SLUG).url


def wait_for_metadata(page):
    page.wait_for_function("() => document.getElementById('recording-media').readyState >= 1")


def test_sample_recording_plays_with_captions_and_seeks_from_the_transcript(page, sample_url):
    page.goto(sample_url)
    wait_for_metadata(page)
    assert page.evaluate("() => document.getElementById('recording-media').duration") > 12
    page.evaluate("() => document.getElementById('recording-media').muted = true")
    page.click('.transcript-segments a[href="?t=4"]')
    page.wait_for_function("() => document.getElementById('recording-media').currentTime >= 4.5")
    assert page.url.endswith("?t=4")
    cue = page.wait_for_function(
        """() => { const t = [...document.getElementById('recording-media').textTracks]
                    .find((track) => track.kind === 'captions' && track.mode === 'showing');
                  return t && t.activeCues && t.activeCues.length ? t.activeCues[0].text : null; }"""
    ).json_value()
    assert "デモサイトのために作ったサンプル録画" in cue
    assert page.get_attribute("#t-4", "class") == "is-current"
    # the segment being played is highlighted (recording-player.js), and focus stays where the visitor put it
    assert page.evaluate("() => document.querySelector('.transcript-segments li.is-current') !== null")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "?t=4"


def test_clip_link_plays_only_its_span(page, sample_url):
    page.goto(sample_url + "?t=4-6")
    assert page.locator(".transcript-segments li").count() == 1
    wait_for_metadata(page)
    page.evaluate("() => { const m = document.getElementById('recording-media'); m.muted = true; m.play() }")
    page.wait_for_function(
        "() => document.getElementById('recording-media').paused && document.getElementById('recording-media').currentTime >= 6"
    )
    assert page.evaluate("() => document.getElementById('recording-media').currentTime") < 6.6


def test_media_fragment_clip_and_share_link(page, sample_url):
    page.goto(sample_url + "#t=8,10")
    wait_for_metadata(page)
    page.wait_for_function("() => document.getElementById('recording-media').currentTime >= 8")
    page.check('.transcript-segments li#t-0 input[type="checkbox"]')
    page.check('.transcript-segments li#t-4 input[type="checkbox"]')
    assert page.input_value("#share-clip-url").endswith(f"{sample_url}?t=0-8")


def test_recording_page_with_the_player_passes_axe(page, sample_url):
    page.goto(sample_url)
    wait_for_metadata(page)
    assert axe_violations(page) == []
