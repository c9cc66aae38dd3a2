"""A small search corpus built with the real page models and indexed by the configured backend.

All text is sample text for the tests (not claims about real people or municipalities).
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.utils import translation
from wagtail.rich_text import RichText
from wagtail.search import index

from knowledge.models import CaseStudyIndexPage, ProgramNoticeIndexPage, SeminarRecordingIndexPage, TranscriptSegment
from tests import factories


def paragraphs(*texts):
    return [("paragraph", RichText("".join(f"<p>{text}</p>" for text in texts)))]


def reindex(*pages):
    """Index the pages' final state (themes, speakers and transcript rows are saved after the page row)."""
    for page in pages:
        index.insert_or_update_object(page.specific)


def build_corpus():
    _home, indexes = factories.build_site()
    cases, recordings, notices = (
        indexes[CaseStudyIndexPage],
        indexes[SeminarRecordingIndexPage],
        indexes[ProgramNoticeIndexPage],
    )
    tourism = factories.theme(slug="tourism", axis="connect", name_ja="観光・交流", name_en="Tourism and exchange")
    environment = factories.theme(slug="environment", axis="protect", name_ja="環境", name_en="Environment")
    dx = factories.theme(slug="dx", axis="create", name_ja="DX・デジタル", name_en="Digital transformation")
    mishima = factories.municipality(code="222062", name_ja="三島市", name_en="Mishima City", prefecture_code=22)
    beppu = factories.municipality(code="442020", name_ja="別府市", name_en="Beppu City", prefecture_code=44)
    presenter = factories.person(name_ja="豊岡武士", name_en="Takeshi Toyooka", municipality=mishima)
    speaker = factories.person(name_ja="濱田剛史", name_en="Takeshi Hamada", role_ja="高槻市長", role_en="Mayor of Takatsuki")
    mlit = factories.organisation()

    garden = factories.case_study(
        cases,
        slug="garden-city",
        title_ja="湧水と緑を活かしたガーデンシティ",
        title_en="A garden city built on spring water",
        summary_ja="街中の湧水と花で回遊性を高めた。",
        summary_en="Springs and flowers that invite people to stroll the town.",
        body_ja=paragraphs("市民と共に水辺空間を再生し、景観づくりを進めた。<b>見出し</b>のような & 記号も本文にある。"),
        body_en=paragraphs("Waterside spaces were restored together with residents."),
        municipality=mishima,
        presenter=presenter,
        themes=[tourism, environment],
        date=datetime.date(2024, 4, 10),
    )
    onsen = factories.case_study(
        cases,
        slug="onsen-dx",
        title_ja="温泉街の回遊を促すデジタル案内",
        title_en="",
        summary_ja="別府の温泉街で多言語のデジタル案内を整えた。",
        summary_en="",
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
        title_ja="未来創造セミナー 第6回「生成AIと自治体業務」",
        title_en="Future Creation Seminar 6: Generative AI and municipal work",
        summary_ja="生成AIを議事録作成に使う事例。",
        summary_en="Using generative AI for minutes.",
        session=6,
        themes=[dx],
        date=datetime.date(2025, 12, 3),
    )
    seminar.speakers.set([speaker])
    TranscriptSegment.objects.create(page=seminar, start=0, text_ja="生成AIの基本から始めます。", text_en="The basics first.")
    TranscriptSegment.objects.create(
        page=seminar,
        start=1260,
        text_ja="チャットボットで窓口の問い合わせが三割減りました。",
        text_en="A chatbot cut counter enquiries by thirty per cent.",
    )
    seminar.save_revision().publish()
    walkable = factories.notice(
        notices,
        slug="walkable-briefing",
        title_ja="ウォーカブルなまちづくり支援事業の説明会",
        title_en="Briefing on support for walkable towns",
        summary_ja="歩きたくなるまちなかづくりの支援制度を紹介する。",
        summary_en="An introduction to support for walkable town centres.",
        organisation=mlit,
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
    pages = [garden, onsen, beppu_tourism, seminar, walkable, members, draft]
    reindex(*pages)
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


@pytest.fixture(scope="module", name="corpus")
def corpus_fixture(django_db_setup, django_db_blocker):
    """Built once per test module inside a transaction that is rolled back after the module's tests
    (each test runs in a savepoint within it)."""
    with django_db_blocker.unblock():
        translation.activate("ja")
        with transaction.atomic():
            yield build_corpus()
            transaction.set_rollback(True)
        translation.deactivate()
