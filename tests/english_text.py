"""Full-width punctuation written by our code into English text (#15): "Matsubara City（Osaka）", "（METI）".

Japanese text shown on an English page is content (a name without an English form, a fallback) and may keep its
own punctuation: a mark with a Japanese character beside it is theirs; a mark between English words is ours.
"""

import re

from bs4 import BeautifulSoup

FULL_WIDTH = "（）、。・"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff々〆ヵヶ]")


def stray_full_width(text):
    """Each full-width mark in `text` with no Japanese character on either side (spaces and marks skipped), in
    some context: [...] when the text is English with our punctuation in it."""
    found = []
    for match in re.finditer(f"[{FULL_WIDTH}]", text):
        before = text[: match.start()].rstrip(f" {FULL_WIDTH}")[-1:]
        after = text[match.end() :].lstrip(f" {FULL_WIDTH}")[:1]
        if not JAPANESE.match(before or " ") and not JAPANESE.match(after or " "):
            found.append(text[max(0, match.start() - 30) : match.end() + 30])
    return found


def english_text_of(html):
    """The visible text of an HTML page without what is marked as Japanese (lang="ja"), scripts and styles."""
    page = BeautifulSoup(html, "html.parser")
    for element in page.select('script, style, template, [lang="ja"]'):
        element.decompose()
    return " ".join((page.body or page).get_text(" ").split())


def strings_in(data):
    """Every string value in a JSON document."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings_in(value)
