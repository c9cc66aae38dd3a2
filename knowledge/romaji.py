"""Hepburn romanisation of place-name readings, as Japanese local governments write their English names:
no macrons (おお, おう → o; うう → u), the kind as an English word (Kameoka City, Koya Town, Osaka Prefecture);
people given name first (Hirofumi Sawai)."""

import re

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
    "ba bi bu be bo pa pi pu pe po vu a i u e o ya yu yo wa -"
)
_SYLLABLES = dict(
    zip(
        "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわゐゑをん"
        "がぎぐげござじずぜぞだぢづでどばびぶべぼぱぴぷぺぽゔぁぃぅぇぉゃゅょゎー",
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
_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"))


# A reading as editors type it: kana, the long-vowel mark, spaces (between family and given names).
KANA_READING = re.compile(r"[\u3041-\u3096\u30a1-\u30f6ー・ゝゞヽヾ 　]*")


def hiragana(reading: str) -> str:
    """A reading in hiragana with single half-width spaces: サワイ　ヒロフミ → さわい ひろふみ."""
    return " ".join(to_katakana_free(reading).split())


def romanised_name(reading: str) -> str:
    """A person's name in English from its reading (family name first): さわい ひろふみ → Hirofumi Sawai."""
    parts = [hepburn(part).capitalize() for part in hiragana(reading).split()]
    return " ".join(reversed(parts))


def to_katakana_free(text: str) -> str:
    """Katakana to hiragana, so one table reads both."""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def hepburn(reading: str) -> str:
    """A kana reading in Hepburn without macrons, lower case: かめおか → kameoka, こうや → koya."""
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
        else:
            out.append(_SYLLABLES.get(char, char if char.isascii() else ""))
        i += 1
    text = "".join(out).replace("-", "")
    for long, short in _LONG_VOWELS:
        text = text.replace(long, short)
    return text


def split_kind(name: str, reading: str) -> tuple[str, str]:
    """(reading without the kind's suffix, English kind word): 亀岡市/かめおかし → (かめおか, City)."""
    for mark, english, suffixes in KINDS:
        if name.endswith(mark):
            for suffix in suffixes:
                if reading.endswith(suffix) and len(reading) > len(suffix):
                    return reading[: -len(suffix)], english
            return reading, english
    return reading, ""


def english_name(name: str, reading: str) -> str:
    """The usual English name of a local government from its name and reading: Kameoka City, Koya Town,
    Osaka Prefecture, Tokyo Metropolis, Hokkaido."""
    stem, kind = split_kind(name, reading)
    words = hepburn(stem).capitalize()
    return f"{words} {kind}".strip() if words else ""


def ward_english_name(city: str, city_reading: str, ward: str, ward_reading: str) -> str:
    """A designated city's ward: 札幌市 中央区 → Chuo Ward, Sapporo City."""
    stem, _kind = split_kind(ward, ward_reading)
    return f"{hepburn(stem).capitalize()} Ward, {english_name(city, city_reading)}"
