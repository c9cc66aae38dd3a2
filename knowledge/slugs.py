"""Short readable slugs for new pages: from the English title, else the Japanese title read in romaji, else the date.

One slug serves /ja/ and /en/, so it must read well in an English URL: `kakitagawa-yusuigun`, never ~200 characters
of %E6%9F%BF…. Existing slugs are never rewritten (their URLs keep working); only an empty slug is filled.
"""

import re

from django.utils.text import slugify

from japanese_search.analysis import analyze_japanese_run
from knowledge.romaji import hepburn

MAX_SLUG_CHARS = 50
_JAPANESE_RUN = re.compile(r"[\u3005\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _romanised_words(text):
    """The title's words in romaji (Japanese runs by Sudachi's readings), other letters and digits as written."""
    words = []
    for piece in re.findall(rf"{_JAPANESE_RUN.pattern}|[A-Za-z0-9]+", text):
        if not _JAPANESE_RUN.fullmatch(piece):
            words.append(piece)
            continue
        for morpheme in analyze_japanese_run(piece):
            word = hepburn(morpheme.reading or morpheme.surface)
            if word:
                words.append(word)
    return words


def _shortened(slug):
    """At most MAX_SLUG_CHARS, cut between words."""
    if len(slug) <= MAX_SLUG_CHARS:
        return slug
    cut = slug[: MAX_SLUG_CHARS + 1].rsplit("-", 1)[0]
    return cut if len(cut) >= MAX_SLUG_CHARS // 2 else slug[:MAX_SLUG_CHARS].rstrip("-")


def readable_slug(title_en="", title_ja="", date=None):
    """The base of a new page's slug: ASCII letters, digits and hyphens, at most MAX_SLUG_CHARS."""
    slug = slugify(title_en or "")
    if not slug and title_ja:
        slug = slugify(" ".join(_romanised_words(title_ja)))
    if not slug and date:
        slug = date.isoformat()
    return _shortened(slug) or "page"


def unique_slug(base, parent, page=None):
    """`base`, or `base-2`, `base-3`… so that no other page under `parent` has it."""
    siblings = parent.get_children().exclude(pk=page.pk) if page is not None and page.pk else parent.get_children()
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}-{suffix}"
    return candidate
