"""Hepburn romanisation of place-name readings, as Japanese local governments write their English names:
no macrons (おお, おう → o; うう → u) within one character's reading, both vowels where two characters' readings
meet (豊岡 Toyooka, 瀬戸内 Setouchi); the kind as an English word (Kameoka City, Koya Town, Osaka Prefecture);
people given name first (Hirofumi Sawai). Slugs use the same romanisation (knowledge/slugs.py)."""

import re
from functools import cache, lru_cache

from japanese_search.analysis import character_readings

_DIGRAPHS = {
    "きゃ": "kya", "きゅ": "kyu", "きょ": "kyo", "しゃ": "sha", "しゅ": "shu", "しょ": "sho",
    "ちゃ": "cha", "ちゅ": "chu", "ちょ": "cho", "にゃ": "nya", "にゅ": "nyu", "にょ": "nyo",
    "ひゃ": "hya", "ひゅ": "hyu", "ひょ": "hyo", "みゃ": "mya", "みゅ": "myu", "みょ": "myo",
    "りゃ": "rya", "りゅ": "ryu", "りょ": "ryo", "ぎゃ": "gya", "ぎゅ": "gyu", "ぎょ": "gyo",
    "じゃ": "ja", "じゅ": "ju", "じょ": "jo", "ぢゃ": "ja", "ぢゅ": "ju", "ぢょ": "jo",
    "びゃ": "bya", "びゅ": "byu", "びょ": "byo", "ぴゃ": "pya", "ぴゅ": "pyu", "ぴょ": "pyo",
    "しぇ": "she", "ちぇ": "che", "じぇ": "je", "てぃ": "ti", "でぃ": "di", "ふぁ": "fa", "ふぃ": "fi",
    "ふぇ": "fe", "ふぉ": "fo", "うぃ": "wi", "うぇ": "we", "うぉ": "wo", "ゔぁ": "va", "ゔぃ": "vi",
}  # fmt: skip
_ROMAJI = (
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho "
    "ma mi mu me mo ya yu yo ra ri ru re ro wa i e o n ga gi gu ge go za ji zu ze zo da ji zu de do "
    "ba bi bu be bo pa pi pu pe po vu a i u e o ya yu yo wa"
)
_SYLLABLES = dict(
    zip(
        "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわゐゑをん"
        "がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゔぁぃぅぇぉゃゅょゎ",
        _ROMAJI.split(),
        strict=True,
    )
)
# The kind of government from the end of its reading (and name): English word, reading suffixes
KINDS = (
    ("都", "Metropolis", ("と",)),
    ("道", "", ()),  # Hokkaido
    ("府", "Prefecture", ("ふ",)),
    ("県", "Prefecture", ("けん",)),
    ("市", "City", ("し",)),
    ("区", "City", ("く",)),  # Tokyo's special wards call themselves cities (Chiyoda City)
    ("町", "Town", ("ちょう", "まち")),
    ("村", "Village", ("そん", "むら")),
)


# A reading as editors type it: kana, the long-vowel mark, spaces (between family and given names).
KANA_READING = re.compile(r"[\u3041-\u3096\u30a1-\u30f6ー・ゝゞヽヾ 　]*")


def hiragana(reading: str) -> str:
    """A reading in hiragana with single half-width spaces: サワイ　ヒロフミ → さわい ひろふみ."""
    return " ".join(to_katakana_free(reading).split())


def romanised_name(reading: str, name: str = "") -> str:
    """A person's name in English from its reading (family name first) and, where given, its written name:
    さわい ひろふみ → Hirofumi Sawai; 豊岡武士, とよおか たけし → Takeshi Toyooka."""
    parts = hiragana(reading).split()
    breaks = reading_breaks(name, "".join(parts)) if name else frozenset()
    words, offset = [], 0
    for part in parts:
        inside = frozenset(at - offset for at in breaks if offset < at < offset + len(part))
        words.append(hepburn(part, inside).capitalize())
        offset += len(part)
    return " ".join(reversed(words))


