"""Import speed of a two-hour transcript and the weight of the demo's recording page. Prints figures.

    .venv/bin/python benchmarks/captions_benchmark.py            # needs `make setup` (var/db.sqlite3 with the demo)

Works on a copy of var/db.sqlite3 (the demo stays as it is): a generated WebVTT file of two hours (a cue every
3.5 s, two speakers, about 2,060 cues) is read, planned and imported (one revision, published) into the demo's sample
recording; then the page, its caption track, styles and scripts are fetched as a visitor would.
"""

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def two_hour_vtt(seconds=7200, step_ms=3500):
    lines = ["WEBVTT", ""]
    speakers = ("澤井宏文", "司会")
    for n, start in enumerate(range(0, seconds * 1000, step_ms)):
        end = start + step_ms - 100

        def ts(ms):
            return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"

        lines += [
            str(n + 1),
            f"{ts(start)} --> {ts(end)}",
            f"<v {speakers[n % 2]}>【サンプル】地域共創の取り組みについて{n}番目の発言です。",
            "",
        ]
    return "\n".join(lines).encode()


def long_page_figures(page):
    """The recording page with the two-hour transcript: HTML weight and uncached render time."""
    from django.core.cache import caches
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    page.refresh_from_db()
    times = []
    for _ in range(3):
        for cache in caches.all():
            cache.clear()
        t0 = time.perf_counter()
        response = client.get(page.url)
        times.append(1000 * (time.perf_counter() - t0))
    html = response.content
    for cache in caches.all():
        cache.clear()  # the demo page below must not come from this page's cache
    print(f"  page with the two-hour transcript: HTML {len(html):,} bytes, {html.count(b'<li'):,} list items")
    print("  uncached render " + " / ".join(f"{t:.0f}" for t in times) + " ms (3 runs)")


def main():
    source = ROOT / "var" / "db.sqlite3"
    if not source.exists():
        sys.exit("var/db.sqlite3 is missing: run `make setup` first")
    workdir = tempfile.mkdtemp(prefix="captions-bench-")
    shutil.copy(source, Path(workdir) / "db.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/db.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
    import django

    django.setup()
    from django.contrib.staticfiles import finders
    from django.test import Client

    from knowledge.models import SeminarRecordingPage
    from knowledge.recordings.captions import parse
    from knowledge.recordings.demo import SAMPLE_FILE, SAMPLE_SLUG
    from knowledge.recordings.importing import apply_import, plan_import

    page = SeminarRecordingPage.objects.get(slug=SAMPLE_SLUG)
    data = two_hour_vtt()
    t0 = time.perf_counter()
    cues = parse(data)
    t1 = time.perf_counter()
    plan = plan_import(page, data, "ja")
    t2 = time.perf_counter()
    apply_import(plan)
    t3 = time.perf_counter()
    print(f"two-hour WebVTT: {len(data) / 1024:.0f} KiB, {len(cues)} cues")
    print(f"  read {1000 * (t1 - t0):.0f} ms ({len(cues) / (t1 - t0):,.0f} cues/s)")
    print(f"  plan (read + compare + speakers) {1000 * (t2 - t1):.0f} ms")
    print(f"  import (revision + publish) {1000 * (t3 - t2):.0f} ms; total {t3 - t0:.2f} s")
    long_page_figures(page)
    shutil.rmtree(workdir)  # the page weight below is measured on the demo as it is

    os.environ["DATABASE_URL"] = f"sqlite:///{source}"
    from django.db import connections

    connections.close_all()
    connections["default"].settings_dict["NAME"] = str(source)
    client = Client(HTTP_HOST="127.0.0.1")
    page = SeminarRecordingPage.objects.get(slug=SAMPLE_SLUG)
    html = client.get(page.url).content
    assets = {}
    for name in ("css/site.css", "js/recording.js", "js/recording-player.js"):
        assets[name] = Path(finders.find(name)).stat().st_size
    track = len(client.get(f"/recordings/{page.pk}/captions.ja.vtt").content)
    chapters = len(client.get(f"/recordings/{page.pk}/chapters.ja.vtt").content)
    total = len(html) + sum(assets.values()) + track + chapters
    print(f"recording page ({page.url}), uncompressed bytes:")
    print(f"  HTML {len(html):,}; " + "; ".join(f"{k} {v:,}" for k, v in assets.items()))
    print(f"  caption track {track:,}; chapters track {chapters:,}; total before the video {total:,}")
    print(f"  sample video (fetched in byte ranges as it plays) {SAMPLE_FILE.stat().st_size:,}")


if __name__ == "__main__":
    main()
