"""Small questions about field values that templates and search ask alike, and the punctuation our code writes."""

from core.languages import current_language


def is_empty(value):
    """True for None, blank text and an empty StreamField value."""
    if value is None:
        return True
    if hasattr(value, "raw_data"):  # StreamValue
        return len(value.raw_data) == 0
    return not str(value).strip()


# Punctuation written by our code (not content) around names: Japanese pages use full-width marks, every other
# language ASCII ones. Templates reach it through site_tags' `punct` tag and `parenthesised` filter.
PUNCTUATION = {
    "ja": {"(": "（", ")": "）", ",": "、", "/": "・", ".": "。", ":": "："},
    "other": {"(": " (", ")": ")", ",": ", ", "/": ", ", ".": ". ", ":": ": "},
}
FULL_WIDTH_MARKS = "（）、。・："


def punctuation(mark, lang=None):
    """The written form of `mark` ( ( ) , / . : ) in a language (the current one by default)."""
    table = PUNCTUATION["ja" if (lang or current_language()) == "ja" else "other"]
    return table[mark]


def parenthesised(text, lang=None):
    """`text` in brackets after a name: （大阪府） in Japanese, " (Osaka)" otherwise; "" for no text."""
    text = "" if text is None else str(text).strip()
    return f"{punctuation('(', lang)}{text}{punctuation(')', lang)}" if text else ""


def name_with(name, detail, lang=None):
    """A name followed by a detail in brackets: 松原市（大阪府）, Matsubara City (Osaka)."""
    return f"{name or ''}{parenthesised(detail, lang)}".strip()


def listed(parts, lang=None, mark="/"):
    """Names joined as the language lists them: 松原市・大阪府, Matsubara City, Osaka."""
    return punctuation(mark, lang).join(str(p) for p in parts if p)
