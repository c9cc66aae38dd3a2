"""Who speaks in a recording (a listed speaker or the speaker of a transcript line): the person page lists those
recordings with the lines the person speaks, each linking to its clip; the municipality page and the APIs' counts
follow the same rule; members-only recordings and their lines stay hidden from visitors."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from knowledge.models import SeminarRecordingIndexPage, TranscriptSegment
from tests import factories
from tests.home.support import english_catalogue, soup, text  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_catalogue")]


def say(page, start, ja="", en="", speaker=None, language="", end_ms=None, n=None):
    """A transcript line straight into the live rows (as an import or the editor would leave them)."""
    return TranscriptSegment.objects.create(
        page=page,
        sort_order=start if n is None else n,
        start=start,
        start_ms=start * 1000 if language else None,
        end_ms=end_ms,
        language=language,
        text=ja or en,
        text_ja=ja,
        text_en=en,
        speaker=speaker,
        speaker_label=speaker.name_ja if speaker else "",
    )


@pytest.fixture
def people(site_tree):
    _home, indexes = site_tree
    parent = indexes[SeminarRecordingIndexPage]
    town = factories.municipality(code="272175", name_ja="松原市", name_en="Matsubara City", prefecture_code=27)
    sawai = factories.person(
        name_ja="澤井宏文", name_en="Hirofumi Sawai", role_ja="松原市長", role_en="Mayor of Matsubara", municipality=town
    )
    host = factories.person(name_ja="司会者", name_en="The host", role_ja="", role_en="")
    listed = factories.recording(
        parent, slug="listed", title_ja="登壇者として載る回", title_en="Listed as a speaker", speakers=[sawai],
        date=datetime.date(2025, 1, 10),
    )  # fmt: skip
    spoken = factories.recording(
        parent, slug="spoken", title_ja="文字起こしで話す回", title_en="Speaks in the transcript", speakers=[host],
        date=datetime.date(2025, 3, 10), duration_seconds=90,
    )  # fmt: skip
    say(spoken, 0, "それでは始めます。", "Let us begin.", speaker=host)
    say(spoken, 12, "松原市では子育て支援に力を入れてきました。", "In Matsubara we have put our effort into childcare.", sawai)
    say(spoken, 30, "ありがとうございました。", "Thank you.", speaker=host)
    say(spoken, 41, "最後に一言だけ申し上げます。", "", speaker=sawai)  # no English: shown in Japanese on /en/
    silent = factories.recording(parent, slug="silent", title_ja="話さない回", title_en="Not speaking", speakers=[host])
    say(silent, 5, "澤井市長の話を紹介します。", "About Mayor Sawai's talk.", speaker=host)
    return {"town": town, "sawai": sawai, "host": host, "listed": listed, "spoken": spoken, "silent": silent}


def person_url(person, lang="ja", query=""):
    return f"/{lang}/people/{person.slug}/{query}"


def recordings_section(page):
    return page.select_one("section[aria-labelledby=spoken-heading]")


def test_person_page_lists_recordings_by_listing_or_by_transcript_lines_with_their_clips(client, people):
    page = soup(client.get(person_url(people["sawai"])))
    section = recordings_section(page)
    titles = [text(a) for a in section.select(".spoken-recordings > li > a")]
    assert titles == ["文字起こしで話す回", "登壇者として載る回"]  # newest first; not the recording where he is only named
    spoken = section.select_one("#recording-{}".format(people["spoken"].pk))
    lines = [(text(a.select_one(".timestamp")), text(a.select_one(".segment-text")), a["href"]) for a in spoken.select("ol a")]
    url = people["spoken"].url
    assert lines == [
        ("00:12", "松原市では子育て支援に力を入れてきました。", f"{url}?t=12-30#t-12"),  # ends where the next line starts
        ("00:41", "最後に一言だけ申し上げます。", f"{url}?t=41-90#t-41"),  # the last line ends with the recording
    ]
    assert "それでは始めます" not in text(section)  # the host's lines are not his
    listed = section.select_one("#recording-{}".format(people["listed"].pk))
    assert listed.select_one("ol") is None  # listed, with no line of his own
    # each link plays that line's clip on the recording page
    clip = soup(client.get(lines[0][2].split("#")[0]))
    assert "0:12〜0:30" in text(clip.select_one(".clip-notice"))


def test_person_page_in_english_shows_english_lines_and_falls_back_to_japanese(client, people):
    page = soup(client.get(person_url(people["sawai"], "en")))
    section = recordings_section(page)
    assert text(section.h2) == "Seminars they speak in"
    texts = section.select("#recording-{} .segment-text".format(people["spoken"].pk))
    assert [(text(t), t.get("lang")) for t in texts] == [
        ("In Matsubara we have put our effort into childcare.", None),
        ("最後に一言だけ申し上げます。", "ja"),
    ]
    assert all(a["href"].startswith("/en/") for a in section.select("ol a"))


def test_imported_captions_of_the_language_shown_come_first(client, people):
    sawai, parent = people["sawai"], SeminarRecordingIndexPage.objects.get()
    talk = factories.recording(parent, slug="imported", title_ja="字幕を取り込んだ回", title_en="Imported captions")
    say(talk, 3, ja="日本語の字幕です。", speaker=sawai, language="ja", end_ms=6400)
    say(talk, 3, en="An English caption.", speaker=sawai, language="en", end_ms=6400)
    say(talk, 9, ja="日本語だけの字幕です。", speaker=sawai, language="ja", end_ms=11000)
    item = f"#recording-{talk.pk}"
    english = recordings_section(soup(client.get(person_url(sawai, "en")))).select_one(item)
    assert [text(a) for a in english.select("ol a")] == ["00:03 An English caption."]
    assert english.select_one("ol a")["href"].endswith("?t=3-7#t-3")  # 6.4 s rounds up to the next second
    japanese = recordings_section(soup(client.get(person_url(sawai)))).select_one(item)
    assert [text(a) for a in japanese.select("ol a")] == ["00:03 日本語の字幕です。", "00:09 日本語だけの字幕です。"]


def test_long_lines_show_their_first_words_and_many_lines_link_to_all_of_them(client, people):
    sawai, spoken = people["sawai"], people["spoken"]
    long_line = "地域の未来をつくるためには、" * 10
    for n in range(6):
        say(spoken, 50 + n, long_line, "We talked at length " * 10 + str(n), speaker=sawai)
    item = f"#recording-{spoken.pk}"
    section = recordings_section(soup(client.get(person_url(sawai))))
    shown = section.select(f"{item} ol a")
    assert len(shown) == 5
    first_words = text(shown[2].select_one(".segment-text"))
    assert first_words.startswith("地域の未来をつくるためには") and first_words.endswith("…") and len(first_words) <= 40
    more = section.select_one(f"{item} .more-lines a")
    assert text(more) == "発言8件をすべて表示"
    assert more["href"] == f"?recording={spoken.pk}#recording-{spoken.pk}"
    expanded = recordings_section(soup(client.get(person_url(sawai, query=more["href"].split("#")[0]))))
    assert len(expanded.select(f"{item} ol a")) == 8 and expanded.select_one(f"{item} .more-lines") is None
    english = recordings_section(soup(client.get(person_url(sawai, "en"))))
    assert text(english.select_one(f"{item} .more-lines a")) == "Show all 8 lines"
    for bad in ("abc", "-1", "9" * 30, "1%00", "²", "１"):
        assert client.get(person_url(sawai, query=f"?recording={bad}")).status_code == 200


def test_members_only_recordings_and_their_lines_stay_hidden_from_visitors(client, people):
    sawai, parent = people["sawai"], SeminarRecordingIndexPage.objects.get()
    secret = factories.recording(parent, slug="secret", title_ja="会員限定の回", title_en="Members only session")
    say(secret, 7, "会員だけに話す内容です。", "Only for members.", speaker=sawai)
    listed_secret = factories.recording(parent, slug="listed-secret", title_ja="会員限定の登壇", speakers=[sawai])
    factories.members_only(secret)
    factories.members_only(listed_secret)
    for lang in ("ja", "en"):
        body = text(soup(client.get(person_url(sawai, lang))).select_one("main"))
        assert "会員限定の回" not in body and "Members only session" not in body and "会員限定の登壇" not in body
        assert "会員だけに話す内容" not in body and "Only for members" not in body
        assert client.get(person_url(sawai, lang, f"?recording={secret.pk}")).content.decode().count("会員だけ") == 0
    client.force_login(factories.member_user())
    section = recordings_section(soup(client.get(person_url(sawai))))
    item = section.select_one(f"#recording-{secret.pk}")
    assert "会員だけに話す内容です。" in text(item) and item.select_one(".members-only")
    assert section.select_one(f"#recording-{listed_secret.pk}")


def _add_recordings(person, count, lines_each):
    parent = SeminarRecordingIndexPage.objects.get()
    for n in range(count):
        talk = factories.recording(parent, title_ja=f"回{n}", speakers=[person] if n % 2 else [])
        for k in range(lines_each):
            say(talk, k * 10, f"{n}回目の{k}番目の発言", f"Line {k} of {n}", speaker=person)
        if n % 3 == 2:
            factories.members_only(talk)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_person_page_reads_as_few_tables_for_many_recordings_as_for_one(
    client, site_tree, django_assert_max_num_queries, signed_in
):
    one, many = factories.person(name_ja="一人", name_en="One"), factories.person(name_ja="大勢", name_en="Many")
    _add_recordings(one, 1, 1)
    _add_recordings(many, 12, 9)
    if signed_in:
        client.force_login(factories.member_user())
    for lang in ("ja", "en"):
        client.get(person_url(one, lang, "?warm-up"))  # what the first request of all reads once
        with CaptureQueriesContext(connection) as few:
            assert len(soup(client.get(person_url(one, lang))).select(".spoken-lines a")) == 1
        with django_assert_max_num_queries(len(few)):
            shown = soup(client.get(person_url(many, lang))).select(".spoken-lines a")
        assert len(shown) == (12 if signed_in else 8) * 5


def test_the_municipality_page_lists_recordings_where_its_people_speak_in_the_transcript(client, people):
    body = text(soup(client.get("/ja/municipalities/272175/")).select_one("main"))
    assert "文字起こしで話す回" in body and "登壇者として載る回" in body and "話さない回" not in body
    secret = factories.recording(SeminarRecordingIndexPage.objects.get(), slug="secret", title_ja="会員限定の回")
    say(secret, 7, "会員だけに話す内容です。", speaker=people["sawai"])
    factories.members_only(secret)
    english = text(soup(client.get("/en/municipalities/272175/")).select_one("main"))
    assert "Speaks in the transcript" in english and "会員限定の回" not in english
    client.force_login(factories.member_user())
    assert "会員限定の回" in text(soup(client.get("/ja/municipalities/272175/")).select_one("main"))


def test_api_counts_recordings_found_by_transcript_lines(client, people):
    sawai = people["sawai"]
    secret = factories.recording(SeminarRecordingIndexPage.objects.get(), slug="secret", title_ja="会員限定の回")
    say(secret, 7, "会員だけに話す内容です。", speaker=sawai)
    factories.members_only(secret)
    assert client.get(f"/api/v2/people/{sawai.slug}/").json()["counts"]["recordings"] == 2
    assert client.get(f"/api/v2/people/{people['host'].slug}/?lang=en").json()["counts"]["recordings"] == 2
    found = client.get("/api/search/?q=Sawai&lang=en").json()["people"]
    assert [(p["name"], p["counts"]["recordings"]) for p in found] == [("Hirofumi Sawai", 2)]
    assert client.get("/api/v2/municipalities/272175/").json()["people"][0]["counts"]["recordings"] == 2
    assert client.get("/api/v2/municipalities/272175/").json()["counts"]["recordings"] == 2
    client.force_login(factories.member_user())
    assert client.get(f"/api/v2/people/{sawai.slug}/").json()["counts"]["recordings"] == 3
    assert client.get("/api/v2/municipalities/272175/").json()["counts"]["recordings"] == 3


def test_a_municipality_counts_each_recording_once_as_its_page_lists_them(client, people):
    own = factories.recording(
        SeminarRecordingIndexPage.objects.get(), slug="own", title_ja="松原市の回", municipality=people["town"]
    )
    say(own, 3, "松原市の取り組みです。", speaker=people["sawai"])  # assigned to the town and spoken by its mayor
    listed = [item.text for item in soup(client.get("/ja/municipalities/272175/")).select("main a")]
    shown = [title for title in ("松原市の回", "登壇者として載る回", "文字起こしで話す回") if title in listed]
    counted = client.get("/api/v2/municipalities/?q=松原").json()["items"][0]["counts"]["recordings"]
    assert counted == len(shown) == 3