def to_katakana_free(text: str) -> str:
    """Katakana to hiragana, so one table reads both."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def hepburn(reading: str, breaks: frozenset[int] = frozenset()) -> str:
    """A kana reading in Hepburn without macrons, lower case: かめおか → kameoka, こうや → koya. A long vowel is
    written once unless a `breaks` index (a character's reading starting there) falls inside it: とよおか with
    a break at 2 (豊|岡) → toyooka, せとうち with breaks at 1 and 2 (瀬|戸|内) → setouchi."""
    kana = to_katakana_free(reading.replace(" ", "").replace("　", ""))
    out, i = [], 0
    while i < len(kana):
        pair = kana[i : i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        char = kana[i]
        if char == "っ" and i + 1 < len(kana):
            following = _DIGRAPHS.get(kana[i + 1 : i + 3]) or _SYLLABLES.get(kana[i + 1], "")
            out.append("t" if following.startswith("ch") else following[:1])
        elif char == "ー" or (char in "うお" and out and i not in breaks and _lengthens(out[-1], char)):
            pass  # the second half of a long vowel: ロー, こう, おお, ゆう
        else:
            out.append(_SYLLABLES.get(char, char if char.isascii() else ""))
        i += 1
    return "".join(out)


def _lengthens(previous: str, char: str) -> bool:
    return previous.endswith("o") or (char == "う" and previous.endswith("u"))


# Sounds a character's reading takes inside a word: voiced at its start (連濁: か → が), its last kana doubled
# before the next (促音: にち → にっ).
_VOICED = dict(zip("かきくけこさしすせそたちつてとはひふへほ", "がぎぐげござじずぜぞだぢづでどばびぶべぼ", strict=True))
_VOICED.update({"は": "ばぱ", "ひ": "びぴ", "ふ": "ぶぷ", "へ": "べぺ", "ほ": "ぼぽ", "ち": "ぢじ", "つ": "づず"})


def _sounds(reading: str) -> set[str]:
    starts = {reading[0], *_VOICED.get(reading[0], "")}
    sounds = {start + reading[1:] for start in starts}
    if len(reading) > 1 and reading[-1] in "つちくき":
        sounds |= {sound[:-1] + "っ" for sound in sounds}
    return sounds


def _character_sounds(char: str, previous: str) -> set[str]:
    if "\u3041" <= char <= "\u3096":
        return {char}
    if "\u30a1" <= char <= "\u30f6":
        return {"か", "が", "け"} if char in "ヶヵケ" else {to_katakana_free(char)}
    if char == "々":
        char = previous
    readings = character_readings(char) if char else ()
    return {sound for reading in readings for sound in _sounds(to_katakana_free(reading))}


@lru_cache(maxsize=8192)
def reading_breaks(name: str, reading: str) -> frozenset[int]:
    """Where a character's reading starts in `reading` after another's, when every character of `name` can be
    given one of its dictionary readings (豊岡, とよおか → {2}); empty when they cannot (青梅, おうめ: read as a
    whole)."""
    chars = [c for c in name if not c.isspace() and c not in "・"]
    kana = to_katakana_free(reading.replace(" ", "").replace("　", ""))

    @cache
    def align(at_char, at_kana):
        if at_char == len(chars):
            return () if at_kana == len(kana) else None
        sounds = _character_sounds(chars[at_char], chars[at_char - 1] if at_char else "")
        for sound in sorted(sounds, key=len, reverse=True):
            if kana.startswith(sound, at_kana) and (rest := align(at_char + 1, at_kana + len(sound))) is not None:
                return (at_kana, *rest)
        return None

    starts = (align(0, 0) if chars and kana else None) or ()
    # Kana written in the name join as they do in the reading (おおい町: Ohi, not O-o-i).
    return frozenset(at for k, at in enumerate(starts) if k and not (_is_kana(chars[k - 1]) and _is_kana(chars[k])))


def _is_kana(char: str) -> bool:
    return "\u3041" <= char <= "\u30fc"


def split_kind(name: str, reading: str) -> tuple[str, str]:
    """(reading without the kind's suffix, English kind word): 亀岡市/かめおかし → (かめおか, City)."""
    for mark, english, suffixes in KINDS:
        if name.endswith(mark):
            for suffix in suffixes:
                if reading.endswith(suffix) and len(reading) > len(suffix):
                    return reading[: -len(suffix)], english
            return reading, english
    return reading, ""


def _romanised_stem(name: str, reading: str) -> tuple[str, str]:
    """(the name without its kind in Latin letters, the kind in English): 瀬戸内市/せとうちし → (Setouchi, City)."""
    stem, kind = split_kind(name, reading)
    name_stem = name[:-1] if len(stem) < len(reading) else name  # the kind's mark goes with its reading
    return hepburn(stem, reading_breaks(name_stem, stem)).capitalize(), kind


def english_name(name: str, reading: str) -> str:
    """The usual English name of a local government from its name and reading: Kameoka City, Koya Town,
    Osaka Prefecture, Tokyo Metropolis, Hokkaido."""
    words, kind = _romanised_stem(name, reading)
    return f"{words} {kind}".strip() if words else ""


def ward_english_name(city: str, city_reading: str, ward: str, ward_reading: str) -> str:
    """A designated city's ward: 札幌市 中央区 → Chuo Ward, Sapporo City."""
    return f"{_romanised_stem(ward, ward_reading)[0]} Ward, {english_name(city, city_reading)}"
