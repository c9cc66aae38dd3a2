"""A small site with every public page type, in both languages (sample text)."""

import datetime
import io

from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images.models import Image

from home.models import StandardPage
from knowledge.models import CaseStudyIndexPage, ProgramNoticeIndexPage, SeminarRecordingIndexPage
from tests import factories

PASSWORD = "browser-pass-1234"


def picture():
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "green").save(buffer, "PNG")
    return Image.objects.create(title="湧水の写真", file=ImageFile(buffer, name="spring.png"))


def build():
    factories.ensure_reference_data()
    home, indexes = factories.build_site()
    if not Group.objects.filter(name="Editors").exists():  # the review workflow hangs from the tree root
        call_command("ensure_roles", verbosity=0)
    mishima = factories.municipality(code="222062", name_ja="三島市", name_en="Mishima City", prefecture_code=22)
    beppu = factories.municipality(code="442020", name_ja="別府市", name_en="Beppu City", prefecture_code=44)
    tourism = factories.theme(slug="tourism", axis="connect", name_ja="観光・交流", name_en="Tourism and exchange")
    body_ja = [
        ("heading", {"text": "取り組みの背景", "level": "h2"}),
        ("paragraph", "<p>富士山の湧水が街中を流れる。（サンプル）</p>"),
        ("image", {"image": picture(), "alt_text": "源兵衛川の水辺", "caption": "源兵衛川（サンプル）"}),
    ]
    body_en = [
        ("heading", {"text": "Background", "level": "h2"}),
        ("paragraph", "<p>Spring water from Mount Fuji runs through the town. (sample)</p>"),
    ]
    cases = indexes[CaseStudyIndexPage]
    case = factories.case_study(
        cases,
        slug="garden-city",
        municipality=mishima,
        presenter=factories.person(municipality=mishima),
        themes=[tourism],
        body_ja=body_ja,
        body_en=body_en,
        episode=12,
    )
    untranslated = factories.case_study(
        cases,
        slug="onsen-town",
        title_ja="温泉と観光のまちづくり",
        title_en="",
        summary_ja="温泉街の再生（サンプル）。",
        municipality=beppu,
        themes=[tourism],
        date=datetime.date(2025, 2, 1),
    )
    secret = factories.members_only(
        factories.case_study(
            cases,
            slug="members-case",
            title_ja="会員限定の湧水活用事例",
            title_en="Members-only spring water case",
            summary_ja="会員だけが読める事例（サンプル）。",
            summary_en="A case for members only (sample).",
            municipality=mishima,
            date=datetime.date(2025, 6, 1),
        )
    )
    recording = factories.recording(
        indexes[SeminarRecordingIndexPage], slug="ai-seminar", themes=[tourism], duration_seconds=3600
    )
    for start, ja, en in (
        (0, "開会のあいさつ", "Opening remarks"),
        (95, "湧水を活かした事例の紹介", "A case of spring water"),
        (754, "質疑応答", "Questions"),
    ):
        recording.transcript_segments.create(start=start, text_ja=ja, text_en=en, text=ja)
    recording.chapters.create(start=0, title_ja="はじめに", title_en="Opening", title="はじめに")
    recording.chapters.create(start=754, title_ja="質疑応答", title_en="Questions", title="質疑応答")
    recording.save_revision().publish()
    notice = factories.notice(
        indexes[ProgramNoticeIndexPage],
        slug="walkable-briefing",
        applications_open=datetime.date(2026, 1, 8),
        applications_close=datetime.date(2099, 2, 27),
        event_start=datetime.date(2099, 3, 10),
        location_ja="東京都千代田区",
        location_en="Chiyoda, Tokyo",
        organisation=factories.organisation(),
        municipality=mishima,
    )
    about = home.add_child(
        instance=StandardPage(
            title="日本首長連合について",
            title_ja="日本首長連合について",
            title_en="About the alliance",
            slug="about",
            intro_ja="地域と人と時を 繋ぐ 紡ぐ",
            intro_en="Connecting regions, people and time.",
        )
    )
    member = factories.member_user(username="member1", password=PASSWORD)
    members_group = Group.objects.filter(name="Members").first()
    if members_group:
        member.groups.add(members_group)
    with translation.override("ja"):
        urls = {
            name: page.url
            for name, page in (
                ("case", case),
                ("untranslated", untranslated),
                ("secret", secret),
                ("recording", recording),
                ("notice", notice),
                ("about", about),
            )
        }
    return {
        "case": case,
        "untranslated": untranslated,
        "secret": secret,
        "recording": recording,
        "notice": notice,
        "about": about,
        "member": member,
        "indexes": indexes,
        "urls": urls,
    }


def in_language(path, lang):
    """/ja/... -> /en/..."""
    return f"/{lang}/" + path.split("/", 2)[2]
