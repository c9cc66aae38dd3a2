"""Detail pages of each knowledge type, rendered through the test client in Japanese and English."""

import datetime
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from home.models import HomePage
from knowledge.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    ProgramNoticeIndexPage,
    ProgramNoticePage,
    SeminarRecordingIndexPage,
    SeminarRecordingPage,
)
from tests import factories
from tests.home.support import en, english_catalogue, ja, soup, text  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_catalogue")]


def details(page_soup):
    """{label: value} of the <dl class="details"> block."""
    rows = page_soup.select("dl.details .detail-row")
    return {text(row.dt): text(row.dd) for row in rows}


def small_image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return Image.objects.create(title="湧水の写真", file=ImageFile(buffer, name="spring.png"))


def document(title="発表資料"):
    return Document.objects.create(title=title, file=ContentFile(b"%PDF-1.4 sample", name="slides.pdf"))


@pytest.fixture
def case(site_tree):
    _, indexes = site_tree
    mishima = factories.municipality()
    recording = factories.recording(indexes[SeminarRecordingIndexPage])
    notice = factories.notice(
        indexes[ProgramNoticeIndexPage], applications_open=datetime.date(2020, 1, 1), applications_close=datetime.date(2020, 2, 1)
    )
    body = [
        ("heading", {"text": "取り組みの背景", "level": "h2"}),
        ("paragraph", "<p>富士山の湧水が街中を流れる。</p>"),
        ("image", {"image": small_image(), "alt_text": "源兵衛川の水辺", "caption": "源兵衛川（サンプル）"}),
        ("quote", {"quote": "水と緑が人を呼ぶ。", "attribution": "サンプルの発言"}),
        ("key_figures", [{"label": "年間来訪者", "value": "1234567", "unit": "人", "year": 2024}]),
        ("link", {"text": "三島市のサイト", "url": "https://www.city.mishima.shizuoka.jp/", "page": None}),
        ("document", {"document": document(), "title": "事例の資料"}),
    ]
    page = factories.case_study(
        indexes[CaseStudyIndexPage],
        municipality=mishima,
        presenter=factories.person(municipality=mishima),
        episode=12,
        themes=[factories.theme()],
        body_ja=body,
        related_recordings=[recording],
        related_notices=[notice],
    )
    return page


def test_case_study_in_japanese(client, case):
    page = soup(client.get(ja(case)))
    assert text(page.h1) == "湧水と緑を活かしたガーデンシティ"
    assert details(page) == {
        "自治体": "三島市 （ 静岡県 ）",
        "発表者": "豊岡武士 （ 三島市長 ）",
        "発表日": "令和6年4月10日（2024年4月10日）",
        "首長TOP LIVE": "第12回",
        "テーマ": "観光・交流",
    }
    assert text(page.select_one(".summary")) == "街中の湧水と花で回遊性を高めた。"
    body = page.select_one(".page-body")
    assert text(body.h2) == "取り組みの背景"
    assert "富士山の湧水が街中を流れる。" in text(body)
    img = body.select_one("figure.block-image img")
    assert img["alt"] == "源兵衛川の水辺" and text(body.select_one("figcaption")) == "源兵衛川（サンプル）"
    assert "水と緑が人を呼ぶ。" in text(body.select_one("blockquote"))
    figure = body.select_one(".key-figure")
    assert text(figure.dt) == "年間来訪者 （2024年）" and text(figure.dd) == "1,234,567 人"
    assert body.select_one('a[href="https://www.city.mishima.shizuoka.jp/"]').text == "三島市のサイト"
    assert text(body.select_one(".block-document a")) == "事例の資料"
    related = page.select_one("aside.related")
    assert "未来創造セミナー 第6回「生成AIと自治体業務」" in text(related)
    assert "ウォーカブルなまちづくり支援事業の活用説明会" in text(related) and "終了" in text(related)
    assert not page.select(".untranslated-notice")


