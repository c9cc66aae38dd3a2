"""The site's languages, the one being used, and which of them a page has text in."""

from django.conf import settings
from django.utils import translation

DEFAULT_LANGUAGE = settings.LANGUAGE_CODE
LANGUAGES = tuple(settings.LANGUAGES)  # (code, name in its own language)
LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)


def current_language():
    """The active language's code without region (ja, en); the default language when none is active."""
    return (translation.get_language() or DEFAULT_LANGUAGE).split("-")[0]


def has_english(page):
    """True when the page has its own English text (knowledge pages: title and summary; others: title)."""
    specific = getattr(page, "specific", page)
    if hasattr(specific, "lacks_english"):
        return not specific.lacks_english
    return bool((getattr(specific, "title_en", "") or "").strip())


def page_languages(page):
    """The languages the page really has text in; Japanese always."""
    return [code for code in LANGUAGE_CODES if code == DEFAULT_LANGUAGE or (code == "en" and has_english(page))]


def url_in(page, lang, request=None):
    """The page's absolute URL in a language, on the host the request came to (as the canonical link is)."""
    with translation.override(lang):
        url = page.get_url(request)
    if request is not None and url:
        return request.build_absolute_uri(url)
    with translation.override(lang):
        return page.get_full_url(request)
