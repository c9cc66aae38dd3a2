"""Japan's local government code list (全国地方公共団体コード) as the PyPI package `japancode` ships it.

The package's data (japancode/data/*.json) comes from code4fukui/localgovjp (CC0), built from the lists
of the Ministry of Internal Affairs and Communications: the 47 prefectures, every municipality and Tokyo's
special wards, and the wards of the designated cities, each with its kana reading. `sync_municipalities`
loads it; this module only reads and normalises it."""

import json
from dataclasses import dataclass
from importlib import metadata, util
from pathlib import Path

from knowledge.romaji import english_name, ward_english_name

SOURCE_PACKAGE = "japancode"


@dataclass(frozen=True)
class ListedGovernment:
    code: str  # six digits with the check digit
    name: str
    kana: str
    prefecture_code: int
    level: str  # GovernmentLevel value
    name_en: str


def check_digit(code5: str) -> str:
    """The sixth digit of a local government code (JIS X 0402): 26206 → 4."""
    total = sum(int(digit) * weight for digit, weight in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def six_digit(code: str) -> str:
    """A code as six digits: a five-digit code gets its check digit, a short one its leading zero."""
    code = code.strip()
    if len(code) == 5:
        return code + check_digit(code)
    return code.zfill(6)


def _listed_code(row) -> str:
    # The JSON lost leading zeros (北海道 "11002"): rebuild from the five-digit code and its check digit.
    return six_digit(row["cid"].zfill(5)) if "cid" in row else row["lgcode"].zfill(6)


def source_version() -> str:
    return f"{SOURCE_PACKAGE} {metadata.version(SOURCE_PACKAGE)}"


def _data_dir() -> Path:
    # The package's folder, found without importing it (its data is all we read).
    spec = util.find_spec(SOURCE_PACKAGE)
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _read(name):
    return json.loads((_data_dir() / name).read_text(encoding="utf-8"))


def listed_governments() -> list[ListedGovernment]:
    """Every local government on the list, prefectures first, then by code."""
    governments = [
        ListedGovernment(
            code=row["lgcode"].zfill(6),
            name=row["pref"],
            kana=row["prefkana"],
            prefecture_code=int(row["pid"]),
            level="prefecture",
            name_en=english_name(row["pref"], row["prefkana"]),
        )
        for row in _read("prefectures.json")
    ]
    for row in _read("municipalities.json"):
        name, kana = row["city"], row["citykana"]
        if " " in name:  # a designated city's ward: "札幌市 中央区"
            city, ward = name.split(" ", 1)
            city_kana, ward_kana = kana.split(" ", 1) if " " in kana else (kana, "")
            level, name_en = "ward", ward_english_name(city, city_kana, ward, ward_kana)
            name, kana = city + ward, city_kana + ward_kana
        else:
            level, name_en = "municipality", english_name(name, kana)
        governments.append(ListedGovernment(_listed_code(row), name, kana, int(row["pid"]), level, name_en))
    return governments
