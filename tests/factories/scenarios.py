"""Named content sets, built from the factories, that test packages share (sample text throughout).

- browser_site(): every public page type in both languages, for the browser tests.
- search_corpus(): pages with known words, indexed, for the search tests (tests/search/conftest.py: `corpus`).
- syndication_content(): a public and a members-only page of each kind, for the API, feed and export tests.

They share the places and themes of factories.snippets (Mishima, Beppu; tourism, environment, DX) and the pages
below: the garden city of Mishima, the untranslated hot-spring town of Beppu, the walkable-towns briefing.
"""

import datetime
from types import SimpleNamespace

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import translation

from knowledge.models import (
    CaseStudyIndexPage,
    Outcome,
    ProgramNoticeIndexPage,
    SeminarRecordingIndexPage,
    TranscriptSegment,
)
from tests import factories

PASSWORD = "browser-pass-1234"  # of the member the browser site creates


def garden_city(cases, mishima, themes, **fields):
    """Mishima's case study in both languages (the factory's default titles), presented by its mayor."""
    fields.setdefault("presenter", factories.person(municipality=mishima))
    return factories.case_study(cases, slug="garden-city", municipality=mishima, themes=themes, **fields)


def onsen_town(cases, beppu, themes, **fields):
    """Beppu's case study in Japanese only."""
    fields.setdefault("summary_ja", "温泉街の再生（サンプル）。")
    return factories.case_study(
        cases,
        slug="onsen-town",
        title_ja="温泉と観光のまちづくり",
        title_en="",
        municipality=beppu,
        themes=themes,
        date=datetime.date(2025, 2, 1),
        **fields,
    )


def walkable_briefing(notices, municipality, **fields):
    """A ministry's briefing, open for applications until 2099, held in Chiyoda on 10-11 March 2099."""
    return factories.notice(
        notices,
        slug="walkable-briefing",
        applications_open=datetime.date(2026, 1, 8),
        applications_close=datetime.date(2099, 2, 27),
        event_start=datetime.date(2099, 3, 10),
        event_end=datetime.date(2099, 3, 11),
        location_ja="東京都千代田区",
        location_en="Chiyoda, Tokyo",
        organisation=factories.organisation(),
        municipality=municipality,
        **fields,
    )


def browser_site():
    """Every public page type in both languages, a members-only case study and a member (password PASSWORD).

    Returns the pages by name, the index pages, the member and the pages' Japanese URLs ("urls")."""
    factories.ensure_reference_data()
    home, indexes = factories.build_site()
    if not Group.objects.filter(name="Editors").exists():  # the review workflow hangs from the tree root
        call_command("ensure_roles", verbosity=0)
    mishima, beppu = factories.sample_municipality("mishima"), factories.sample_municipality("beppu")
    tourism = factories.sample_theme("tourism")
    cases = indexes[CaseStudyIndexPage]
    pages = {
        "case": garden_city(
            cases,
            mishima,
            [tourism],
            episode=12,
            body_ja=[
                ("heading", {"text": "取り組みの背景", "level": "h2"}),
                ("paragraph", "<p>富士山の湧水が街中を流れる。（サンプル）</p>"),
                ("image", {"image": factories.picture(), "alt_text": "源兵衛川の水辺", "caption": "源兵衛川（サンプル）"}),
            ],
            body_en=[
                ("heading", {"text": "Background", "level": "h2"}),
                ("paragraph", "<p>Spring water from Mount Fuji runs through the town. (sample)</p>"),
            ],
        ),
        "untranslated": onsen_town(cases, beppu, [tourism]),
        "secret": factories.members_only(
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
        ),
        "recording": factories.recording(
            indexes[SeminarRecordingIndexPage],
            slug="ai-seminar",
            themes=[tourism],
            duration_seconds=3600,
            transcript=[
                (0, "開会のあいさつ", "Opening remarks"),
                (95, "湧水を活かした事例の紹介", "A case of spring water"),
                (754, "質疑応答", "Questions"),
            ],
            chapters=[(0, "はじめに", "Opening"), (754, "質疑応答", "Questions")],
        ),
        "notice": walkable_briefing(indexes[ProgramNoticeIndexPage], mishima),
        "about": factories.standard_page(home, slug="about"),
    }
    mayor = pages["case"].presenter  # speaks one line of the recording: their page lists it
    TranscriptSegment.objects.filter(page=pages["recording"], start=95).update(speaker=mayor, speaker_label=mayor.name_ja)
    Outcome.objects.create(
        page=pages["case"],
        indicator="湧水を訪れた人の数（サンプル）",
        indicator_ja="湧水を訪れた人の数（サンプル）",
        indicator_en="Visitors to the springs (sample)",
        unit="人",
        unit_ja="人",
        unit_en="people",
        baseline_value=12000,
        baseline_year=2019,
        result_value=15500,
        result_year=2023,
        is_sample=True,
    )
    with translation.override("ja"):
        urls = {name: page.url for name, page in pages.items()}
    member = factories.member_user(username="member1", password=PASSWORD, groups=["Members"])
    return {**pages, "member": member, "indexes": indexes, "urls": urls}