def test_case_study_in_english(client, case):
    page = soup(client.get(en(case)))
    assert page.html["lang"] == "en"
    assert text(page.h1) == "A garden city built on spring water"
    assert details(page) == {
        "Municipality": "Mishima City ( Shizuoka )",
        "Presenter": "Takeshi Toyooka ( Mayor of Mishima )",
        "Presented on": "10 April 2024",
        "Mayors' TOP LIVE": "No. 12",
        "Theme": "Tourism and exchange",
    }
    assert text(page.select_one(".summary")) == "Springs and flowers that invite people to stroll the town."
    assert not page.select(".untranslated-notice")
    # the body has no English version: it is shown in Japanese and marked as such
    assert page.select_one(".page-body")["lang"] == "ja"
    assert "富士山の湧水が街中を流れる。" in text(page.select_one(".page-body"))


def test_case_study_without_english_shows_notice_and_marks_japanese(client, site_tree):
    _, indexes = site_tree
    page_obj = factories.case_study(indexes[CaseStudyIndexPage], title_en="", slug="untranslated-case")
    assert page_obj.lacks_english
    page = soup(client.get(en(page_obj)))
    notice = page.select_one(".untranslated-notice")
    assert text(notice) == "This page has not been translated into English yet; the Japanese original is shown."
    assert page.h1["lang"] == "ja" and text(page.h1) == "湧水と緑を活かしたガーデンシティ"
    assert page.select_one(".summary")["lang"] == "ja"
    assert not soup(client.get(ja(page_obj))).select(".untranslated-notice")


def test_case_study_with_english_title_but_no_english_summary_counts_as_untranslated(client, site_tree):
    _, indexes = site_tree
    page_obj = factories.case_study(indexes[CaseStudyIndexPage], summary_en="", slug="half-translated")
    page = soup(client.get(en(page_obj)))
    assert page.select_one(".untranslated-notice")
    assert "lang" not in page.h1.attrs
    assert page.select_one(".summary")["lang"] == "ja"


@pytest.fixture
def recording(site_tree):
    _, indexes = site_tree
    speaker = factories.person()
    page = factories.recording(indexes[SeminarRecordingIndexPage], duration_seconds=5400, slides=document("当日のスライド"))
    page.speakers.set([speaker])
    page.save_revision().publish()
    page.chapters.create(start=0, title_ja="はじめに", title_en="Opening")
    page.chapters.create(start=754, title_ja="生成AIの活用事例", title_en="Uses of generative AI")
    page.transcript_segments.create(
        start=0, text_ja="本日はお集まりいただきありがとうございます。", text_en="Thank you for coming."
    )
    page.transcript_segments.create(start=754, text_ja="次に活用事例を紹介します。", text_en="")
    page.save_revision().publish()
    return SeminarRecordingPage.objects.get(pk=page.pk)


def test_recording_in_japanese(client, recording):
    page = soup(client.get(ja(recording)))
    assert text(page.h1) == "未来創造セミナー 第6回「生成AIと自治体業務」"
    info = details(page)
    assert info["シリーズ"] == "未来創造セミナー 第6回"
    assert info["収録日"] == "令和7年12月3日（2025年12月3日）"
    assert info["登壇者"] == "豊岡武士 （ 三島市長 ）"
    assert info["長さ"] == "1時間30分"
    assert info["スライド"].startswith("当日のスライド")
    assert page.select_one('dl.details a[href^="/documents/"]')["href"] == recording.slides.url
    chapters = [(a["href"], text(a)) for a in page.select(".chapters a")]
    assert chapters == [("?t=0", "00:00 はじめに"), ("?t=754", "12:34 生成AIの活用事例")]
    segments = page.select(".transcript-segments li")
    assert [text(s) for s in segments] == [
        "00:00 本日はお集まりいただきありがとうございます。",
        "12:34 次に活用事例を紹介します。",
    ]
    assert segments[1].a["href"] == "?t=754"
    player = page.select_one("iframe#recording-player")
    assert player["src"] == "https://www.youtube-nocookie.com/embed/devset00006?enablejsapi=1&rel=0"
    assert player["data-start"] == "0"
    assert page.select_one('script[src$="js/recording.js"]')


