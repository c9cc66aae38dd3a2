"""`manage.py load_demo_content`: a browsable demo site in both languages built from the alliance overview."""

import html
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction, Revision, Site

from home.models import HomePage, StandardPage
from knowledge.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    Chapter,
    Municipality,
    NoticeStatus,
    Organisation,
    Person,
    ProgramNoticeIndexPage,
    ProgramNoticePage,
    SeminarRecordingIndexPage,
    SeminarRecordingPage,
    Theme,
    TranscriptSegment,
)

# 役員一覧 exactly as in alliance-overview-2026-01.txt: (office, name, city)
OFFICERS = [
    ("会長", "澤井 宏文", "松原市長"),
    ("会長代行", "田中 幹夫", "南砺市長"),
    ("副会長", "豊岡 武士", "三島市長"),
    ("副会長", "末松 則子", "鈴鹿市長"),
    ("副会長", "長内 繁樹", "豊中市長"),
    ("副会長", "千代松 大耕", "泉佐野市長"),
    ("副会長", "楠瀬 耕作", "須崎市長"),
    ("副会長", "長野 恭紘", "別府市長"),
    ("副会長", "濱田 剛史", "高槻市長"),
    ("副会長", "辻 宏康", "和泉市長"),
    ("監査役", "高橋 邦芳", "村上市長"),
    ("監査役", "玉木 久登", "有田市長"),
]

# name: (JIS local government code, prefecture) for every officer's and TOP LIVE speaker's municipality
MUNICIPALITIES = {
    "松原市": ("272175", "大阪府"),
    "南砺市": ("162108", "富山県"),
    "三島市": ("222062", "静岡県"),
    "鈴鹿市": ("242071", "三重県"),
    "豊中市": ("272035", "大阪府"),
    "泉佐野市": ("272132", "大阪府"),
    "須崎市": ("392065", "高知県"),
    "別府市": ("442020", "大分県"),
    "高槻市": ("272078", "大阪府"),
    "和泉市": ("272191", "大阪府"),
    "村上市": ("152129", "新潟県"),
    "有田市": ("302040", "和歌山県"),
    "蒲郡市": ("232149", "愛知県"),
    "延岡市": ("452033", "宮崎県"),
    "高野町": ("303445", "和歌山県"),
    "泉大津市": ("272060", "大阪府"),
    "亀岡市": ("262064", "京都府"),
}