def search_corpus():
    """Seven pages with known words in both languages, one members-only and one draft, indexed.

    Returns a namespace of the pages (garden, onsen, beppu_tourism, seminar, walkable, members, draft), the themes
    and the municipalities."""
    _home, indexes = factories.build_site()
    cases, recordings, notices = (
        indexes[CaseStudyIndexPage],
        indexes[SeminarRecordingIndexPage],
        indexes[ProgramNoticeIndexPage],
    )
    tourism, environment, dx = (factories.sample_theme(slug) for slug in ("tourism", "environment", "dx"))
    mishima, beppu = factories.sample_municipality("mishima"), factories.sample_municipality("beppu")
    paragraphs = factories.paragraphs

    garden = garden_city(
        cases,
        mishima,
        [tourism, environment],
        body_ja=paragraphs("市民と共に水辺空間を再生し、景観づくりを進めた。<b>見出し</b>のような & 記号も本文にある。"),
        body_en=paragraphs("Waterside spaces were restored together with residents."),
    )
    onsen = factories.case_study(
        cases,
        slug="onsen-dx",
        title_ja="温泉街の回遊を促すデジタル案内",
        title_en="",
        summary_ja="別府の温泉街で多言語のデジタル案内を整えた。",
        body_ja=paragraphs("宿泊客のまち歩きが増えた。"),
        municipality=beppu,
        themes=[dx],
        episode=5,
        date=datetime.date(2025, 2, 1),
    )
    beppu_tourism = factories.case_study(
        cases,
        slug="beppu-tourism",
        title_ja="別府の観光案内所の再編",
        title_en="Reorganising tourist information in Beppu",
        summary_ja="観光案内所を駅前に集約した。",
        summary_en="Tourist information was brought together at the station.",
        municipality=beppu,
        themes=[tourism],
        date=datetime.date(2023, 7, 1),
    )
    seminar = factories.recording(
        recordings,
        slug="seminar-ai",
        title_en="Future Creation Seminar 6: Generative AI and municipal work",
        summary_ja="生成AIを議事録作成に使う事例。",
        summary_en="Using generative AI for minutes.",
        themes=[dx],
        speakers=[
            factories.person(name_ja="濱田剛史", name_en="Takeshi Hamada", role_ja="高槻市長", role_en="Mayor of Takatsuki")
        ],
        transcript=[
            (0, "生成AIの基本から始めます。", "The basics first."),
            (1260, "チャットボットで窓口の問い合わせが三割減りました。", "A chatbot cut counter enquiries by thirty per cent."),
        ],
    )
    walkable = factories.notice(
        notices,
        slug="walkable-briefing",
        title_ja="ウォーカブルなまちづくり支援事業の説明会",
        title_en="Briefing on support for walkable towns",
        summary_ja="歩きたくなるまちなかづくりの支援制度を紹介する。",
        summary_en="An introduction to support for walkable town centres.",
        organisation=factories.organisation(),
        applications_close=datetime.date(2026, 5, 31),
    )
    members = factories.members_only(
        factories.case_study(
            cases,
            slug="members-succession",
            title_ja="木材加工業の事業承継",
            title_en="Business succession in timber processing",
            summary_ja="会員限定の事業承継の事例。",
            summary_en="A members-only case of business succession.",
            municipality=mishima,
            themes=[tourism],
            date=datetime.date(2025, 6, 1),
        )
    )
    draft = factories.case_study(cases, slug="draft-page", title_ja="下書きの宇宙開発計画", title_en="Draft rocket plan")
    draft.unpublish()
    factories.reindex(garden, onsen, beppu_tourism, seminar, walkable, members, draft)
    return SimpleNamespace(
        garden=garden,
        onsen=onsen,
        beppu_tourism=beppu_tourism,
        seminar=seminar,
        walkable=walkable,
        members=members,
        draft=draft,
        themes=SimpleNamespace(tourism=tourism, environment=environment, dx=dx),
        mishima=mishima,
        beppu=beppu,
    )


def syndication_content():
    """A public and a members-only page of each kind, a Japanese-only case study, and the snippets they use."""
    home, indexes = factories.build_site()
    mishima, beppu = factories.sample_municipality("mishima"), factories.sample_municipality("beppu")
    tourism, dx = factories.sample_theme("tourism"), factories.sample_theme("dx")
    cases, notices = indexes[CaseStudyIndexPage], indexes[ProgramNoticeIndexPage]
    return {
        "home": home,
        "indexes": indexes,
        "public_case": garden_city(cases, mishima, [tourism]),
        "ja_only_case": onsen_town(cases, beppu, [tourism]),
        "secret_case": factories.members_only(
            factories.case_study(
                cases,
                slug="secret-case",
                title_ja="会員限定の事例",
                title_en="Members-only case",
                municipality=beppu,
                themes=[dx],
                date=datetime.date(2025, 6, 1),
            )
        ),
        "recording": factories.recording(
            indexes[SeminarRecordingIndexPage],
            slug="ai-seminar",
            themes=[dx],
            duration_seconds=3725,
            chapters=[(0, "はじめに", "Opening"), (600, "事例紹介", "Case examples")],
            transcript=[
                (0, "本日はよろしくお願いします。", "Thank you for joining."),
                (95, "生成AIの活用事例です。", "Uses of generative AI."),
            ],
        ),
        "public_notice": walkable_briefing(notices, mishima),
        "secret_notice": factories.members_only(
            factories.notice(
                notices,
                slug="secret-notice",
                title_ja="会員限定の説明会",
                title_en="Members-only briefing",
                applications_close=datetime.date(2099, 5, 1),
            )
        ),
    }
