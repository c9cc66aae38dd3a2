"""English words: stop words, British-to-American spelling and Snowball stemming, hyphenated words."""

import re
import threading
from functools import lru_cache

from japanese_search import spelling

# Lucene's English stop words without "it" (IT is a common word on this site).
# Dropped from title/body and whole-word queries, kept for autocomplete.
ENGLISH_STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "no", "not",
        "of", "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to",
        "was", "will", "with",
    }
)  # fmt: skip
# Latin words joined by hyphens (Wi-Fi, co-creation), after normalisation (lowercase).
_HYPHEN_RE = re.compile("[-\u2010\u2011]")
_HYPHENATED_RE = re.compile(r"(?<![a-z0-9\u2010\u2011-])[a-z]+(?:[-\u2010\u2011][a-z]+)+(?![a-z0-9\u2010\u2011-])")

_local = threading.local()


def _english_stemmer():
    stemmer = getattr(_local, "english_stemmer", None)
    if stemmer is None:
        import snowballstemmer

        # Snowball English ("porter2"): the algorithm of PostgreSQL's english config.
        stemmer = _local.english_stemmer = snowballstemmer.stemmer("english")
    return stemmer


@lru_cache(maxsize=65536)
def stem_english(word: str) -> str:
    """The Snowball stem of the word's American spelling (organisation and organization: "organ")."""
    if not word.isascii() or not word.isalpha():
        return word
    return _english_stemmer().stemWord(spelling.american(word))


def hyphen_joins(normalized: str) -> list[tuple[int, int, str]]:
    """(start, end, stem) of each word written with hyphens, read as one word: Wi-Fi as wifi, co-creation as
    cocreation, start-ups as startup. The parts stay tokens of their own; this lets either spelling find the other."""
    return [(m.start(), m.end(), stem_english(_HYPHEN_RE.sub("", m.group()))) for m in _HYPHENATED_RE.finditer(normalized)]
