#!/usr/bin/env python
"""Search benchmark: indexing rate and /api/search/ latency at 10,000 pages, ours beside stock Wagtail.

Creates a throwaway database (a temporary SQLite file, or a new PostgreSQL database that is
dropped afterwards), migrates it, bulk-inserts realistic mixed Japanese/English knowledge pages
(sample text generated from word lists; no real people), then for each backend:

  1. indexes the knowledge pages through the backend's real index (the rebuild path of
     `manage.py update_index`) and reports pages/s;
  2. sends a fixed mix of Japanese and English queries to GET /api/search/ (Django test client,
     in process, anonymous) and reports p50/p95/max latency and the number of results.

Usage (from the repository root):
  .venv/bin/python benchmarks/search_benchmark.py --db sqlite
  .venv/bin/python benchmarks/search_benchmark.py --db postgres --pg-url postgres://root@127.0.0.1:5432
Options: --pages 10000  --rounds 5  --backends ours,stock  --members-only 0.005,0.05  --raw  --keep
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

STOCK_BACKEND = "wagtail.search.backends.database"

QUERIES = [
    ("観光", "ja"),
    ("湧水", "ja"),
    ("防災 訓練", "ja"),
    ("生成AI", "ja"),
    ("子育て支援", "ja"),
    ("ドローン配送", "ja"),
    ("国交省", "ja"),
    ("第5回", "ja"),
    ("別府", "ja"),
    ("空き家 活用", "ja"),
    ("伝統工芸", "ja"),
    ("たかつき", "ja"),
    ("地域公共交通", "ja"),
    ("ＩＣＴ 教育", "ja"),
    ("tourism", "en"),
    ("disaster drills", "en"),
    ("chatbot", "en"),
    ("festivals", "en"),
    ("Mishima", "en"),
    ("vacant houses", "en"),
    ("drone delivery", "en"),
    ("succession", "en"),
    ("public transport", "en"),
    ("METI", "en"),
]

# ------------------------------------------------------------------ sample vocabulary

MUNICIPALITIES = [  # (Japanese, English, prefecture code)
    ("三島市", "Mishima", 22),
    ("別府市", "Beppu", 44),
    ("高槻市", "Takatsuki", 27),
    ("福知山市", "Fukuchiyama", 26),
    ("豊中市", "Toyonaka", 27),
    ("旭川市", "Asahikawa", 1),
    ("函館市", "Hakodate", 1),
    ("盛岡市", "Morioka", 3),
    ("仙台市", "Sendai", 4),
    ("山形市", "Yamagata", 6),
    ("会津若松市", "Aizuwakamatsu", 7),
    ("水戸市", "Mito", 8),
    ("宇都宮市", "Utsunomiya", 9),
    ("前橋市", "Maebashi", 10),
    ("川越市", "Kawagoe", 11),
    ("八王子市", "Hachioji", 13),
    ("鎌倉市", "Kamakura", 14),
    ("新潟市", "Niigata", 15),
    ("富山市", "Toyama", 16),
    ("金沢市", "Kanazawa", 17),
    ("甲府市", "Kofu", 19),
    ("松本市", "Matsumoto", 20),
    ("岐阜市", "Gifu", 21),
    ("浜松市", "Hamamatsu", 22),
    ("豊田市", "Toyota", 23),
    ("大津市", "Otsu", 25),
    ("京都市", "Kyoto", 26),
    ("堺市", "Sakai", 27),
    ("神戸市", "Kobe", 28),
    ("奈良市", "Nara", 29),
    ("鳥取市", "Tottori", 31),
    ("松江市", "Matsue", 32),
    ("尾道市", "Onomichi", 34),
    ("山口市", "Yamaguchi", 35),
    ("高松市", "Takamatsu", 37),
    ("松山市", "Matsuyama", 38),
    ("高知市", "Kochi", 39),
    ("北九州市", "Kitakyushu", 40),
    ("佐賀市", "Saga", 41),
    ("長崎市", "Nagasaki", 42),
    ("熊本市", "Kumamoto", 43),
    ("宮崎市", "Miyazaki", 45),
    ("鹿児島市", "Kagoshima", 46),
    ("那覇市", "Naha", 47),
]
THEMES = [  # (slug, axis, Japanese, English)
    ("tourism", "connect", "観光・交流", "Tourism and exchange"),
    ("culture", "connect", "文化・伝統", "Culture and tradition"),
    ("dx", "create", "DX・デジタル", "Digital transformation"),
    ("industry", "create", "産業・雇用", "Industry and jobs"),
    ("disaster", "protect", "防災・減災", "Disaster prevention"),
    ("environment", "protect", "環境", "Environment"),
]
ORGANISATIONS = [  # (slug, Japanese, short, English, short)
    ("mlit", "国土交通省", "国交省", "Ministry of Land, Infrastructure, Transport and Tourism", "MLIT"),
    ("meti", "経済産業省", "経産省", "Ministry of Economy, Trade and Industry", "METI"),
    ("mic", "総務省", "総務省", "Ministry of Internal Affairs and Communications", "MIC"),
    ("bunka", "文化庁", "文化庁", "Agency for Cultural Affairs", "Bunka-cho"),
    ("digital", "デジタル庁", "デジタル庁", "Digital Agency", "Digital Agency"),
]
FAMILY = [
    ("佐藤", "Sato"),
    ("鈴木", "Suzuki"),
    ("髙橋", "Takahashi"),
    ("田中", "Tanaka"),
    ("伊藤", "Ito"),
    ("渡辺", "Watanabe"),
    ("山本", "Yamamoto"),
    ("中村", "Nakamura"),
    ("小林", "Kobayashi"),
    ("加藤", "Kato"),
    ("吉田", "Yoshida"),
    ("山田", "Yamada"),
]
GIVEN = [
    ("健一", "Kenichi"),
    ("直樹", "Naoki"),
    ("美穂", "Miho"),
    ("由美", "Yumi"),
    ("剛", "Tsuyoshi"),
    ("誠", "Makoto"),
    ("裕子", "Yuko"),
    ("大輔", "Daisuke"),
    ("彩", "Aya"),
    ("翔太", "Shota"),
]
TOPICS = [  # (Japanese, English, theme slug)
    ("湧水の保全", "conserving spring water", "environment"),
    ("観光DX", "digital tourism", "tourism"),
    ("防災訓練", "disaster drills", "disaster"),
    ("子育て支援", "support for families with children", "industry"),
    ("移住促進", "attracting new residents", "tourism"),
    ("地域公共交通の再編", "reorganising public transport", "industry"),
    ("ドローン配送", "drone delivery", "dx"),
    ("生成AIの活用", "using generative AI", "dx"),
    ("伝統工芸の継承", "passing on traditional crafts", "culture"),
    ("空き家の活用", "reusing vacant houses", "industry"),
    ("農産物のブランド化", "branding local produce", "industry"),
    ("温泉街の再生", "reviving a hot-spring town", "tourism"),
    ("ハザードマップの改訂", "revising hazard maps", "disaster"),
    ("祭りの担い手育成", "training festival successors", "culture"),
    ("ICT教育", "ICT in schools", "dx"),
    ("チャットボットによる窓口案内", "a chatbot for counter enquiries", "dx"),
    ("河川の流域治水", "basin-wide flood control", "disaster"),
    ("脱炭素の取組", "decarbonisation", "environment"),
    ("商店街の活性化", "reviving shopping streets", "industry"),
    ("文化財の公開", "opening cultural properties", "culture"),
    ("インバウンド誘客", "attracting overseas visitors", "tourism"),
    ("事業承継の支援", "business succession support", "industry"),
    ("森林資源の活用", "using forest resources", "environment"),
    ("避難所の運営", "running evacuation shelters", "disaster"),
]
PARTNERS = [
    ("地元企業", "local companies"),
    ("大学", "a university"),
    ("商工会議所", "the chamber of commerce"),
    ("NPO法人", "a non-profit"),
    ("近隣の自治体", "neighbouring municipalities"),
    ("住民団体", "residents' groups"),
]
EFFECTS = [
    ("来訪者が増えた", "visitor numbers rose"),
    ("問い合わせが三割減った", "enquiries fell by a third"),
    ("参加者が二倍になった", "participation doubled"),
    ("若い世代の移住が続いている", "young people keep moving in"),
    ("担い手が育ってきた", "new successors are emerging"),
    ("費用を抑えられた", "costs were kept down"),
    ("住民の満足度が高まった", "residents are more satisfied"),
    ("地域の魅力が発信できた", "the area's appeal reached more people"),
]
CONTEXTS = [
    ("人口減少が続くなか", "As the population shrinks"),
    ("財源が限られるなか", "With limited budgets"),
    ("職員の負担を減らすため", "To lighten the load on staff"),
    ("万博のレガシーとして", "As a legacy of the Expo"),
    ("国の事業を活用して", "Using a national programme"),
    ("令和5年度から", "Since fiscal 2023"),
]


class Generator:
    """Sample pages: mixed Japanese/English, about 30% without an English version."""

    def __init__(self, seed):
        self.random = random.Random(seed)

    def pick(self, items):
        return self.random.choice(items)

    def sentence(self, municipality, topic):
        partner, effect, context = self.pick(PARTNERS), self.pick(EFFECTS), self.pick(CONTEXTS)
        templates = [
            (
                f"{context[0]}、{municipality[0]}は{partner[0]}と連携して{topic[0]}に取り組んだ。",
                f"{context[1]}, {municipality[1]} worked with {partner[1]} on {topic[1]}.",
            ),
            (f"{topic[0]}を進めた結果、{effect[0]}。", f"After {topic[1]}, {effect[1]}."),
            (
                f"{municipality[0]}では{self.random.randint(2, 40)}の地区で{topic[0]}の説明会を開き、{effect[0]}。",
                f"{municipality[1]} held briefings on {topic[1]} in {self.random.randint(2, 40)} districts and {effect[1]}.",
            ),
            (
                f"担当者は「{topic[0]}は一度で終わらない。{partner[0]}との対話を続けたい」と話す。",
                f"“{topic[1].capitalize()} is never done in one go,” the officer says; talks with {partner[1]} continue.",
            ),
        ]
        return self.pick(templates)

    def text(self, municipality, topic, paragraphs):
        ja, en = [], []
        for _ in range(paragraphs):
            pairs = [self.sentence(municipality, self.pick([topic, self.pick(TOPICS)])) for _ in range(self.random.randint(2, 3))]
            ja.append("".join(p[0] for p in pairs))
            en.append(" ".join(p[1] for p in pairs))
        return ja, en

    def person(self):
        family, given = self.pick(FAMILY), self.pick(GIVEN)
        return family[0] + given[0], f"{given[1]} {family[1]}"


# ------------------------------------------------------------------ database


def prepare_database(args):
    """Point DATABASE_URL at a new throwaway database; return a cleanup function."""
    if args.db == "sqlite":
        handle, path = tempfile.mkstemp(prefix="search-bench-", suffix=".sqlite3")
        os.close(handle)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        print(f"database: SQLite file {path}")

        def cleanup():
            if not args.keep:
                Path(path).unlink(missing_ok=True)

        return cleanup
    import psycopg

    name = f"search_bench_{os.getpid()}"
    admin_url = args.pg_url.rstrip("/") + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = args.pg_url.rstrip("/") + f"/{name}"
    print(f"database: PostgreSQL {name}")

    def cleanup():
        from django.db import connections

        from search import background

        background.shutdown()  # its threads' connections too
        connections.close_all()
        if not args.keep:
            with psycopg.connect(admin_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return cleanup


def migrate():
    from io import StringIO

    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0, stdout=StringIO())
    print(f"migrated in {time.perf_counter() - started:.0f} s")


# ------------------------------------------------------------------ bulk data


def _insert(model, objs):
    """Insert only the model's own table rows (multi-table inheritance: bulk_create refuses)."""
    from django.db import connection

    fields = [f for f in model._meta.local_concrete_fields if not (f.primary_key and not f.remote_field)]
    for start in range(0, len(objs), 500):
        model._base_manager._insert(objs[start : start + 500], fields=fields, using=connection.alias)


