import datetime

import pytest
from django.core.cache import cache

from knowledge.models import CaseStudyIndexPage, ProgramNoticeIndexPage, SeminarRecordingIndexPage
from tests import factories


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def content(site_tree):
    """A public and a members-only page of each kind, a Japanese-only case study, and the snippets they use."""
    home, indexes = site_tree
    shizuoka = factories.municipality(code="222062", name_ja="三島市", name_en="Mishima City", prefecture_code=22)
    oita = factories.municipality(code="442020", name_ja="別府市", name_en="Beppu City", prefecture_code=44)
    tourism = factories.theme(slug="tourism", axis="connect", name_ja="観光・交流", name_en="Tourism and exchange")
    dx = factories.theme(slug="dx", axis="create", name_ja="DX・デジタル", name_en="Digital transformation")
    mayor = factories.person(municipality=shizuoka)
    cases = indexes[CaseStudyIndexPage]
    public_case = factories.case_study(
        cases, slug="garden-city", municipality=shizuoka, presenter=mayor, themes=[tourism], date=datetime.date(2024, 4, 10)
    )
    ja_only_case = factories.case_study(
        cases,
        slug="onsen-town",
        title_ja="温泉と観光のまちづくり",
        title_en="",
        summary_ja="温泉街の再生。",
        municipality=oita,
        themes=[tourism],
        date=datetime.date(2025, 2, 1),
    )
    secret_case = factories.members_only(
        factories.case_study(
            cases,
            slug="secret-case",
            title_ja="会員限定の事例",
            title_en="Members-only case",
            municipality=oita,
            themes=[dx],
            date=datetime.date(2025, 6, 1),
        )
    )
    recording = factories.recording(indexes[SeminarRecordingIndexPage], slug="ai-seminar", themes=[dx], duration_seconds=3725)
    recording.chapters.create(start=0, title_ja="はじめに", title_en="Opening", title="はじめに")
    recording.chapters.create(start=600, title_ja="事例紹介", title_en="Case examples", title="事例紹介")
    recording.transcript_segments.create(
        start=0, text_ja="本日はよろしくお願いします。", text_en="Thank you for joining.", text="本日はよろしくお願いします。"
    )
    recording.transcript_segments.create(
        start=95, text_ja="生成AIの活用事例です。", text_en="Uses of generative AI.", text="生成AIの活用事例です。"
    )
    recording.save_revision().publish()
    notices = indexes[ProgramNoticeIndexPage]
    public_notice = factories.notice(
        notices,
        slug="walkable-briefing",
        applications_open=datetime.date(2026, 1, 8),
        applications_close=datetime.date(2099, 2, 27),
        event_start=datetime.date(2099, 3, 10),
        event_end=datetime.date(2099, 3, 11),
        location_ja="東京都千代田区",
        location_en="Chiyoda, Tokyo",
        organisation=factories.organisation(),
        municipality=shizuoka,
    )
    secret_notice = factories.members_only(
        factories.notice(
            notices,
            slug="secret-notice",
            title_ja="会員限定の説明会",
            title_en="Members-only briefing",
            applications_close=datetime.date(2099, 5, 1),
        )
    )
    return {
        "home": home,
        "indexes": indexes,
        "public_case": public_case,
        "ja_only_case": ja_only_case,
        "secret_case": secret_case,
        "recording": recording,
        "public_notice": public_notice,
        "secret_notice": secret_notice,
    }
