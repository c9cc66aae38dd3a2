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


@pytest.mark.parametrize(
    "event_start, event_end",
    [
        (datetime.date(2027, 5, 15), datetime.date(2027, 8, 15)),
        (datetime.date(2027, 5, 15), None),
        (None, datetime.date(2027, 5, 15)),
    ],
)
def test_a_notice_with_event_dates_only_has_an_event_status_and_is_never_an_open_call(site_tree, event_start, event_end):
    _, indexes = site_tree
    notice = factories.notice(indexes[ProgramNoticeIndexPage], event_start=event_start, event_end=event_end)
    first, last = event_start or event_end, event_end or event_start
    days = {
        first - datetime.timedelta(days=30): NoticeStatus.EVENT_UPCOMING,
        first - datetime.timedelta(days=1): NoticeStatus.EVENT_UPCOMING,
        first: NoticeStatus.EVENT_ONGOING,
        last: NoticeStatus.EVENT_ONGOING,
        last + datetime.timedelta(days=1): NoticeStatus.EVENT_ENDED,
    }
    for today, expected in days.items():
        assert notice.status(today) == expected, today
        for status in NoticeStatus:  # the database filter agrees with the Python rule, for every status
            matching = ProgramNoticePage.objects.filter(ProgramNoticePage.status_filter(status, today))
            assert list(matching) == ([notice] if status == expected else []), (today, status)
        assert not ProgramNoticePage.objects.filter(ProgramNoticePage.open_calls_filter(today)).exists()


def test_every_notice_matches_exactly_one_status_filter(site_tree):
    _, indexes = site_tree
    day = datetime.date(2026, 6, 1)
    offsets = (None, -10, 0, 3, 10)
    notices = []
    for n, (opens, closes, starts) in enumerate(
        (o, c, s) for o in offsets for c in offsets for s in (None, -3, 3) if o is None or c is None or o <= c
    ):
        dates = {
            name: day + datetime.timedelta(days=offset)
            for name, offset in (("applications_open", opens), ("applications_close", closes), ("event_start", starts))
            if offset is not None
        }
        notices.append(factories.notice(indexes[ProgramNoticeIndexPage], slug=f"notice-{n}", **dates))
    for notice in notices:
        expected = notice.status(day)
        found = [
            s
            for s in NoticeStatus
            if ProgramNoticePage.objects.filter(ProgramNoticePage.status_filter(s, day), pk=notice.pk).exists()
        ]
        assert found == [expected], (notice.applications_open, notice.applications_close, notice.event_start)
