"""Dates and durations as people read them in each language, with the Japanese era (令和)."""

import datetime

from django.utils import timezone

from core.languages import current_language

# (first day, era name); newest first.
ERAS = (
    (datetime.date(2019, 5, 1), "令和"),
    (datetime.date(1989, 1, 8), "平成"),
    (datetime.date(1926, 12, 25), "昭和"),
)
EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def as_date(value):
    """The local calendar day of a date or datetime; None for anything else."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, datetime.date):
        return value
    return None


def japanese_era(day):
    """令和8年1月8日 for 2026-01-08; 元年 for an era's first year; None before Shōwa."""
    for first_day, name in ERAS:
        if day >= first_day:
            year = day.year - first_day.year + 1
            return f"{name}{'元' if year == 1 else year}年{day.month}月{day.day}日"
    return None


def localdate_display(value, lang=None):
    """The date as people read it: 令和8年1月8日（2026年1月8日） in Japanese, 8 January 2026 in English."""
    day = as_date(value)
    if day is None:
        return ""
    lang = lang or current_language()
    if lang == "ja":
        western = f"{day.year}年{day.month}月{day.day}日"
        era = japanese_era(day)
        return f"{era}（{western}）" if era else western
    return f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"


def date_range(start, end):
    """One date, or two joined by a dash; either side may be missing."""
    start_text, end_text = localdate_display(start), localdate_display(end)
    if start_text and end_text and start_text != end_text:
        return f"{start_text} – {end_text}"
    return start_text or end_text


def duration_display(seconds):
    """1時間2分 / 1 h 2 min; empty for nothing."""
    if not seconds:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes = rest // 60 or (0 if hours else 1)
    if current_language() == "ja":
        return (f"{hours}時間" if hours else "") + (f"{minutes}分" if minutes else "")
    return " ".join(part for part in (f"{hours} h" if hours else "", f"{minutes} min" if minutes else "") if part)