def test_recording_in_english_marks_untranslated_segments(client, recording):
    page = soup(client.get(en(recording)))
    info = details(page)
    assert info["Series"] == "Future Creation Seminar No. 6"
    assert info["Recorded on"] == "3 December 2025"
    assert info["Speakers"] == "Takeshi Toyooka ( Mayor of Mishima )"
    assert info["Length"] == "1 h 30 min"
    assert [text(a) for a in page.select(".chapters a")] == ["00:00 Opening", "12:34 Uses of generative AI"]
    segments = page.select(".transcript-segments .segment-text")
    assert text(segments[0]) == "Thank you for coming." and "lang" not in segments[0].attrs
    assert text(segments[1]) == "次に活用事例を紹介します。" and segments[1]["lang"] == "ja"


@pytest.mark.parametrize("given, start", [("90", 90), ("0", 0), ("754", 754)])
def test_recording_opened_at_a_time_starts_the_player_there(client, recording, given, start):
    player = soup(client.get(ja(recording) + f"?t={given}")).select_one("iframe#recording-player")
    assert player["data-start"] == str(start)
    suffix = f"&start={start}" if start else ""
    assert player["src"] == f"https://www.youtube-nocookie.com/embed/devset00006?enablejsapi=1&rel=0{suffix}"


@pytest.mark.parametrize("bad", ["bad", "-5", "1.5", "１２", "99999999999", "", "<script>", "1e3"])
def test_recording_ignores_a_bad_time(client, recording, bad):
    response = client.get(ja(recording), {"t": bad})
    player = soup(response).select_one("iframe#recording-player")
    assert player["data-start"] == "0"
    assert "start=" not in player["src"]


def test_recording_with_a_video_that_cannot_be_embedded_links_to_it(client, site_tree):
    _, indexes = site_tree
    page_obj = factories.recording(indexes[SeminarRecordingIndexPage], video_url="https://vimeo.example/123", slug="vimeo")
    page = soup(client.get(ja(page_obj) + "?t=30"))
    assert not page.select("iframe")
    assert page.select_one('.video-link a[href="https://vimeo.example/123"]')


@pytest.fixture
def notice(site_tree):
    _, indexes = site_tree
    today = datetime.date.today()
    return factories.notice(
        indexes[ProgramNoticeIndexPage],
        organisation=factories.organisation(),
        applications_open=today - datetime.timedelta(days=10),
        applications_close=today + datetime.timedelta(days=3),
        event_start=datetime.date(2030, 5, 1),
        event_end=datetime.date(2030, 5, 2),
        location_ja="東京都千代田区（サンプル）",
        location_en="Chiyoda, Tokyo (sample)",
        eligibility_ja="<p>会員自治体の職員</p>",
        eligibility_en="<p>Staff of member municipalities</p>",
        external_url="https://www.mlit.go.jp/",
        summary_ja="説明会のお知らせです（サンプル）。",
        summary_en="A briefing (sample).",
    )


def test_notice_in_japanese(client, notice):
    page = soup(client.get(ja(notice)))
    info = details(page)
    assert info["実施団体"] == "国土交通省 （ 国交省 ）"
    assert info["種別"] == "国の事業"
    assert info["状況"] == "締切間近"
    assert page.select_one(".page-kind .badge.status-closing-soon")
    assert info["開催日"] == "令和12年5月1日（2030年5月1日） – 令和12年5月2日（2030年5月2日）"
    assert info["開催地"] == "東京都千代田区（サンプル）"
    assert "〜" not in info["募集期間"] and " – " in info["募集期間"]
    assert "会員自治体の職員" in text(page.select_one(".eligibility"))
    assert page.select_one('.external-link a[href="https://www.mlit.go.jp/"]')


