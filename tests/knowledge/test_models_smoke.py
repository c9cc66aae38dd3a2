import datetime

import pytest

from knowledge.models import CaseStudyIndexPage, NoticeStatus, ProgramNoticeIndexPage, ProgramNoticePage
from tests import factories

pytestmark = pytest.mark.django_db


def test_case_study_keeps_both_languages(site_tree):
    _, indexes = site_tree
    page = factories.case_study(indexes[CaseStudyIndexPage], municipality=factories.municipality())
    page.refresh_from_db()
    assert page.title_ja == "湧水と緑を活かしたガーデンシティ"
    assert page.title_en == "A garden city built on spring water"
    assert page.municipality.prefecture.name_en == "Shizuoka"


@pytest.mark.parametrize(
    "today, expected",
    [
        (datetime.date(2026, 1, 9), NoticeStatus.UPCOMING),
        (datetime.date(2026, 1, 10), NoticeStatus.OPEN),
        (datetime.date(2026, 2, 21), NoticeStatus.OPEN),
        (datetime.date(2026, 2, 22), NoticeStatus.CLOSING_SOON),
        (datetime.date(2026, 2, 28), NoticeStatus.CLOSING_SOON),
        (datetime.date(2026, 3, 1), NoticeStatus.CLOSED),
    ],
)
def test_notice_status_around_each_boundary(site_tree, today, expected):
    _, indexes = site_tree
    page = factories.notice(
        indexes[ProgramNoticeIndexPage],
        applications_open=datetime.date(2026, 1, 10),
        applications_close=datetime.date(2026, 2, 28),
    )
    assert page.status(today) == expected
    # the database filter agrees with the Python rule
    matching = ProgramNoticePage.objects.filter(ProgramNoticePage.status_filter(expected, today))
    assert list(matching) == [page]


def test_a_notice_without_any_dates_is_unscheduled_not_open(site_tree):
    _, indexes = site_tree
    notices = indexes[ProgramNoticeIndexPage]
    undated = factories.notice(notices, title_ja="日程が決まっていない連携", title_en="A partnership not yet scheduled")
    dated = factories.notice(notices, applications_close=datetime.date(2099, 1, 1))
    assert undated.status() == NoticeStatus.UNSCHEDULED
    assert dated.status() == NoticeStatus.OPEN
    unscheduled = ProgramNoticePage.objects.filter(ProgramNoticePage.status_filter(NoticeStatus.UNSCHEDULED))
    open_now = ProgramNoticePage.objects.filter(ProgramNoticePage.status_filter(NoticeStatus.OPEN))
    assert (list(unscheduled), list(open_now)) == ([undated], [dated])
