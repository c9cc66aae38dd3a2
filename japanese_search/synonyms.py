"""Synonyms, applied at query time: a query word also matches the other words of its synonym groups, ranked
below pages that match the word as typed.

Two sources, neither needs a reindex:
- SudachiDict's synonym dictionary, as published inside the installed sudachidict-core: every dictionary entry
  carries the ids of its synonym groups (the group numbers of SudachiDict's synonyms.txt). The groups' words are
  read once per process from the dictionary's entries (`Dictionary.entries()`, a few seconds) and kept in a cache
  file beside the dictionary's identity (size, mtime), so later processes load them in milliseconds.
  A query word that is one dictionary word (Sudachi long unit, after an honorific お/ご) finds the other words
  of its groups: ホームページ = ウェブサイト, お年寄り = 高齢者.
- The site's own groups, handed in through register_synonyms_provider (editors keep them in the admin): each
  group's words, in any language, find each other as whole query words (湧き水 = 湧水, inbound = 訪日外国人).
"""

import hashlib
import json
import os
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from japanese_search import abbreviations
from japanese_search.japanese import _HIRAGANA_ONLY_RE, _sudachi_dictionary, _sudachi_tokenizer
from japanese_search.normalisation import normalize_text

# Off: no synonyms from SudachiDict (the site's groups still apply).
DICTIONARY = True
# Where the groups read from the dictionary are kept (default: the system's temporary directory).
CACHE_DIR_ENV = "JAPANESE_SEARCH_CACHE_DIR"
# Words shorter than this neither look up nor are offered as synonyms (金, 話: too many senses).
MIN_CHARS = 2
_PREFIX_POS = "接頭辞"

_groups_lock = threading.Lock()
_groups = None
_provider = None


def register_synonyms_provider(provider) -> None:
    """Hand the engine the site's synonym groups: `provider()` returns groups of words that find each other
    (iterables of strings; blanks ignored). It is called whenever a search is made, so it should cache.
    None removes the provider."""
    global _provider
    _provider = provider


def _cache_path() -> Path:
    import sudachidict_core

    system_dic = Path(sudachidict_core.__file__).parent / "resources" / "system.dic"
    stat = system_dic.stat()
    identity = hashlib.sha256(f"{system_dic}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    folder = Path(os.environ.get(CACHE_DIR_ENV) or tempfile.gettempdir())
    return folder / f"japanese_search_synonyms_{identity}.json"


def _read_dictionary_groups() -> dict[int, tuple[str, ...]]:
    groups: dict[int, set[str]] = {}
    for entry in _sudachi_dictionary().entries():
        ids = entry.synonym_group_ids()
        if ids:
            word = normalize_text(entry.normalized_form())
            for group in ids:
                groups.setdefault(group, set()).add(word)
    return {group: tuple(sorted(words)) for group, words in groups.items() if len(words) > 1}


def dictionary_groups() -> dict[int, tuple[str, ...]]:
    """{synonym group id: its words} of the installed SudachiDict (read once per process, cached on disk)."""
    global _groups
    if _groups is None:
        with _groups_lock:
            if _groups is None:
                path = _cache_path()
                try:
                    _groups = {int(key): tuple(words) for key, words in json.loads(path.read_text("utf-8")).items()}
                except (OSError, ValueError):
                    _groups = _read_dictionary_groups()
                    partial = path.with_suffix(f".{os.getpid()}.tmp")
                    try:
                        partial.write_text(json.dumps(_groups, ensure_ascii=False), "utf-8")
                        partial.replace(path)
                    except OSError:
                        pass  # no writable cache: read again next process
    return _groups


@lru_cache(maxsize=4096)
def dictionary_synonyms(word: str) -> tuple[str, ...]:
    """The other words of the synonym groups of a query word that is one dictionary word (after an
    honorific prefix): お年寄り -> 高齢者, シニア, ...; () for anything else."""
    if not DICTIONARY or len(word) < MIN_CHARS or _HIRAGANA_ONLY_RE.fullmatch(word):
        return ()
    morphemes = list(_sudachi_tokenizer("C").tokenize(word))
    if len(morphemes) == 2 and morphemes[0].part_of_speech()[0] == _PREFIX_POS:
        morphemes = morphemes[1:]
    if len(morphemes) != 1 or morphemes[0].is_oov():
        return ()
    ids = morphemes[0].synonym_group_ids()
    if not ids:
        return ()
    groups = dictionary_groups()
    own = {word, normalize_text(morphemes[0].normalized_form()), normalize_text(morphemes[0].surface())}
    found = (other for group in ids for other in groups.get(group, ()))
    return tuple(dict.fromkeys(other for other in found if other not in own and len(other) >= MIN_CHARS))


def site_synonyms() -> dict[str, tuple[str, ...]]:
    """{query word: the other words of its groups} from the site's provider."""
    if _provider is None:
        return {}
    return _site_groups(tuple(tuple(group) for group in _provider()))


@lru_cache(maxsize=1)
def _site_groups(groups) -> dict[str, tuple[str, ...]]:
    return abbreviations.build(groups)


class Synonyms:
    """The synonyms known when a search is made: `synonyms(word)` gives the site's, then the dictionary's."""

    def __init__(self):
        self.site = site_synonyms()

    def __call__(self, word: str) -> tuple[str, ...]:
        key = normalize_text(word).replace(" ", "")
        return tuple(dict.fromkeys((*self.site.get(key, ()), *dictionary_synonyms(key))))
