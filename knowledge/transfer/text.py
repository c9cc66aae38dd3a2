"""Plain text of the import file <-> the rich text and StreamField paragraphs stored on pages."""

import html
import re

from wagtail.rich_text import RichText


def blank(value):
    """None as "", for comparing and exporting optional text columns."""
    return value or ""


def split_paragraphs(text):
    """Paragraphs separated by blank lines; spaces at either end of a paragraph are dropped, not inner lines."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return [p.strip(" \t\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip(" \t\n")]


def normalise_text(text):
    return "\n\n".join(split_paragraphs(text))


def paragraph_html(paragraph):
    return "<p>" + html.escape(paragraph, quote=False).replace("\n", "<br/>") + "</p>"


def html_to_text(source):
    """Rich text (Wagtail's stored HTML) back to plain paragraphs."""
    text = re.sub(r"<br\s*/?>", "\n", source or "", flags=re.IGNORECASE)
    text = re.sub(r"</(p|h[1-6]|li|ul|ol|blockquote)\s*>", "\n\n", text, flags=re.IGNORECASE)
    text = re.sub(r"<[^>]+>", "", text)
    return normalise_text(html.unescape(text))


def text_to_stream(text):
    return [("paragraph", RichText(paragraph_html(p))) for p in split_paragraphs(text)]


def text_to_rich_text(text):
    return "".join(paragraph_html(p) for p in split_paragraphs(text))


def stream_to_text(stream_value):
    """The text of paragraph, heading and quote blocks; other blocks (images, links…) carry no text here."""
    if not stream_value:
        return ""
    raw = getattr(stream_value, "raw_data", stream_value)
    paragraphs = []
    for block in raw:
        kind, value = block.get("type"), block.get("value")
        if kind == "paragraph":
            paragraphs.append(html_to_text(value))
        elif kind == "heading" and isinstance(value, dict):
            paragraphs.append(normalise_text(value.get("text", "")))
        elif kind == "quote" and isinstance(value, dict):
            paragraphs.append(normalise_text(value.get("quote", "")))
    return "\n\n".join(p for p in paragraphs if p)


def bilingual(ja, en):
    """{"ja": ..., "en": ...} as exported: English only when there is some."""
    result = {"ja": blank(ja)}
    if en:
        result["en"] = en
    return result
