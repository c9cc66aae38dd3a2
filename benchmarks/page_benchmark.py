"""Page speed: server time (p50/p95) and SQL query counts of the home, index and detail pages, cold and warm cache,
and the bytes a visitor downloads for a case study page (without its video).

    .venv/bin/python benchmarks/page_benchmark.py --db sqlite
    .venv/bin/python benchmarks/page_benchmark.py --db postgres --pg-url postgres://root@127.0.0.1:5432

Two rounds, each in its own throwaway database (made and dropped by search_benchmark.prepare_database):
"demo" holds the demo content only; "large" holds search_benchmark's 10,000 generated pages (`--pages`) plus the
demo content. Requests go through Django's test client in process: server time without the network, anonymous.
"cold" clears the cache before every request; "warm" asks for a page the cache already holds. Query counts of the
two rounds are compared: they must not grow with the number of pages. Results are printed and written to
var/page_benchmark-<database>.json.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

TARGET_P95_COLD_MS = 100
TARGET_P95_WARM_MS = 20
TARGET_CASE_STUDY_BYTES = 300 * 1024


def django_setup():
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    django.setup()


def page_urls():
    """The pages measured: home, each index, one demo page of each type; Japanese and English."""
    from django.utils import translation

    from knowledge.models import (
        CaseStudyIndexPage,
        CaseStudyPage,
        ProgramNoticeIndexPage,
        ProgramNoticePage,
        SeminarRecordingIndexPage,
        SeminarRecordingPage,
    )

    urls = {}
    with translation.override("ja"):
        pages = {
            "home": "/ja/",
            "case study index": CaseStudyIndexPage.objects.live().first().url,
            "recording index": SeminarRecordingIndexPage.objects.live().first().url,
            "notice index": ProgramNoticeIndexPage.objects.live().first().url,
            "case study": demo_page(CaseStudyPage).url,
            "recording": demo_page(SeminarRecordingPage).url,
            "notice": demo_page(ProgramNoticePage).url,
            "outcomes index (by change)": "/ja/outcomes/?sort=change_desc",
        }
        case = demo_page(CaseStudyPage)
        pages["municipality directory"] = "/ja/municipalities/"
        if case.municipality_id:
            pages["municipality"] = f"/ja/municipalities/{case.municipality.code}/"
        if case.presenter_id:
            pages["person"] = f"/ja/people/{case.presenter.slug}/"
    for name, path in pages.items():
        urls[f"{name} (ja)"] = path
        urls[f"{name} (en)"] = "/en/" + path.split("/", 2)[2]
    return urls


def demo_page(model):
    """A public demo page (not a generated one), the same in both rounds."""
    return model.objects.live().public().exclude(slug__startswith="bench-").order_by("slug").first()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(client, path, requests, warm):
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    timings, queries = [], []
    if warm:
        cache.clear()
        client.get(path)  # fills the cache
    for _ in range(requests):
        if not warm:
            cache.clear()
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        queries.append(len(captured.captured_queries))
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
        "queries": max(queries),
        "cache": response.get("X-Page-Cache", "none"),
    }


def transfer_size(client, path):
    """Bytes of the HTML and of every stylesheet, script and image it loads (the video player is not counted)."""
    from bs4 import BeautifulSoup
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.core.cache import cache

    cache.clear()
    html = client.get(path).content
    soup = BeautifulSoup(html, "html.parser")
    assets = {tag.get("href") for tag in soup.select("link[rel=stylesheet][href]")}
    assets |= {tag.get("src") for tag in soup.select("script[src], img[src]")}
    sizes = {"html": len(html)}
    for url in sorted(a for a in assets if a):
        if url.startswith(settings.STATIC_URL):
            found = finders.find(url[len(settings.STATIC_URL) :].split("?")[0])
            sizes[url] = Path(found).stat().st_size if found else 0
        elif url.startswith("/"):
            response = client.get(url)
            sizes[url] = len(b"".join(response.streaming_content) if response.streaming else response.content)
    return sizes


def run_round(label, requests):
    from django.test import Client

    from cms.wsgi import freeze_loaded_objects

    freeze_loaded_objects()  # as the WSGI application does at startup
    client = Client()
    results = {}
    for name, path in page_urls().items():
        cold = measure(client, path, requests, warm=False)
        warm = measure(client, path, requests, warm=True)
        results[name] = {"path": path, "cold": cold, "warm": warm}
        print(
            f"{label:>12} | {name:<26} | cold p50 {cold['p50_ms']:>6} p95 {cold['p95_ms']:>6} ms, {cold['queries']:>3} queries"
            f" | warm p50 {warm['p50_ms']:>5} p95 {warm['p95_ms']:>5} ms, {warm['queries']:>2} queries ({warm['cache']})",
            flush=True,
        )
    return results


def measure_phase(args):
    """One round in its own throwaway database; prints its results as JSON on the last line."""
    from benchmarks import search_benchmark

    cleanup = search_benchmark.prepare_database(args)
    try:
        django_setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from knowledge.models import KnowledgePage

        search_benchmark.migrate()
        if args.phase == "large":
            search_benchmark.create_pages(args)
        call_command("load_demo_content", verbosity=0)
        label = f"{KnowledgePage.objects.count()} pages"
        print(f"{args.phase}: {connection.vendor}, {label}", file=sys.stderr, flush=True)
        result = {"database": connection.vendor, "pages": KnowledgePage.objects.count(), "urls": run_round(label, args.requests)}
        if args.phase == "large":
            result["case_study_transfer_bytes"] = transfer_size(Client(), result["urls"]["case study (ja)"]["path"])
        print(json.dumps(result, ensure_ascii=False))
    finally:
        cleanup()


def missed_targets(demo, large):
    failures = []
    for name, result in large["urls"].items():
        if result["cold"]["p95_ms"] >= TARGET_P95_COLD_MS:
            failures.append(f"{name}: cold p95 {result['cold']['p95_ms']} ms")
        if result["warm"]["p95_ms"] >= TARGET_P95_WARM_MS:
            failures.append(f"{name}: warm p95 {result['warm']['p95_ms']} ms")
        before, after = demo["urls"][name]["cold"]["queries"], result["cold"]["queries"]
        if after > before:
            failures.append(f"{name}: {before} queries with the demo content, {after} with {large['pages']} pages")
    total = sum(large["case_study_transfer_bytes"].values())
    if total >= TARGET_CASE_STUDY_BYTES:
        failures.append(f"case study transfer {total / 1024:.0f} KB")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--pg-url", default="postgres://root@127.0.0.1:5432", help="server URL without a database name")
    parser.add_argument("--pages", type=int, default=10_000, help="generated pages in the large round (default 10,000)")
    parser.add_argument("--requests", type=int, default=40, help="requests per page and cache state (default 40)")
    parser.add_argument("--members-only", type=float, default=0.02, help="share of generated pages restricted to members")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    parser.add_argument("--phase", choices=["demo", "large"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        return measure_phase(args)

    rounds = {}
    for phase in ("demo", "large"):
        command = [sys.executable, __file__, "--phase", phase, *sys.argv[1:]]
        output = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout  # noqa: S603
        lines = output.strip().splitlines()
        print("\n".join(lines[:-1]), flush=True)
        rounds[phase] = json.loads(lines[-1])
    demo, large = rounds["demo"], rounds["large"]
    sizes = large["case_study_transfer_bytes"]
    print(
        f"case study page transfer: {sum(sizes.values()) / 1024:.0f} KB ("
        + ", ".join(f"{k} {v / 1024:.1f} KB" for k, v in sizes.items())
        + ")"
    )
    failures = missed_targets(demo, large)
    report = {"demo": demo, "large": large, "missed_targets": failures}
    out = BASE_DIR / "var" / f"page_benchmark-{large['database']}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print("targets missed:" if failures else "all targets met", *failures, sep="\n  ")
    print(f"written to {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
