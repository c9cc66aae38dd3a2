"""Mixed traffic against the production-shaped stack: gunicorn, 4 workers, production settings, PostgreSQL, Redis.

    .venv/bin/python benchmarks/load.py [--db-url postgres://root@127.0.0.1:5432/cms_serve_bench]
        [--redis-url redis://127.0.0.1:6379/1] [--port 8102] [--clients 20,50] [--seconds 20]

Prepares the database as `make serve` does (created, migrated, demo content), starts gunicorn on 127.0.0.1,
then for each number of concurrent clients sends for --seconds a mix of: anonymous pages the page cache answers,
anonymous pages it cannot (a query string never seen before), searches with varied Japanese and English words,
API v2 listings and /api/search/, a signed-in member's pages (never cached), while an editor publishes a page
every --publish-every seconds (each publish empties the page cache). Then, for --static-seconds, a static file
only, at the same concurrency: the machine's ceiling for this client and server. Prints requests/s,
p50/p95/p99 and the responses by status; errors (5xx, refused connections) should be 0.
"""

import argparse
import asyncio
import os
import threading
import time

import serving

JA_WORDS = ["松原市", "地域共創", "防災", "首長", "セミナー", "万博", "観光", "子育て", "京都", "移住", "DX", "農業", "連携"]
EN_WORDS = ["Matsubara", "disaster", "seminar", "mayor", "tourism", "expo", "childcare", "regional", "digital", "farming"]
CACHED = [
    "/ja/",
    "/en/",
    "/ja/case-studies/",
    "/en/case-studies/",
    "/ja/seminars/",
    "/ja/notices/",
    "/en/notices/",
    "/ja/case-studies/toplive-04-matsubara/",
    "/en/case-studies/toplive-04-matsubara/",
    "/ja/seminars/toplive-01-recording/",
    "/ja/about/",
]
MEMBER = ["/ja/mypage/", "/ja/case-studies/members-toplive-survey/", "/ja/case-studies/", "/en/"]
API = [
    "/api/v2/pages/?limit=10",
    "/api/v2/pages/?type=knowledge.CaseStudyPage&fields=summary",
    "/api/v2/pages/?type=knowledge.ProgramNoticePage&limit=5&offset={n}",
]
MIX = (("cached page", 45), ("uncached page", 10), ("search", 20), ("api", 15), ("member", 10))


def chooser(member_cookie):
    kinds = [kind for kind, weight in MIX for _ in range(weight)]

    def choose(rng):
        kind = rng.choice(kinds)
        if kind == "cached page":
            return kind, rng.choice(CACHED), ""
        if kind == "uncached page":
            return kind, f"{rng.choice(CACHED[2:7])}?v={rng.randrange(10**9)}", ""
        if kind == "search":
            if rng.random() < 0.5:
                return kind, f"/ja/search/?q={rng.choice(JA_WORDS)}", ""
            return kind, f"/en/search/?q={rng.choice(EN_WORDS)}", ""
        if kind == "api":
            if rng.random() < 0.3:
                return kind, f"/api/search/?q={rng.choice(JA_WORDS)}&lang=ja", ""
            return kind, rng.choice(API).format(n=rng.randrange(5)), ""
        return kind, rng.choice(MEMBER), member_cookie

    return choose


def quote_paths():
    from urllib.parse import quote

    global JA_WORDS
    JA_WORDS = [quote(word) for word in JA_WORDS]


class Editor(threading.Thread):
    """Publishes a new revision of a public page every few seconds, as an editor in the admin would."""

    def __init__(self, every):
        super().__init__(daemon=True)
        self.every, self.stop, self.published, self.failures = every, threading.Event(), 0, 0

    def run(self):
        from django.db import close_old_connections

        from knowledge.models import CaseStudyPage

        pages = list(CaseStudyPage.objects.live().public().order_by("pk")[:3])
        while not self.stop.wait(self.every):
            page = pages[self.published % len(pages)].specific
            try:
                page.save_revision(log_action=True).publish()
                self.published += 1
            except Exception:
                self.failures += 1
                close_old_connections()


def static_path():
    import json

    manifest = json.loads((serving.BASE_DIR / "var" / "static" / "staticfiles.json").read_text())["paths"]
    css = sorted(hashed for name, hashed in manifest.items() if name.endswith(".css") and not name.startswith("wagtail"))
    return "/static/" + css[0]


def run_phase(port, clients, seconds, choose):
    stats = serving.Stats()
    started = time.monotonic()
    asyncio.run(serving.run_clients(port, clients, seconds, choose, stats))
    return stats, serving.summary(stats, time.monotonic() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-url", default=serving.DEFAULT_DB)
    parser.add_argument("--redis-url", default=serving.DEFAULT_REDIS)
    parser.add_argument("--port", type=int, default=8102)
    parser.add_argument("--clients", default="20,50")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--static-seconds", type=float, default=5)
    parser.add_argument("--publish-every", type=float, default=3, help="seconds between publishes; 0: no editor")
    args = parser.parse_args()

    env = serving.stack_env(args.db_url, args.redis_url, args.port)
    serving.prepare(env)
    serving.django_setup(env)
    quote_paths()
    choose = chooser(serving.member_session_cookie())
    static = static_path()
    rows = []
    print("machine load average (1/5/15 min) at the start: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    with serving.Gunicorn(env, args.port, serving.BASE_DIR / "var" / "load-gunicorn.log") as server:
        asyncio.run(serving.run_clients(args.port, 8, 3, choose, serving.Stats()))  # warm-up
        for clients in [int(c) for c in args.clients.split(",")]:
            editor = Editor(args.publish_every)
            if args.publish_every:
                editor.start()
            stats, mixed = run_phase(args.port, clients, args.seconds, choose)
            editor.stop.set()
            if args.publish_every:
                editor.join()
            _static_stats, static_row = run_phase(args.port, clients, args.static_seconds, lambda rng: ("static", static, ""))
            rows.append({"clients": clients, "traffic": "mixed", **mixed, "publishes": editor.published})
            rows.append({"clients": clients, "traffic": "static file", **static_row})
            kinds = {kind: serving.percentile(values, 0.5) * 1000 for kind, values in stats.by_kind.items()}
            print(f"{clients} clients, p50 by kind (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in sorted(kinds.items())))
        errors = [line for line in server.log_lines() if '"level": "ERROR"' in line]
    columns = ["clients", "traffic", "requests", "req_s", "p50_ms", "p95_ms", "p99_ms", "statuses", "publishes"]
    serving.print_table([{k: serving.fmt(v) for k, v in row.items()} for row in rows], columns)
    print("machine load average (1/5/15 min) at the end: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print(f"ERROR lines in the server log: {len(errors)} (var/load-gunicorn.log)")


if __name__ == "__main__":
    main()