def create_pages(args):  # noqa: PLR0915 -- one linear recipe of the synthetic site, read top to bottom
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone, translation
    from wagtail.models import Locale, Page
    from wagtail.rich_text import RichText

    from knowledge.models import (
        CaseStudyPage,
        KnowledgePage,
        Municipality,
        Organisation,
        Person,
        Prefecture,
        ProgramNoticePage,
        SeminarRecordingPage,
        Theme,
        TranscriptSegment,
    )
    from knowledge.site_tree import ensure_site_tree

    translation.activate("ja")
    gen = Generator(args.seed)
    _home, indexes = ensure_site_tree()
    by_model = {model.child_model: page for model, page in ((type(p), p) for p in indexes.values())}
    prefectures = {p.code: p for p in Prefecture.objects.all()}
    municipalities = [
        Municipality.objects.create(
            code=f"9{n:05d}", name=ja, name_ja=ja, name_en=f"{en} City", prefecture=prefectures[pref], membership="full"
        )
        for n, (ja, en, pref) in enumerate(MUNICIPALITIES)
    ]
    themes = {slug: Theme.objects.create(slug=slug, axis=axis, name=ja, name_ja=ja, name_en=en) for slug, axis, ja, en in THEMES}
    organisations = [
        Organisation.objects.create(slug=slug, name=ja, name_ja=ja, name_en=en, short_name_ja=short_ja, short_name_en=short_en)
        for slug, ja, short_ja, en, short_en in ORGANISATIONS
    ]
    people = []
    for n in range(120):
        ja, en = gen.person()
        people.append(
            Person.objects.create(
                slug=f"person-{n}",
                name=ja,
                name_ja=ja,
                name_en=en,
                role_ja="市長",
                role_en="Mayor",
                municipality=gen.pick(municipalities),
            )
        )

    started = time.perf_counter()
    locale = Locale.get_default()
    now = timezone.now()
    content_types = ContentType.objects.get_for_models(CaseStudyPage, SeminarRecordingPage, ProgramNoticePage)
    kinds = [CaseStudyPage] * 50 + [SeminarRecordingPage] * 25 + [ProgramNoticePage] * 25
    counts = dict.fromkeys(by_model.values(), 0)
    plans = []
    for n in range(args.pages):
        model = gen.pick(kinds)
        parent = by_model[model]
        counts[parent] += 1
        municipality, topic = gen.pick(municipalities), gen.pick(TOPICS)
        english = gen.random.random() > 0.3
        title_ja = f"{municipality.name_ja}の{topic[0]}"
        title_en = f"{topic[1].capitalize()} in {municipality.name_en.removesuffix(' City')}" if english else ""
        body_ja, body_en = gen.text(
            (municipality.name_ja, municipality.name_en.removesuffix(" City")), topic, gen.random.randint(3, 6)
        )
        slug = f"bench-{model.type_slug}-{n}"
        page = Page(
            title=title_ja,
            title_ja=title_ja,
            title_en=title_en or None,
            draft_title=title_ja,
            slug=slug,
            content_type=content_types[model],
            path=Page._get_path(parent.path, parent.depth + 1, counts[parent]),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            live=True,
            first_published_at=now,
            last_published_at=now,
            locale=locale,
            translation_key=uuid.uuid4(),
        )
        plans.append((page, model, municipality, topic, english, body_ja, body_en))
    Page.objects.bulk_create([plan[0] for plan in plans], batch_size=500)
    for parent, count in counts.items():
        Page.objects.filter(pk=parent.pk).update(numchild=count)

    knowledge, specific, links, segments, speakers = [], {}, [], [], []
    for n, (page, model, municipality, topic, english, body_ja, body_en) in enumerate(plans):
        date = now.date().replace(year=2019 + n % 8, month=1 + n % 12, day=1 + n % 28)
        summary_ja = f"{municipality.name_ja}による{topic[0]}の事例。" + body_ja[0][:40]
        summary_en = f"How {municipality.name_en.removesuffix(' City')} approached {topic[1]}." if english else ""
        fields = {
            "page_ptr_id": page.pk,
            "date": date,
            "summary": summary_ja,
            "summary_ja": summary_ja,
            "summary_en": summary_en,
            "body_ja": [("paragraph", RichText(f"<p>{p}</p>")) for p in body_ja],
            "body_en": [("paragraph", RichText(f"<p>{p}</p>")) for p in body_en] if english else [],
            "municipality_id": municipality.pk,
        }
        fields["body"] = fields["body_ja"]
        knowledge.append(KnowledgePage(**fields))
        extra = {"knowledgepage_ptr_id": page.pk}
        if model is CaseStudyPage:
            extra.update(presenter_id=gen.pick(people).pk, episode=(n % 40) + 1 if n % 3 == 0 else None)
        elif model is SeminarRecordingPage:
            extra.update(
                series="future-creation",
                session=n % 30 + 1,
                video_url="https://www.youtube.com/watch?v=benchmark01",
                duration_seconds=3600,
            )
            speakers.append(SeminarRecordingPage.speakers.through(seminarrecordingpage_id=page.pk, person_id=gen.pick(people).pk))
            for s in range(12):
                ja, en = gen.sentence((municipality.name_ja, municipality.name_en), gen.pick(TOPICS))
                segments.append(
                    TranscriptSegment(
                        page_id=page.pk, sort_order=s, start=s * 300, text=ja, text_ja=ja, text_en=en if english else ""
                    )
                )
        else:
            close = date.replace(day=min(date.day + 10, 28))
            org = gen.pick(organisations)
            extra.update(
                organisation_id=org.pk,
                kind="government-program",
                applications_close=close,
                location_ja=municipality.name_ja,
                location_en=municipality.name_en if english else "",
                eligibility_ja="<p>会員自治体</p>",
                eligibility_en="<p>Member municipalities</p>" if english else "",
            )
        specific.setdefault(model, []).append(model(**extra))
        for slug in {topic[2], gen.pick(THEMES)[0]}:
            links.append(KnowledgePage.themes.through(knowledgepage_id=page.pk, theme_id=themes[slug].pk))
    _insert(KnowledgePage, knowledge)
    for model, objs in specific.items():
        _insert(model, objs)
    KnowledgePage.themes.through.objects.bulk_create(links, batch_size=1000)
    SeminarRecordingPage.speakers.through.objects.bulk_create(speakers, batch_size=1000)
    TranscriptSegment.objects.bulk_create(segments, batch_size=1000)
    characters = sum(len("".join(plan[5])) + len("".join(plan[6])) for plan in plans)
    share = getattr(args, "members_only", None)
    if isinstance(share, float) and share:  # a single share (page_benchmark.py); main() restricts per run
        restrict(share, args.seed)
    print(
        f"created {len(plans)} pages ({', '.join(f'{m.__name__} {len(o)}' for m, o in specific.items())}), "
        f"{len(segments)} transcript segments, "
        f"{sum(1 for p in plans if p[4])} with English, ~{characters / len(plans):.0f} body characters per page, "
        f"in {time.perf_counter() - started:.0f} s"
    )


