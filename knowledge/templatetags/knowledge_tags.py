"""Template tags of knowledge pages: related pages and outcome figures."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from core.languages import current_language
from knowledge.related import related_pages

register = template.Library()


@register.simple_tag(takes_context=True)
def related_for(context, page):
    """The pages related to this one that the current visitor may see (knowledge/related.py)."""
    request = context.get("request")
    return related_pages(page, getattr(request, "user", None))


@register.filter
def any_sample(outcomes):
    """Whether any of these outcomes holds sample figures (reads the rows the table already fetched)."""
    return any(outcome.is_sample for outcome in outcomes)


@register.filter
def figure(value):
    """A decimal figure without trailing zeros, grouped by thousands: 1234.50 → 1,234.5."""
    if value is None:
        return ""
    value = Decimal(value)
    normal = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return number_format(normal, use_l10n=True, force_grouping=True)


@register.filter
def signed_figure(value):
    """A change with its sign: +120, −3.5, ±0."""
    if value is None:
        return ""
    if value == 0:
        return "±0"
    return ("+" if value > 0 else "−") + figure(abs(value))


@register.simple_tag
def measure(value, unit):
    """A figure with its unit as each language writes it: 310人, 12% / 310 people, 12%."""
    if value is None:
        return "—"
    joiner = "" if current_language() == "ja" or unit in ("%", "％") else " "
    return f"{figure(value)}{joiner}{unit}" if unit else figure(value)
