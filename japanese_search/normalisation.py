"""Normalisation shared by indexed text and queries: NFKC, variant kanji, invisible characters, case,
Latin diacritics."""

import re
import unicodedata
from functools import lru_cache

# Variant kanji that NFKC leaves alone (mostly names); kept deliberately short.
VARIANT_KANJI = {
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "德": "徳",
    "邊": "辺",
    "邉": "辺",
    "濵": "浜",
    "濱": "浜",
    "槗": "橋",
    "𠮷": "吉",
    "栁": "柳",
    "冨": "富",
}

_VARIANT_TABLE = str.maketrans(VARIANT_KANJI)

_WHITESPACE_RE = re.compile(r"\s+")
# Control and format characters (zero-width spaces/joiners, BOM, soft hyphen, bidi marks,
# tags) and variation selectors: removed, so a word split by one of them stays whole.
_INVISIBLE_RE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e0fff]"
)


_NFKC_CHUNK_CHARS = 256
# Characters that never compose with the character before them: safe places to cut.
_NFKC_SAFE_START_RE = re.compile("[\x00-\x7f\\s\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]")


def _nfkc(text: str) -> str:
    """NFKC in chunks: CPython's normalize() slows down badly on long unnormalised strings."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    parts = []
    start = 0
    while start < len(text):
        end = min(start + _NFKC_CHUNK_CHARS, len(text))
        # Cut only before a character that cannot combine with the one before it.
        while end < len(text) and not _NFKC_SAFE_START_RE.match(text, end):
            end += 1
        parts.append(unicodedata.normalize("NFKC", text[start:end]))
        start = end
    return "".join(parts)


def normalize_text(text: str) -> str:
    """NFKC, fold variant kanji, drop invisible/control characters, lowercase."""
    if not text:
        return ""
    text = _nfkc(text)
    text = _INVISIBLE_RE.sub("", _WHITESPACE_RE.sub(" ", text))
    return text.translate(_VARIANT_TABLE).lower()


@lru_cache(maxsize=4096)
def _fold_diacritics(word: str) -> str:
    if word.isascii():
        return word
    folded = []
    for char in word:
        if ord(char) < 0x0250 or 0x1E00 <= ord(char) <= 0x1EFF:  # Latin
            char = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        folded.append(char)
    return "".join(folded)