TOP_LIVE = [
    (1, "鈴木寿明", "蒲郡市"),
    (2, "読谷山洋司", "延岡市"),
    (3, "平野嘉也", "高野町"),
    (4, "澤井宏文", "松原市"),
    (5, "南出賢一", "泉大津市"),
    (6, "桂川孝裕", "亀岡市"),
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded once for this module, inside a transaction rolled back afterwards."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo_content", stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loaded(demo, db):
    return demo


def visible_text(response):
    """The page as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    assert response.status_code == 200
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


def url_in(page, lang):
    with translation.override(lang):
        return page.url


def check_digit_ok(code):
    total = sum(int(d) * w for d, w in zip(code[:5], (6, 5, 4, 3, 2), strict=True))
    return int(code[5]) == (11 - total % 11) % 10


def test_home_page_in_japanese_shows_mission_vision_and_lists(loaded, client):
    text = visible_text(client.get("/ja/"))
    assert "日本首長連合" in text
    assert "地域と人と時を 繋ぐ 紡ぐ" in text
    assert "越境して共創することで地方創生を牽引し、日本全体の発展を誘う" in text
    assert "首長TOP LIVE 第6回 亀岡市長 桂川孝裕氏" in text  # newest public case study
    open_notices = text.split("募集中のお知らせ", 1)[1].split("最近のセミナー録画", 1)[0]
    assert "伝統的工芸品・工芸品の発掘と磨き上げ事業との連携" in open_notices
    assert "2027年ベオグラード国際博覧会（認定博覧会）" not in open_notices  # an event, not a call (#15)
    assert "いま募集中のお知らせはありません" not in open_notices
    assert "【サンプル】地域共創セミナー「守る」子どもと環境を守るまちづくり" in text  # newest recording
    assert "会員限定：" not in text  # members-only demo pages stay hidden


def test_home_page_in_english_shows_english_mission_and_lists(loaded, client):
    text = visible_text(client.get("/en/"))
    assert "Mayoral Alliance for LOCAL JAPAN" in text
    assert "Connecting and weaving together places, people and time" in text
    assert "Mayors' TOP LIVE 6: Mayor of Kameoka" in text
    assert "Expo 2027 Belgrade (Specialised Expo)" not in text  # an event, not an open call (#15)
    assert "[Sample] Regional Co-creation Seminar (Protect)" in text
    assert "[Sample] Members only:" not in text


def test_default_site_is_rooted_at_the_home_page(loaded):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.site_name == "日本首長連合"
    assert Site.objects.count() == 1


@pytest.mark.parametrize(
    "model",
    [
        CaseStudyIndexPage,
        SeminarRecordingIndexPage,
        ProgramNoticeIndexPage,
        CaseStudyPage,
        SeminarRecordingPage,
        ProgramNoticePage,
        StandardPage,
    ],
)
def test_every_page_type_has_pages_in_both_languages(loaded, client, model):
    pages = list(model.objects.live().public())
    assert pages
    for page in pages[:3]:
        assert page.title_ja and page.title_en
        assert page.title_ja in visible_text(client.get(url_in(page, "ja")))
        assert page.title_en in visible_text(client.get(url_in(page, "en")))


def test_index_pages_list_demo_content_with_intros(loaded, client):
    index = SeminarRecordingIndexPage.objects.get()
    text = visible_text(client.get(url_in(index, "ja")))
    assert "「創る」「繋ぐ」「守る」の3軸" in text
    assert "首長TOP LIVE 第1回 蒲郡市長 鈴木寿明氏（録画）" in text
    text = visible_text(client.get(url_in(index, "en")))
    assert "three axes of create, connect and protect" in text


def test_officers_page_lists_all_twelve_officers_as_in_the_overview(loaded, client):
    page = StandardPage.objects.get(slug="officers")
    text = visible_text(client.get(url_in(page, "ja")))
    positions = [text.index(f"{name}（{city}）") for _, name, city in OFFICERS]
    assert positions == sorted(positions)
    for office in ("会長", "会長代行", "副会長", "監査役"):
        assert office in text
    # each office heading comes before its first officer
    for office, name, city in OFFICERS:
        assert text.index(office) < text.index(f"{name}（{city}）")

    english = visible_text(client.get(url_in(page, "en")))
    for expected in (
        "Hirofumi Sawai, Mayor of Matsubara",
        "Mikio Tanaka, Mayor of Nanto",
        "Hiroyasu Tsuji, Mayor of Izumi",
        "玉木 久登, Mayor of Arida",
    ):
        assert expected in english
    assert english.count(", Mayor of ") == 12


def test_about_and_membership_pages_carry_the_overview_facts(loaded, client):
    about = visible_text(client.get(url_in(StandardPage.objects.get(slug="about"), "ja")))
    for fact in (
        "地方創生を通じて、日本の未来社会を創造する首長連合",
        "にっぽんしゅちょうれんごう",
        "越境して共創することで地方創生を牽引し、日本全体の発展を誘う",
        "2015年",
        "活動方針",
    ):
        assert fact in about
    membership = visible_text(client.get(url_in(StandardPage.objects.get(slug="membership"), "ja")))
    assert "参加自治体は664団体、うち正会員は67団体です（2026年1月8日現在）" in membership
    assert "会員区別と会費の詳細は、団体概要（令和8年1月）に記載がない" in membership
    english = visible_text(client.get(url_in(StandardPage.objects.get(slug="membership"), "en")))
    assert "664 municipalities" in english and "67 of them as full members" in english


def test_about_page_leads_to_membership_and_officers(loaded, client):
    about = StandardPage.objects.get(slug="about")
    page = client.get(url_in(about, "en")).content.decode()
    for slug, title in (("membership", "Membership"), ("officers", "Officers")):
        child = StandardPage.objects.get(slug=slug)
        assert child.get_parent().pk == about.pk
        assert f'href="{url_in(child, "en")}"' in page and title in page


def test_municipalities_have_valid_jis_codes_and_prefectures(loaded):
    found = {m.name_ja: m for m in Municipality.objects.select_related("prefecture")}
    for name, (code, prefecture) in MUNICIPALITIES.items():
        assert found[name].code == code
        assert found[name].prefecture.name_ja == prefecture
        assert found[name].name_en
    assert all(check_digit_ok(m.code) for m in found.values())


def test_top_live_episodes_have_a_case_study_and_a_recording(loaded):
    for episode, name, city in TOP_LIVE:
        case = CaseStudyPage.objects.get(episode=episode)
        assert case.presenter.name_ja == name
        assert case.municipality.name_ja == city
        assert case.summary_ja.startswith("【サンプル】") and case.summary_en.startswith("[Sample text]")
        recording = SeminarRecordingPage.objects.get(series="top-live", session=episode)
        assert [p.name_ja for p in recording.speakers.all()] == [name]
        assert recording.chapters.count() == 3
        assert all(
            s.text_ja.startswith("【サンプル】") and s.text_en.startswith("[Sample text]")
            for s in recording.transcript_segments.all()
        )
        assert list(case.related_recordings.all()) == [recording]


def test_invented_content_is_marked_as_sample(loaded):
    for page in SeminarRecordingPage.objects.exclude(series="top-live"):
        assert page.title_ja.startswith("【サンプル】") and page.title_en.startswith("[Sample]")
    for page in CaseStudyPage.objects.all():
        assert "【サンプル】" in page.summary_ja and "[Sample text]" in page.summary_en


def test_notices_keep_real_dates_and_some_are_open_today(loaded):
    belgrade = ProgramNoticePage.objects.get(slug="expo-2027-belgrade")
    assert (belgrade.event_start.isoformat(), belgrade.event_end.isoformat()) == ("2027-05-15", "2027-08-15")
    assert belgrade.organisation.short_name_en == "METI"
    riyadh = ProgramNoticePage.objects.get(slug="expo-2030-riyadh")
    assert (riyadh.event_start.isoformat(), riyadh.event_end.isoformat()) == ("2030-10-01", "2031-03-31")
    today = timezone.localdate()
    statuses = {p.slug: p.status(today) for p in ProgramNoticePage.objects.all()}
    assert statuses["meti-crafts-branding"] == NoticeStatus.OPEN
    assert statuses["idle-facilities-matching"] == NoticeStatus.CLOSING_SOON
    assert statuses["kanko-tourism-products"] == NoticeStatus.UPCOMING
    assert statuses["local-japan-expo-legacy"] == NoticeStatus.EVENT_ENDED  # event dates only: not a call
    assert statuses["art-collaboration-kyoto-tours"] == NoticeStatus.UNSCHEDULED  # under consideration, no dates yet


def test_notice_listing_shows_sample_calls_open_today(loaded, client):
    index = ProgramNoticeIndexPage.objects.get()
    text = visible_text(client.get(url_in(index, "ja") + "?status=open"))
    assert "伝統的工芸品・工芸品の発掘と磨き上げ事業との連携" in text
    text = visible_text(client.get(url_in(index, "en") + "?status=closing-soon"))
    assert "Matching idle local facilities with exhibitions and events" in text


def test_ir_notice_lists_the_five_attraction_facilities(loaded, client):
    text = visible_text(client.get(url_in(ProgramNoticePage.objects.get(slug="osaka-ir-attraction-facilities"), "ja")))
    for facility, area in (
        ("ガーデンシアター", "1,018m²"),
        ("三道体験スタジオ", "520m²"),
        ("ジャパン・フードパビリオン", "8,220m²"),
        ("関西ジャパンハウス", "505m²"),
        ("関西アート&カルチャーミュージアム", "887m²"),
    ):
        assert facility in text and area in text


def test_members_only_demo_pages_need_a_login(loaded, client):
    for page in (
        CaseStudyPage.objects.get(slug="members-toplive-survey"),
        ProgramNoticePage.objects.get(slug="members-toplive-speaker-call"),
    ):
        assert page.is_members_only
        response = client.get(url_in(page, "ja"))
        assert response.status_code == 302 and "login" in response["Location"]
    user = get_user_model().objects.create_user(username="demo-member", password="pass-for-tests-1")
    client.force_login(user)
    text = visible_text(client.get(url_in(CaseStudyPage.objects.get(slug="members-toplive-survey"), "ja")))
    assert "先進的な取組を首長ご本人から聞くことができる貴重な機会。" in text


def test_search_finds_demo_content(loaded):
    assert [p.slug for p in CaseStudyPage.objects.live().search("蒲郡")] == ["toplive-01-gamagori"]
    assert "expo-2027-belgrade" in [p.slug for p in ProgramNoticePage.objects.live().search("ベオグラード")]
    assert "expo-2027-belgrade" in [p.slug for p in ProgramNoticePage.objects.live().search("Belgrade")]


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Page,
            Revision,
            Site,
            PageViewRestriction,
            Theme,
            Organisation,
            Municipality,
            Person,
            Chapter,
            TranscriptSegment,
        )
    }


def test_loading_twice_changes_nothing(loaded):
    before = counts()
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    assert counts() == before
    assert "Demo pages: no changes" in out.getvalue()
    assert "0 created, 0 updated" in out.getvalue()


def test_edited_pages_survive_a_reload_unless_reset(loaded):
    about = StandardPage.objects.get(slug="about")
    about.intro_ja = "編集部が書き換えたリード文"
    about.save_revision().publish()
    call_command("load_demo_content", "--skip-index", stdout=StringIO())
    assert StandardPage.objects.get(slug="about").intro_ja == "編集部が書き換えたリード文"
    call_command("load_demo_content", "--skip-index", "--reset", stdout=StringIO())
    assert StandardPage.objects.get(slug="about").intro_ja == "地方創生を通じて、日本の未来社会を創造する首長連合です。"


def readme_search_section():
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    return text.split("\n## Search\n", 1)[1].split("\n## ", 1)[0]


def search_hits(client, lang, query):
    from bs4 import BeautifulSoup

    response = client.get(f"/{lang}/search/", {"q": query})
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_readme_search_examples_find_demo_pages(loaded, client):
    """The queries README.md's Search section offers to try on the demo site find pages there, in each language,
    for an anonymous visitor; and so do its examples of particles, word-by-word and per-word searches."""
    section = readme_search_section()
    found = re.search(r"on /ja/search/ (.*?);\s+on /en/search/ (.*?) \(", section, re.S)
    examples = {lang: re.findall(r"`([^`]+)`", found.group(i)) for i, lang in ((1, "ja"), (2, "en"))}
    assert len(examples["ja"]) >= 3 and len(examples["en"]) >= 3
    for lang, queries in examples.items():
        for query in queries:
            assert search_hits(client, lang, query).select(".hit-title a"), (lang, query)
    particles = re.search(r"split it \((\S+) = (\S+) (\S+)\)", section)
    assert search_hits(client, "ja", particles.group(1)).select(".hit-title a")
    whole, first, second = re.search(r"word by word \((\S+) → (\S+) (\S+), saying so\)", section).groups()
    page = search_hits(client, "ja", whole)
    assert page.select(".hit-title a") and f"「{first} {second}」" in page.select_one(".search-notice").get_text()
    query, word, count = re.search(r"with how many \((\S+) → (\S+) \((\d+)件\)\)", section).groups()
    page = search_hits(client, "ja", query)
    assert not page.select(".hit-title a")
    assert f"{word}（{count}件）" in [li.get_text(strip=True) for li in page.select(".narrower-searches li")]


def test_the_sample_narrator_has_a_page_listing_what_it_says_in_the_sample_recording(loaded, client):
    narrator = Person.objects.get(slug="sample-narrator")
    assert narrator.role_ja.startswith("【サンプル】") and narrator.role_en.startswith("[Sample]")
    assert narrator.municipality is None  # a synthetic voice, no real person
    recording = SeminarRecordingPage.objects.get(slug="sample-captioned-recording")
    assert {s.language for s in recording.transcript_segments.filter(speaker=narrator)} == {"ja", "en"}
    for lang, first in (("ja", "【サンプル】これは、デモ用のサンプル音声です。"), ("en", "[Sample text] This is a sample voice")):
        text = visible_text(client.get(f"/{lang}/people/sample-narrator/"))
        assert first in text and getattr(recording, f"title_{lang}") in text
    # a demo loaded before the narrator existed gets its captions linked on the next load
    recording.transcript_segments.update(speaker=None)
    call_command("load_demo_content", stdout=StringIO())
    assert recording.transcript_segments.filter(speaker=narrator).count() == recording.transcript_segments.count() == 6
