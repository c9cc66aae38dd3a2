"""Site-wide template tags: dates in both languages, language switching, lang attributes, navigation."""

import decimal
import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.models import Page, Site

from core.dates import date_range, duration_display, localdate_display
from core.languages import LANGUAGE_CODES, LANGUAGES, current_language, page_languages
from core.pagination import page_window
from core.text import is_empty, parenthesised, punctuation
from core.visibility import members_only_checker, public_pages, visible_related
from home.models import StandardPage
from knowledge.models import CaseStudyIndexPage, NoticeStatus, ProgramNoticeIndexPage, SeminarRecordingIndexPage
from knowledge.video import embed_url, youtube_id

register = template.Library()

SECONDS = re.compile(r"[0-9]{1,6}")

# Dates in both languages (core.dates).
register.filter("localdate_display", localdate_display)
register.simple_tag(date_range, name="date_range")
register.filter("duration_display", duration_display)

# Punctuation our templates write around names, in the page's language (core.text): {% punct "(" %}, |parenthesised.
register.simple_tag(punctuation, name="punct")
register.filter("parenthesised", parenthesised)


# ------------------------------------------------------------------ languages


def other_language_url(request, lang):
    """The same page (same path, same query string) in another language."""
    url = request.get_full_path()
    translated = translate_url(url, lang)
    if translated != url:
        return translated
    # Paths that do not resolve (404 pages): swap the language prefix by hand.
    codes = LANGUAGE_CODES
    parts = url.split("/", 2)
    if len(parts) > 1 and parts[1] in codes:
        parts[1] = lang
        return "/".join(parts) if len(parts) > 2 else "/".join(parts) + "/"
    return f"/{lang}{url}" if url.startswith("/") else f"/{lang}/"


@register.simple_tag(takes_context=True)
def language_links(context):
    """[{code, name, url, is_current}] for every site language, pointing at this page."""
    request = context.get("request")
    current = current_language()
    links = []
    for code, name in LANGUAGES:
        url = other_language_url(request, code) if request else f"/{code}/"
        links.append({"code": code, "name": name, "url": url, "is_current": code == current})
    return links


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """Absolute URLs for <link rel="alternate" hreflang>: one per language the page has text in (as in
    sitemap.xml), plus x-default (Japanese)."""
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    languages = page_languages(page) if page is not None else list(LANGUAGE_CODES)
    if len(languages) < 2:  # text in one language only: no alternates (its other address is noindex)
        return []
    links = [(code, request.build_absolute_uri(other_language_url(request, code))) for code in languages]
    default = dict(links)[settings.LANGUAGE_CODE]
    return [*links, ("x-default", default)]


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's own address without filters; a listing keeps the number of the page it shows, beyond the first."""
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    items = context.get("items")
    number = getattr(items, "number", 1) if hasattr(items, "paginator") else 1
    return f"{url}?page={number}" if number > 1 else url


def _missing_in_language(obj, field, lang):
    own = getattr(obj, f"{field}_{lang}", None)
    original = getattr(obj, f"{field}_{settings.LANGUAGE_CODE}", None)
    return is_empty(own) and not is_empty(original)


@register.simple_tag
def breadcrumb_ancestors(page):
    """The page's ancestors below the tree root, oldest first: read once per page object (breadcrumb, JSON-LD)."""
    if "_breadcrumb_ancestors" not in page.__dict__:
        page.__dict__["_breadcrumb_ancestors"] = [a for a in page.get_ancestors() if a.depth > 1]
    return page.__dict__["_breadcrumb_ancestors"]


@register.simple_tag
def lang_attr(obj, field):
    """` lang="ja"` when the field is shown in Japanese on a page in another language (its fallback)."""
    lang = current_language()
    if obj is None or lang == settings.LANGUAGE_CODE:
        return ""
    if _missing_in_language(obj, field, lang):
        return mark_safe(f' lang="{settings.LANGUAGE_CODE}"')  # noqa: S308
    return ""


