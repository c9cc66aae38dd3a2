"""A publish or unpublish is seen by every gunicorn worker at once (the content generation is shared).

    .venv/bin/python benchmarks/workers.py [--redis-url redis://127.0.0.1:6379/1 | --redis-url ""] [--rounds 3]

With --redis-url "" the production settings use the database cache. Starts 4 workers, has every worker cache a
public page, unpublishes it (in this process, as the admin would), and right away sends --requests requests on
fresh connections from 20 clients at once: every answer must be 404, from every worker. Then publishes a new
title and checks that every answer shows it. Prints, per round, the stale answers (target 0) and the workers
that answered (from the access log's pid).
"""

import argparse
import asyncio
import time

import serving


def burst(port, path, requests):
    return [(status, body) for status, _headers, body in asyncio.run(serving.burst(port, path, requests))]


def workers_answering(server, path, since_line):
    return serving.workers_answering(server.log_lines()[since_line:], path)


def one_round(server, port, page, requests):
    from django.utils import translation

    with translation.override("ja"):
        path = page.url
    burst(port, path, requests)  # every worker caches the page
    mark = len(server.log_lines())
    page.refresh_from_db()  # the publish of the round before changed the row, not this object
    page.unpublish()
    started = time.monotonic()
    after_unpublish = burst(port, path, requests)
    unpublish_seconds = time.monotonic() - started
    gone_workers = workers_answering(server, path, mark)
    title = f"公開テスト {time.time():.0f}"
    page.refresh_from_db()
    page.title_ja = title
    mark = len(server.log_lines())
    page.save_revision().publish()
    after_publish = burst(port, path, requests)
    return {
        "stale after unpublish": sum(status != 404 for status, _body in after_unpublish),
        "workers (unpublish)": len(gone_workers),
        "stale after publish": sum(status != 200 or title not in body for status, body in after_publish),
        "workers (publish)": len(workers_answering(server, path, mark)),
        "burst s": round(unpublish_seconds, 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-url", default=serving.DEFAULT_DB)
    parser.add_argument("--redis-url", default=serving.DEFAULT_REDIS)
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=80)
    args = parser.parse_args()

    env = serving.stack_env(args.db_url, args.redis_url, args.port)
    serving.prepare(env)
    serving.django_setup(env)
    from knowledge.models import CaseStudyPage

    page = CaseStudyPage.objects.live().public().order_by("pk").first().specific
    rows = []
    with serving.Gunicorn(env, args.port, serving.BASE_DIR / "var" / "workers-gunicorn.log") as server:
        for number in range(args.rounds):
            rows.append({"round": number + 1, **one_round(server, args.port, page, args.requests)})
        pids = server.worker_pids()
    cache = "Redis (database fallback)" if args.redis_url else "database cache"
    print(f"4 gunicorn workers {pids}, cache: {cache}, {args.requests} requests per check")
    serving.print_table(rows, list(rows[0]))
    stale = sum(row["stale after unpublish"] + row["stale after publish"] for row in rows)
    print("RESULT:", "every worker consistent" if stale == 0 else f"{stale} stale answers")


if __name__ == "__main__":
    main()
