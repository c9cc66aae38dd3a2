"""core.dates: dates and durations as people read them, with the Japanese era."""

import datetime
import zoneinfo

import pytest
from django.utils import translation

from core.dates import date_range, duration_display, japanese_era, localdate_display


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2026, 1, 8), "令和8年1月8日（2026年1月8日）"),
        (datetime.date(2019, 5, 1), "令和元年5月1日（2019年5月1日）"),
        (datetime.date(2019, 4, 30), "平成31年4月30日（2019年4月30日）"),
        (datetime.date(2020, 1, 1), "令和2年1月1日（2020年1月1日）"),
        (datetime.date(1989, 1, 8), "平成元年1月8日（1989年1月8日）"),
        (datetime.date(1989, 1, 7), "昭和64年1月7日（1989年1月7日）"),
        (datetime.date(1926, 12, 24), "1926年12月24日"),
    ],
)
def test_japanese_dates_carry_the_era(day, expected):
    translation.activate("ja")
    assert localdate_display(day) == expected


@pytest.mark.parametrize(
    "day, expected",
    [
        (datetime.date(2026, 1, 8), "8 January 2026"),
        (datetime.date(2019, 5, 1), "1 May 2019"),
        (datetime.date(2025, 12, 31), "31 December 2025"),
    ],
)
def test_english_dates(day, expected):
    translation.activate("en")
    assert localdate_display(day) == expected


def test_an_aware_datetime_is_shown_as_the_date_in_japan():
    late_evening_utc = datetime.datetime(2026, 1, 7, 20, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert localdate_display(late_evening_utc, "ja") == "令和8年1月8日（2026年1月8日）"
    assert localdate_display(late_evening_utc, "en") == "8 January 2026"


@pytest.mark.parametrize("value", [None, "", "2026-01-08", 20260108])
def test_values_that_are_not_dates_give_nothing(value):
    assert localdate_display(value) == ""


def test_era_name_alone():
    assert japanese_era(datetime.date(2026, 4, 1)) == "令和8年4月1日"
    assert japanese_era(datetime.date(1900, 1, 1)) is None


@pytest.mark.parametrize(
    "lang, seconds, expected",
    [
        ("ja", 3725, "1時間2分"),
        ("ja", 1800, "30分"),
        ("ja", 3600, "1時間"),
        ("ja", 20, "1分"),
        ("en", 3725, "1 h 2 min"),
        ("en", 1800, "30 min"),
        ("en", None, ""),
    ],
)
def test_durations(lang, seconds, expected):
    translation.activate(lang)
    assert duration_display(seconds) == expected


def test_a_date_range_joins_two_dates_and_shows_one_once():
    translation.activate("en")
    start, end = datetime.date(2026, 3, 10), datetime.date(2026, 3, 11)
    assert date_range(start, end) == "10 March 2026 – 11 March 2026"
    assert date_range(start, start) == "10 March 2026"
    assert date_range(None, end) == "11 March 2026"
    assert date_range(None, None) == ""
