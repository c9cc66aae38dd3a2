import pytest
from django.template import Context, Template
from django.utils import translation

from home.templatetags.site_tags import figure_display


@pytest.mark.parametrize(
    "value, expected",
    [("1234.50", "1,234.5"), ("664", "664"), ("1000000.000", "1,000,000"), ("0.25", "0.25"), (None, ""), ("abc", "abc")],
)
def test_key_figure_numbers(value, expected):
    import decimal

    number = decimal.Decimal(value) if value not in (None, "abc") else value
    assert figure_display(number) == expected


def test_the_date_filters_templates_load_by_name_use_core_dates():
    import datetime

    translation.activate("ja")
    template = Template("{% load site_tags %}{{ day|localdate_display }} {{ seconds|duration_display }} {% date_range day day %}")
    rendered = template.render(Context({"day": datetime.date(2026, 1, 8), "seconds": 3725}))
    assert rendered == "令和8年1月8日（2026年1月8日） 1時間2分 令和8年1月8日（2026年1月8日）"
