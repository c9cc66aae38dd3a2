"""Recordings: caption import (command and admin), the media file with byte ranges and privacy, caption tracks,
clips (?t=120-185) with their JSON-LD, and the API's clips."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from knowledge.models import RecordingClip, RecordingMedia, SeminarRecordingIndexPage, SeminarRecordingPage
from tests import factories
from tests.home.support import soup

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "captions"
MEDIA_BYTES = bytes(range(256)) * 40  # 10 240 bytes


@pytest.fixture
def recording(site_tree):
    _, indexes = site_tree
    page = factories.recording(
        indexes[SeminarRecordingIndexPage],
        transcript=[(0, "手入力の行", "A typed line")],
        chapters=[(0, "開会", "Opening"), (5, "質疑", "Questions")],
        video_url="",
    )
    media = RecordingMedia(title="テスト動画", type="video")
    media.file.save("talk.webm", ContentFile(MEDIA_BYTES), save=False)
    media.save()
    page.media = media
    page.clips = [RecordingClip(title="質疑の部分", title_ja="質疑の部分", title_en="The questions", start=4, end=7)]
    page.save_revision().publish()
    return SeminarRecordingPage.objects.get(pk=page.pk)  # no rows held in memory: each read asks the database


def import_file(page, name, lang):
    out = StringIO()
    call_command("import_captions", str(page.pk), str(FILES / name), "--lang", lang, stdout=out)
    return out.getvalue()


def test_import_command_replaces_one_language_and_links_speakers(client, recording):
    sawai = factories.person(name_ja="澤井宏文", name_en="Hirofumi Sawai")
    output = import_file(recording, "teams.vtt", "ja")
    assert "published" in output, output
    assert recording.transcript_segments.filter(language="ja").exists(), list(recording.transcript_segments.values())
    rows = list(recording.transcript_segments.filter(language="ja"))
    assert [(r.start_ms, r.end_ms, r.speaker_label, r.text_ja) for r in rows][0] == (
        1230,
        4560,
        "澤井宏文",
        "本日はよろしくお願いします。",
    )
    assert rows[0].speaker == sawai
    # the typed line keeps its English and loses its Japanese; an English import then replaces it
    typed = recording.transcript_segments.get(language="")
    assert (typed.text_ja, typed.text_en) == ("", "A typed line")
    import_file(recording, "whisper.srt", "en")
    assert not recording.transcript_segments.filter(language="").exists()
    assert recording.transcript_segments.filter(language="en").count() == 3
    spoken = client.get(f"/ja/people/{sawai.slug}/").content.decode()
    assert "本日はよろしくお願いします。" in spoken


def test_a_bad_file_changes_nothing_and_names_the_line(recording, tmp_path):
    bad = tmp_path / "bad.srt"
    bad.write_text("1\n00:00:01,000 --> 00:00:02,000\nはい\n\n2\n00:00:05,000 -> 00:00:06,000\nいいえ\n", encoding="utf-8")
    before = recording.revisions.count()
    with pytest.raises(CommandError, match="6 行目"):
        call_command("import_captions", recording.slug, str(bad), "--lang", "ja")
    assert recording.revisions.count() == before
    assert list(recording.transcript_segments.values_list("text_ja", flat=True)) == ["手入力の行"]


def test_captions_and_chapters_are_served_as_webvtt_and_srt(client, recording):
    import_file(recording, "zoom.vtt", "ja")
    vtt = client.get(f"/recordings/{recording.pk}/captions.ja.vtt")
    assert vtt["Content-Type"].startswith("text/vtt")
    assert "<v 澤井宏文>開会します。" in vtt.content.decode()
    srt = client.get(f"/recordings/{recording.pk}/captions.ja.srt").content.decode()
    assert srt.startswith("1\n00:00:00,000 --> 00:00:03,500\n澤井宏文: 開会します。")
    en = client.get(f"/recordings/{recording.pk}/captions.en.vtt").content.decode()
    assert "A typed line" in en  # English captions from the typed lines
    chapters = client.get(f"/recordings/{recording.pk}/chapters.en.vtt").content.decode()
    assert "Kind: chapters" in chapters and "00:00:05.000" in chapters and "Questions" in chapters
    assert client.get(f"/recordings/{recording.pk}/captions.fr.vtt").status_code == 404


def test_media_is_served_with_byte_ranges(client, recording):
    whole = client.get(f"/recordings/{recording.pk}/media")
    assert whole.status_code == 200 and b"".join(whole.streaming_content) == MEDIA_BYTES
    part = client.get(f"/recordings/{recording.pk}/media", HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(MEDIA_BYTES)}"
    assert b"".join(part.streaming_content) == MEDIA_BYTES[100:200]
    tail = client.get(f"/recordings/{recording.pk}/media", HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == MEDIA_BYTES[-10:]
    assert client.get(f"/recordings/{recording.pk}/media", HTTP_RANGE="bytes=99999-").status_code == 416


def test_members_only_media_and_captions_are_refused_to_anonymous_visitors(client, recording):
    factories.members_only(recording)
    name = recording.media.file.name
    assert name.startswith("recordings/") and "talk" not in name  # a random name, not the uploaded one
    # (an unknown address outside /ja/ is redirected there by the language middleware, and is not found there either)
    for path in ("media", "captions.ja.vtt", "captions.en.srt", "chapters.ja.vtt"):
        assert client.get(f"/recordings/{recording.pk}/{path}", follow=True).status_code == 404, path
    assert client.get(f"/media/{name}", follow=True).status_code == 404
    assert client.get(f"/recordings/media-files/{recording.media.pk}", follow=True).status_code == 404
    client.force_login(factories.member_user())
    response = client.get(f"/recordings/{recording.pk}/media", HTTP_RANGE="bytes=0-9")
    assert response.status_code == 206 and "private" in response["Cache-Control"]


def json_ld_video(html):
    block = re.search(r'<script[^>]*type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)[1]
    graph = json.loads(block)["@graph"]
    return next(item for item in graph if item["@type"] == "VideoObject")


def test_page_plays_the_file_with_caption_tracks_and_named_clips(client, recording):
    import_file(recording, "zoom.vtt", "ja")
    html = soup(client.get(recording.url))
    video = html.select_one("video#recording-media")
    assert video.select_one("source")["src"] == f"/recordings/{recording.pk}/media"
    tracks = {(t["kind"], t["srclang"]): t["src"] for t in video.select("track")}
    assert tracks[("captions", "ja")] == f"/recordings/{recording.pk}/captions.ja.vtt"
    assert tracks[("captions", "en")] == f"/recordings/{recording.pk}/captions.en.vtt"
    assert ("chapters", "ja") in tracks
    assert not html.select("iframe")
    assert "日本語" in html.select_one(".caption-languages").get_text()
    assert html.select_one(".clips a")["href"] == "?t=4-7"
    assert [s.get_text() for s in html.select(".transcript-segments .speaker")] == ["澤井宏文", "Speaker 2"]
    video_ld = json_ld_video(str(html))
    assert video_ld["contentUrl"].endswith(f"/recordings/{recording.pk}/media")
    clip = next(part for part in video_ld["hasPart"] if part["name"] == "質疑の部分")
    assert clip == {"@type": "Clip", "name": "質疑の部分", "startOffset": 4, "endOffset": 7, "url": clip["url"]}
    assert clip["url"].endswith("?t=4-7")


def test_a_clip_link_shows_its_lines_and_previews_its_words(client, recording):
    import_file(recording, "zoom.vtt", "ja")
    response = client.get(recording.url, {"t": "4-6"})
    html = soup(response)
    assert [li.select_one(".segment-text").get_text() for li in html.select(".transcript-segments li")] == ["Questions please."]
    video = html.select_one("video")
    assert (video["data-start"], video["data-end"]) == ("4", "6")
    assert html.select_one('meta[property="og:description"]')["content"] == "Questions please."
    assert html.select_one('meta[property="og:url"]')["content"].endswith("?t=4-6")
    parts = json_ld_video(str(html))["hasPart"]
    asked = parts[-1]
    assert asked["@type"] == "Clip" and (asked["startOffset"], asked["endOffset"]) == (4, 6)
    assert asked["description"] == "Questions please."
    for part in parts:  # schema.org Clip: a name, a start offset, an address; an end after the start
        assert {"@type", "name", "startOffset", "url"} <= part.keys()
        assert part.get("endOffset", part["startOffset"] + 1) > part["startOffset"]


def test_transcript_lines_show_their_text_as_written_and_the_page_reads_them_once(
    client, site_tree, django_assert_max_num_queries
):
    _, indexes = site_tree
    page = factories.recording(
        indexes[SeminarRecordingIndexPage],
        video_url="",
        transcript=[(0, "<b>開会</b>の挨拶\n二行目", "Opening <i>words</i>"), (5, "翻訳のない行", "")],
    )

    def shown(lang):
        html = soup(client.get(f"/{lang}{page.url[3:]}"))
        return [
            (li["id"], li.select_one(".segment-text").decode_contents(), li.select_one(".segment-text").get("lang"))
            for li in html.select(".transcript-segments li")
        ]

    assert shown("ja") == [("t-0", "&lt;b&gt;開会&lt;/b&gt;の挨拶<br/>二行目", None), ("t-5", "翻訳のない行", None)]
    assert shown("en") == [("t-0", "Opening &lt;i&gt;words&lt;/i&gt;", None), ("t-5", "翻訳のない行", "ja")]
    with django_assert_max_num_queries(60) as few:
        client.get(page.url, {"nocache": 1})
    for n in range(40):
        page.transcript_segments.create(start=10 + n, text_ja=f"行{n}", text_en=f"Line {n}", text=f"行{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):  # more lines, no more queries
        client.get(page.url, {"nocache": 2})
    reads = [q["sql"] for q in few.captured_queries if "transcriptsegment" in q["sql"].lower()]
    assert len(reads) == 1, reads


def test_the_demo_placeholder_youtube_ids_never_make_a_frame(client, site_tree):
    _, indexes = site_tree
    page = factories.recording(indexes[SeminarRecordingIndexPage], video_url="https://www.youtube.com/watch?v=SAMPLEtl001")
    html = soup(client.get(page.url))
    assert not html.select("iframe")
    assert "SAMPLEtl001" not in str(html)


def test_api_lists_named_clips_and_caption_tracks(client, recording):
    data = client.get(f"/api/v2/pages/{recording.pk}/").json()
    assert data["clips"][0]["title"] == "質疑の部分"
    assert (data["clips"][0]["start"], data["clips"][0]["end"]) == (4, 7)
    assert data["clips"][0]["url"].endswith("?t=4-7")
    assert data["captions"]["ja"].endswith(f"/recordings/{recording.pk}/captions.ja.vtt")


def test_admin_upload_previews_then_imports(client, recording):
    factories.person(name_ja="澤井宏文", name_en="Hirofumi Sawai")
    client.force_login(factories.admin_user() if hasattr(factories, "admin_user") else _superuser())
    url = f"/admin/recordings/{recording.pk}/captions/"
    with open(FILES / "teams.vtt", "rb") as handle:
        preview = client.post(url, {"language": "ja", "file": handle})
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "字幕 2 行を追加します" in text and "澤井宏文" in text
    assert not recording.transcript_segments.filter(language="ja").exists()  # nothing written yet
    content = soup(preview).select_one('input[name="content"]')["value"]
    done = client.post(url, {"language": "ja", "content": content, "confirm": "1"})
    assert done.status_code == 302
    assert recording.transcript_segments.filter(language="ja").count() == 2
    bad = client.post(url, {"language": "en", "content": "WEBVTT\n\n00:05.000 --> 00:01.000\nx\n"})
    assert bad.status_code == 200 and "3 行目" in bad.content.decode()
    assert not recording.transcript_segments.filter(language="en").exists()


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("boss", "boss@example.org", "pass-for-tests-1")