def test_notice_in_english(client, notice):
    page = soup(client.get(en(notice)))
    info = details(page)
    assert info["Organisation"] == "Ministry of Land, Infrastructure, Transport and Tourism ( MLIT )"
    assert info["Type"] == "National programme"
    assert info["Status"] == "Closing soon"
    assert info["Event dates"] == "1 May 2030 – 2 May 2030"
    assert info["Location"] == "Chiyoda, Tokyo (sample)"
    assert "Staff of member municipalities" in text(page.select_one(".eligibility"))
    assert not page.select(".untranslated-notice")


@pytest.mark.parametrize(
    "opens, closes, ja_label, en_label",
    [
        (30, 60, "予告", "Upcoming"),
        (-30, 60, "募集中", "Open"),
        (-30, -1, "終了", "Closed"),
    ],
)
def test_notice_status_badge(client, site_tree, opens, closes, ja_label, en_label):
    _, indexes = site_tree
    today = datetime.date.today()
    page_obj = factories.notice(
        indexes[ProgramNoticeIndexPage],
        applications_open=today + datetime.timedelta(days=opens),
        applications_close=today + datetime.timedelta(days=closes),
    )
    assert text(soup(client.get(ja(page_obj))).select_one(".page-kind .badge")) == ja_label
    assert text(soup(client.get(en(page_obj))).select_one(".page-kind .badge")) == en_label


# ------------------------------------------------------------------ page types


def test_allowed_parents_and_children_of_knowledge_pages():
    for index, child in (
        (CaseStudyIndexPage, CaseStudyPage),
        (SeminarRecordingIndexPage, SeminarRecordingPage),
        (ProgramNoticeIndexPage, ProgramNoticePage),
    ):
        assert index.allowed_parent_page_models() == [HomePage]
        assert index.allowed_subpage_models() == [child]
        assert child.allowed_parent_page_models() == [index]
        assert child.allowed_subpage_models() == []


def test_detail_pages_can_only_be_created_under_their_index(site_tree):
    home, indexes = site_tree
    assert CaseStudyPage.can_create_at(indexes[CaseStudyIndexPage])
    assert not CaseStudyPage.can_create_at(home)
    assert not CaseStudyPage.can_create_at(indexes[ProgramNoticeIndexPage])
    assert not SeminarRecordingPage.can_create_at(indexes[CaseStudyIndexPage])
    assert ProgramNoticePage.can_create_at(indexes[ProgramNoticeIndexPage])


# ------------------------------------------------------------------ members only


def test_members_only_page_redirects_anonymous_visitors_to_login(client, case):
    factories.members_only(case)
    for url in (ja(case), en(case)):
        response = client.get(url)
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == f"/{url[1:3]}/accounts/login/"
        assert parse_qs(location.query) == {"next": [url]}
        login = soup(client.get(response["Location"]))
        assert login.select_one("form input[name=password]")
        assert login.select_one("input[name=next]")["value"] == url


def test_members_only_page_is_shown_to_a_member_with_a_badge(client, case):
    factories.members_only(case)
    client.force_login(factories.member_user())
    page = soup(client.get(ja(case)))
    assert text(page.h1) == "湧水と緑を活かしたガーデンシティ"
    assert text(page.select_one(".page-kind .members-only")) == "会員限定"
    assert text(soup(client.get(en(case))).select_one(".page-kind .members-only")) == "Members only"


def test_related_members_only_recording_hidden_from_anonymous_visitors(client, site_tree):
    _, indexes = site_tree
    secret = factories.members_only(factories.recording(indexes[SeminarRecordingIndexPage], title_ja="会員向けの録画"))
    page_obj = factories.case_study(indexes[CaseStudyIndexPage], related_recordings=[secret])
    assert "会員向けの録画" not in text(soup(client.get(ja(page_obj))).body)
    client.force_login(factories.member_user())
    assert "会員向けの録画" in text(soup(client.get(ja(page_obj))).body)