@register.filter
def lacks_translation(page):
    """True on a non-Japanese page whose text is missing in that language and falls back to Japanese."""
    lang = current_language()
    if page is None or lang == settings.LANGUAGE_CODE:
        return False
    specific = getattr(page, "specific", page)
    if lang == "en" and hasattr(specific, "lacks_english"):
        return bool(specific.lacks_english)
    return is_empty(getattr(specific, f"title_{lang}", None))


# ------------------------------------------------------------------ recordings


@register.simple_tag(takes_context=True)
def start_seconds(context):
    """?t=N as a non-negative whole number of seconds; anything else is 0."""
    request = context.get("request")
    value = (request.GET.get("t") or "").strip() if request else ""
    return int(value) if SECONDS.fullmatch(value) else 0


@register.simple_tag
def video_embed_url(url, start=0):
    """The embeddable player URL starting at `start` seconds, or "" when the URL is not embeddable."""
    if not youtube_id(url):
        return ""
    return embed_url(url, start)


# ------------------------------------------------------------------ navigation


@register.simple_tag
def page_numbers(page, around=2):
    """The page numbers to link: the first, the last and `around` either side of the current one;
    None marks a gap (shown as …). A handful of numbers however many pages there are."""
    return page_window(page.number, page.paginator.num_pages, around)


@register.simple_tag(takes_context=True)
def main_navigation(context):
    """Links of the main menu: the three index pages and the about page, in this order."""
    request = context.get("request")
    cached = getattr(request, "_main_navigation", None)
    if cached is not None:
        return cached
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        order = [CaseStudyIndexPage, SeminarRecordingIndexPage, ProgramNoticeIndexPage, StandardPage]
        children = public_pages(Page.objects.child_of(site.root_page).live().type(*order))
        first = {}
        for page in children.order_by("path"):
            if page.specific_class is StandardPage and page.slug != "about":
                continue
            first.setdefault(page.specific_class, page)
        items = [first[model] for model in order if model in first]
    if request is not None:
        request._main_navigation = items
    return items


@register.simple_tag
def search_url():
    return f"/{current_language()}/search/"


@register.filter
def status_label(status):
    """The label of a notice status value (予告, 募集中...)."""
    try:
        return NoticeStatus(status).label
    except ValueError:
        return ""


@register.filter
def in_section(page, section):
    """True when `page` is `section` or lies below it."""
    if not page or not section or not hasattr(page, "url_path"):
        return False
    return page.url_path.startswith(section.url_path)


@register.filter
def figure_display(value):
    """1,234.5 for Decimal("1234.50"): thousands separators, no trailing zeros."""
    if value is None or value == "":
        return ""
    try:
        number = decimal.Decimal(str(value))
    except decimal.InvalidOperation:
        return str(value)
    text = f"{number:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.simple_tag(takes_context=True)
def related_pages(context, queryset):
    """The live related pages the current visitor may see (members-only ones only when signed in)."""
    request = context.get("request")
    return visible_related(queryset, getattr(request, "user", None))


@register.simple_tag(takes_context=True)
def index_for(context, type_slug):
    """The site's index page listing pages of this type (case-study, recording, notice), or None."""
    for page in main_navigation(context):
        child_model = getattr(page.specific_class, "child_model", None)
        if child_model is not None and child_model.type_slug == type_slug:
            return page
    return None


@register.simple_tag
def meta_description(page, length=160):
    """The page's search description, else its summary or intro as plain text, cut to `length` characters."""
    if not page:  # views outside the page tree have no page ("" in a template)
        return ""
    specific = getattr(page, "specific", page)
    for value in (page.search_description, getattr(specific, "summary", ""), getattr(specific, "intro", "")):
        plain = " ".join(strip_tags(str(value or "")).split())
        if plain:
            return Truncator(plain).chars(length)
    return ""


@register.simple_tag(takes_context=True)
def is_members_only(context, page):
    """Whether a login restriction covers this page (core.visibility); the restricted paths are read once per request."""
    request = context.get("request")
    checker = getattr(request, "_members_only_checker", None)
    if checker is None:
        checker = members_only_checker()
        if request is not None:
            request._members_only_checker = checker
    return checker(page)
