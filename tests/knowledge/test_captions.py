"""Caption files: what each tool writes is read into cues, written back unchanged, and every bad file is
refused with the line named (in Japanese and in English)."""

from pathlib import Path

import pytest
from django.utils import translation

from knowledge.recordings.captions import CaptionError, Cue, parse, to_srt, to_webvtt
from tests.home.support import english_catalogue  # noqa: F401 (fixture)

FILES = Path(__file__).parent / "captions"
DEMO = Path(__file__).resolve().parents[2] / "knowledge" / "demo" / "media"


def test_teams_voice_tags_become_speakers_and_entities_are_read():
    cues = parse((FILES / "teams.vtt").read_bytes())
    assert cues == [
        Cue(1230, 4560, "本日はよろしくお願いします。", "澤井宏文"),
        Cue(4900, 7010, "Thank you & welcome.", "Reiko Tanaka"),
    ]


def test_zoom_name_prefixes_become_speakers():
    cues = parse((FILES / "zoom.vtt").read_bytes())
    assert [(c.speaker, c.text) for c in cues] == [("澤井宏文", "開会します。"), ("Speaker 2", "Questions please.")]


def test_youtube_automatic_captions_lose_their_rolling_repeats_and_inline_timestamps():
    cues = parse((FILES / "youtube_auto.vtt").read_bytes())
    assert [(c.start_ms, c.end_ms, c.text) for c in cues] == [
        (160, 2950, "皆さんこんにちは"),
        (2960, 5990, "本日は地域共創セミナーです"),
    ]


def test_youtube_studio_srt_with_crlf_and_full_width_speaker_prefix():
    cues = parse((FILES / "studio.srt").read_bytes())
    assert cues == [
        Cue(0, 2500, "話者の名前のない行です。", ""),
        Cue(2500, 5000, "二行目です。\n続きの行です。", "澤井宏文"),
    ]


def test_whisper_srt_without_speakers_keeps_urls_and_hours():
    cues = parse((FILES / "whisper.srt").read_bytes())
    assert [c.speaker for c in cues] == ["", "", ""]
    assert cues[2] == Cue(61000, 65000, "See http://example.org for details.", "")


def test_a_byte_order_mark_is_fine():
    assert parse("\ufeffWEBVTT\n\n00:01.000 --> 00:02.000\nはい\n".encode()) == [Cue(1000, 2000, "はい")]


@pytest.mark.parametrize("name", ["teams.vtt", "zoom.vtt", "youtube_auto.vtt", "studio.srt", "whisper.srt"])
@pytest.mark.parametrize("write", [to_webvtt, to_srt])
def test_export_round_trips(name, write):
    cues = parse((FILES / name).read_bytes())
    assert parse(write(cues)) == cues
    assert write(parse(write(cues))) == write(cues)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_demo_captions_round_trip_in_both_languages(lang):
    cues = parse((DEMO / f"sample-recording.{lang}.vtt").read_bytes())
    assert len(cues) == 3 and all(c.speaker for c in cues)
    assert parse(to_webvtt(cues, language=lang)) == cues
    assert parse(to_srt(cues)) == cues


VTT_HEAD = "WEBVTT\n\n"
BAD_FILES = [
    # (case, WebVTT body, its bad line, SRT body, its bad line)
    ("empty", "", 1, "", 1),
    ("not utf-8", b"WEBVTT\n\n00:01.000 --> 00:02.000\n\x82\xa0\n", 4, b"1\n00:00:01,000 --> 00:00:02,000\n\x82\xa0\n", 3),
    ("no header", "00 01 --> nothing\n", 1, "hello\nworld\n", 1),
    ("bad timing", VTT_HEAD + "00:01.000 -> 00:02.000\nはい\n", 3, "1\n00:00:01,000 -> 00:00:02,000\nはい\n", 2),
    ("end before start", VTT_HEAD + "00:05.000 --> 00:02.000\nはい\n", 3, "1\n00:00:05,000 --> 00:00:02,000\nはい\n", 2),
    ("minutes over 59", VTT_HEAD + "00:75:00.000 --> 00:76:00.000\nはい\n", 3, "1\n00:75:00,000 --> 00:76:00,000\nはい\n", 2),
    (
        "out of order",
        VTT_HEAD + "00:05.000 --> 00:06.000\nはい\n\n00:01.000 --> 00:02.000\nいいえ\n",
        6,
        "1\n00:00:05,000 --> 00:00:06,000\nはい\n\n2\n00:00:01,000 --> 00:00:02,000\nいいえ\n",
        6,
    ),
    ("no cues", VTT_HEAD + "NOTE only a note\n", 4, None, None),
    ("text without timing", VTT_HEAD + "これは字幕の文だけです\n", 3, "1\nこれは字幕の文だけです\n", 2),
    ("cue number not a number", None, None, "一\n00:00:01,000 --> 00:00:02,000\nはい\n", 1),
    ("cue without text", None, None, "1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nはい\n", 3),
]


def _cases():
    for case, vtt, vtt_line, srt, srt_line in BAD_FILES:
        for fmt, body, line in (("vtt", vtt, vtt_line), ("srt", srt, srt_line)):
            if body is not None:
                yield pytest.param(body, line, id=f"{case}-{fmt}")


@pytest.mark.parametrize(("body", "line"), list(_cases()))
def test_bad_files_name_the_line_in_both_languages(body, line, english_catalogue):  # noqa: F811
    data = body if isinstance(body, bytes) else body.encode()
    with pytest.raises(CaptionError) as error:
        parse(data)
    assert error.value.line == line
    with translation.override("ja"):
        japanese = str(error.value)
    assert japanese.startswith(f"{line} 行目: ")
    with translation.override("en"):
        english = str(error.value)
    assert english.startswith(f"Line {line}: ")
    assert not any(mark in english for mark in "（）、。")
