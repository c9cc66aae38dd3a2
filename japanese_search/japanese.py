"""Japanese runs: SudachiPy short units with their normalized forms and readings (one dictionary per
process, one tokenizer per thread), joint readings of consecutive kanji words, kana helpers."""

import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

from japanese_search.normalisation import _VARIANT_TABLE

_JAPANESE_CHARS = (
    "\u3005\u3006\u3007\u303b"  # 々 〆 〇 〻
    "\u3041-\u3096\u309d-\u309f"  # hiragana, ゝゞゟ
    "\u30a1-\u30fa\u30fc-\u30ff"  # katakana, ー ヽヾヿ (not ・)
    "\u31f0-\u31ff"  # small katakana extension
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kanji
    "\U00020000-\U0003ffff"  # kanji extensions
)
# A Japanese run, or a run of other letters/digits (never underscore; only chars
# this Python's Unicode database knows as letters/digits).
_WORD_RE = re.compile(r"[^\W_]+")
_KANA_ONLY_RE = re.compile(r"[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe]+")
_HAS_KANJI_RE = re.compile(r"[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")

# Sudachi refuses inputs over 49149 bytes; Japanese is 3 bytes per char.
SUDACHI_CHUNK_CHARS = 4000
# Index katakana readings of kanji words so kana-only queries (たかつき) find them (高槻).
READINGS = True
# Kana-only query words shorter than this do not try readings (too many homophones).
MIN_READING_QUERY_CHARS = 3
# Consecutive kanji words are also indexed by their joined reading, up to this many words of at least
# JOINT_READING_CHARS kana (joint_readings), in texts up to JOINT_READING_TEXT_CHARS long: titles, names,
# roles, summaries (what people type by sound), not bodies or transcripts, whose index would grow by a tenth.
MAX_JOINED_WORDS = 3
JOINT_READING_CHARS = 4
JOINT_READING_TEXT_CHARS = 200
_HIRAGANA_ONLY_RE = re.compile(r"[\u3041-\u309f]+")
# Sudachi parts of speech that carry no searchable content.
_SKIPPED_POS = {"補助記号", "空白"}
_SYMBOL_POS = {"補助記号", "記号", "空白"}

_local = threading.local()

_dictionary_lock = threading.Lock()
_dictionary = None
_dictionary_pid = None


def _sudachi_dictionary():
    """The Sudachi core dictionary, loaded once per process (memory-mapped)."""
    global _dictionary, _dictionary_pid
    if _dictionary is None or _dictionary_pid != os.getpid():
        with _dictionary_lock:
            if _dictionary is None or _dictionary_pid != os.getpid():
                from sudachipy import Dictionary

                _dictionary = Dictionary(dict="core")
                _dictionary_pid = os.getpid()
    return _dictionary


def _sudachi_tokenizer(mode="A"):
    """One tokenizer per split mode and thread (tokenizers are not thread-safe): short units (A) for the
    index and queries, long units (C) to split a compound query word into its words."""
    tokenizers = getattr(_local, "sudachi_tokenizers", None)
    if tokenizers is None or getattr(_local, "sudachi_pid", None) != os.getpid():
        tokenizers = _local.sudachi_tokenizers = {}
        _local.sudachi_pid = os.getpid()
    if mode not in tokenizers:
        from sudachipy import SplitMode

        tokenizers[mode] = _sudachi_dictionary().tokenizer(mode=getattr(SplitMode, mode))
    return tokenizers[mode]


@dataclass(frozen=True)
class Morpheme:
    surface: str  # as written (normalised text)
    forms: tuple[str, ...]  # index tokens: Sudachi normalized dictionary form
    reading: str  # katakana reading, "" when unknown
    particle: bool = False  # a particle (助詞: の, は, を, とは ...)
    auxiliary: bool = False  # an auxiliary verb (助動詞: た, です, ない ...)
    pos: str = ""  # Sudachi's part of speech (its first level: 名詞, 動詞, 助詞 ...)


@lru_cache(maxsize=16384)
def analyze_japanese_run(run: str) -> tuple[Morpheme, ...]:
    """Sudachi mode A over a run of Japanese script."""
    morphemes = []
    tokenizer = _sudachi_tokenizer()
    for start in range(0, len(run), SUDACHI_CHUNK_CHARS):
        for m in tokenizer.tokenize(run[start : start + SUDACHI_CHUNK_CHARS]):
            if m.part_of_speech()[0] in _SKIPPED_POS:
                continue
            surface = m.surface()
            forms = tuple(_WORD_RE.findall(m.normalized_form().translate(_VARIANT_TABLE).lower()))
            forms = forms or tuple(_WORD_RE.findall(surface))
            reading = m.reading_form() if not m.is_oov() else ""
            pos = m.part_of_speech()[0]
            morphemes.append(Morpheme(surface, forms, reading, pos == "助詞", pos == "助動詞", pos))
    return tuple(morphemes)


def joint_readings(morphemes) -> list[tuple[int, int, str]]:
    """(index, count, reading) for 2-3 consecutive kanji words read as one: a kana query written without
    spaces finds them (はまだたけし: 濱田剛史, でんとうこうげい: 伝統工芸, たかつきし: 高槻市). Readings of at least
    JOINT_READING_CHARS kana; nothing joins across kana, particles or other script."""
    joints = []
    for start in range(len(morphemes) - 1):
        reading = ""
        for count in range(1, MAX_JOINED_WORDS + 1):
            index = start + count - 1
            if index >= len(morphemes):
                break
            m = morphemes[index]
            if not m.reading or not _HAS_KANJI_RE.search(m.surface):
                break
            reading += m.reading
            if count >= 2 and len(reading) >= JOINT_READING_CHARS:
                joints.append((start, count, reading))
    return joints


@lru_cache(maxsize=4096)
def character_readings(char: str) -> frozenset[str]:
    """The katakana readings Sudachi's dictionary lists for one character as a word of its own: 岡 → {オカ, オカノ},
    内 → {ウチ, ナイ}. Empty for a character it does not list, and for symbols (☃ is listed as キゴウ, "symbol")."""
    words = [m for m in _sudachi_dictionary().lookup(char) if m.part_of_speech()[0] not in _SYMBOL_POS]
    return frozenset(m.reading_form() for m in words if m.reading_form())


def to_katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" or c in "ゝゞ" else c for c in text)