# ------------------------------------------------------------------ measurements


def index_pages():
    """Rebuild the index of the knowledge pages through the configured backend (update_index's path:
    each model's get_indexed_objects(), 500 at a time). Returns (pages, wall seconds, CPU seconds)."""
    from wagtail.search.backends import get_search_backend

    from knowledge.models import CaseStudyPage, ProgramNoticePage, SeminarRecordingPage

    backend = get_search_backend()
    models = [CaseStudyPage, SeminarRecordingPage, ProgramNoticePage]
    rebuilder = backend.rebuilder_class(backend.get_index_for_model(models[0]))
    index = rebuilder.start()
    count = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    for model in models:
        index.add_model(model)
        queryset = model.get_indexed_objects().order_by("pk")  # related rows prefetched per batch
        ids = list(queryset.values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            chunk = list(queryset.filter(pk__in=ids[start : start + 500]))
            index.add_items(model, chunk)
            count += len(chunk)
    rebuilder.finish()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    analyze()
    return count, elapsed, cpu


def analyze():
    """PostgreSQL: clear dead rows and refresh planner statistics, as autovacuum does after bulk changes
    on a live site (a rebuilt index leaves one dead row per entry: searches read them until then)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def restrict(share, seed):
    """Make `share` of the knowledge pages members-only (login restriction); returns how many."""
    from wagtail.models import PageViewRestriction

    from core.cache import new_generation
    from knowledge.models import KnowledgePage

    PageViewRestriction.objects.all().delete()
    ids = sorted(KnowledgePage.objects.values_list("pk", flat=True))
    chosen = random.Random(seed).sample(ids, round(len(ids) * share))
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page_id=pk, restriction_type=PageViewRestriction.LOGIN) for pk in chosen]
    )
    new_generation()  # bulk_create sends no signals: cached search answers and pages start afresh
    analyze()
    return len(chosen)


def measure_queries(rounds, cold=True):
    """The query mix through GET /api/search/ (anonymous), `rounds` times after one warm-up round.

    cold=True starts a new content generation before every request, as any edit on the live site does:
    no search answer is reused, so each search is answered from the database (the site otherwise reuses
    a search's count, facets and order until content changes). Wagtail's own caches (site root paths)
    stay warm, as they do on a live site.
    """
    from django.test import Client

    from cms.wsgi import freeze_loaded_objects
    from core.cache import new_generation

    freeze_loaded_objects()  # as the WSGI application does at startup
    client = Client()
    for q, lang in QUERIES:  # warm up: Sudachi, connections, and (cold=False) the search cache
        client.get("/api/search/", {"q": q, "lang": lang, "page_size": 10})
    times, cpu_times, counts, per_query = [], [], {}, {}
    for _ in range(rounds):
        for q, lang in QUERIES:
            if cold:
                new_generation()
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get("/api/search/", {"q": q, "lang": lang, "page_size": 10})
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu_started) * 1000)
            per_query.setdefault((q, lang), []).append(times[-1])
            assert response.status_code == 200, response.content[:300]
            counts[(q, lang)] = response.json()["count"]
    return {
        "wall": percentiles(times),
        "cpu": percentiles(cpu_times),
        "n": len(times),
        "counts": counts,
        "median_ms": {key: statistics.median(values) for key, values in per_query.items()},
    }


def machine_speed():
    """Milliseconds for a fixed amount of Python and of database work (median of 5): the same code runs
    about that many times slower or faster on another machine, or on this one when it is busier."""
    from django.db import connection

    def python_work():
        words = {}
        for i in range(200_000):
            key = f"語{i % 997}"
            words[key] = words.get(key, 0) + len(key)
        return words

    sql = "SELECT count(*) FROM generate_series(1, 500000)"
    if connection.vendor == "sqlite":
        sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) SELECT count(*) FROM n"
    timings = {"python": [], "database": []}
    with connection.cursor() as cursor:
        for _ in range(5):
            started = time.perf_counter()
            python_work()
            timings["python"].append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchone()
            timings["database"].append((time.perf_counter() - started) * 1000)
    return f"python {statistics.median(timings['python']):.0f} ms, database {statistics.median(timings['database']):.0f} ms"


def percentiles(values):
    values = sorted(values)
    return {"p50": statistics.median(values), "p95": values[max(0, int(len(values) * 0.95) - 1)], "max": values[-1]}


def show(label, figures):
    wall, cpu = figures["wall"], figures["cpu"]
    print(
        f"{label}: {figures['n']} requests, p50 {wall['p50']:.1f} ms, p95 {wall['p95']:.1f} ms, max {wall['max']:.1f} ms"
        f" (CPU of this process: p50 {cpu['p50']:.1f} ms, p95 {cpu['p95']:.1f} ms)"
    )


def main():  # noqa: PLR0915 -- the benchmark run step by step (arguments, database, rounds, report)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://root@127.0.0.1:5432", help="server URL without a database name")
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5, help="times the query mix is sent")
    parser.add_argument("--backends", default="ours,stock", help="ours, stock, or both")
    parser.add_argument(
        "--members-only", default="0.005,0.05", help="shares of members-only pages to measure latency at (comma-separated)"
    )
    parser.add_argument("--raw", action="store_true", help="also time our backend without search/matching.py's fast paths")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    args.members_only = [float(x) for x in args.members_only.split(",")]

    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    cleanup = prepare_database(args)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.db import connection
        from django.test.utils import override_settings

        from search import query

        print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        migrate()
        print(f"machine speed at start (fixed work; lower is faster): {machine_speed()}")
        create_pages(args)
        ours = dict(settings.WAGTAILSEARCH_BACKENDS)
        counts, medians = {}, {}
        for name in args.backends.split(","):
            backends = ours if name == "ours" else {"default": {"BACKEND": STOCK_BACKEND}}
            label = f"[{name}: {backends['default']['BACKEND']}]"
            with override_settings(WAGTAILSEARCH_BACKENDS=backends):
                pages, wall, cpu = index_pages()
                print(
                    f"{label} indexed {pages} pages in {wall:.0f} s:"
                    f" {pages / wall:.0f} pages/s ({pages / cpu:.0f} pages/s of this process's CPU)"
                )
                for share in args.members_only:
                    restricted = restrict(share, args.seed)
                    figures = measure_queries(args.rounds, cold=True)
                    show(f"{label} /api/search/ with {restricted} members-only pages, uncached", figures)
                    counts[name] = figures["counts"]
                    medians[f"{name} ms"] = figures["median_ms"]
                    if name == "ours":
                        warm = measure_queries(args.rounds, cold=False)
                        show(f"{label} /api/search/ with {restricted} members-only pages, search cache warm", warm)
                        medians[f"{name} warm"] = warm["median_ms"]
                if args.raw and name == "ours":
                    fast_path = query.index_match
                    query.index_match = lambda results: None
                    try:
                        show(f"{label} without fast paths", measure_queries(1))
                    finally:
                        query.index_match = fast_path
        print(f"load average at end: {os.getloadavg()[0]:.1f}; machine speed at end: {machine_speed()}")
        print(f"\nresults and median latency per query ({connection.vendor}, {args.pages} pages, anonymous, last share):")
        print("  " + "query".ljust(22) + "".join(n.rjust(10) for n in [*counts, *medians]))
        for key in QUERIES:
            cells = [str(c[key]) for c in counts.values()] + [f"{m[key]:.0f}" for m in medians.values()]
            print(f"  {key[0]} ({key[1]})".ljust(24) + "".join(cell.rjust(10) for cell in cells))
    finally:
        cleanup()


if __name__ == "__main__":
    main()
