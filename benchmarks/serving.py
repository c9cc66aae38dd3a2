"""What the serving benchmarks share: the production-shaped stack (gunicorn, 4 workers, production settings,
PostgreSQL, Redis) on loopback, a small asyncio HTTP/1.1 client with keep-alive, and the figures.

Used by load.py, fault_postgres.py, fault_redis.py and workers.py. Nothing here leaves 127.0.0.1.
"""

import asyncio
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = BASE_DIR / ".venv" / "bin"
DEFAULT_DB = "postgres://root@127.0.0.1:5432/cms_serve_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/1"


def stack_env(db_url, redis_url, port, workers=4):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DATABASE_URL=db_url,
        SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        WAGTAILADMIN_BASE_URL=f"http://127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        PYTHONUNBUFFERED="1",
    )
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args):
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=BASE_DIR, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env):
    """The database `make serve` would prepare: created, migrated, static files collected, demo content."""
    manage(env, "create_database")
    manage(env, "migrate", "--noinput")
    manage(env, "compile_translations")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    check = "import sys; from wagtail.models import Page; sys.exit(0 if Page.objects.filter(depth__gt=2).exists() else 1)"
    if subprocess.run([str(BIN / "python"), "manage.py", "shell", "-c", check], cwd=BASE_DIR, env=env).returncode:
        manage(env, "load_demo_content")


class Gunicorn:
    """gunicorn with the repository's config; its log (JSON lines and access lines) goes to a file."""

    def __init__(self, env, port, log_path):
        self.env, self.port, self.log_path = env, port, Path(log_path)
        self.process = None

    def __enter__(self):
        self.log = self.log_path.open("w")
        command = [str(BIN / "gunicorn"), "-c", "cms/gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}", "cms.wsgi"]
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=5) as response:
                    if response.status == 200 and self._all_workers_forked(deadline):
                        return self
            except OSError:
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"gunicorn did not become ready; see {self.log_path}")

    def _all_workers_forked(self, deadline):
        """gunicorn forks its workers one by one: the first may answer before the last exists."""
        expected = int(self.env.get("WEB_CONCURRENCY", 4))  # cms/gunicorn.conf.py's default
        while len(self.worker_pids()) < expected and time.monotonic() < deadline:
            time.sleep(0.1)
        return len(self.worker_pids()) >= expected

    def worker_pids(self):
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True).stdout
        return sorted(int(pid) for pid in out.split())

    def log_lines(self):
        return self.log_path.read_text(errors="replace").splitlines()

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


class Connection:
    """One keep-alive HTTP/1.1 connection; reconnects after an error or a `Connection: close`."""

    def __init__(self, port):
        self.port, self.reader, self.writer = port, None, None

    async def request(self, path, cookies="", method="GET", body=b"", headers=None):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Accept-Encoding: identity"]
        if cookies:
            lines.append(f"Cookie: {cookies}")
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        try:
            self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
            return await self._response()
        except (OSError, asyncio.IncompleteReadError, ValueError):
            self.close()
            raise

    async def _response(self):
        status = int((await self.reader.readline()).split()[1])
        headers = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding") == "chunked":
            body = b""
            while size := int((await self.reader.readline()).strip(), 16):
                body += await self.reader.readexactly(size + 2)
            await self.reader.readline()
        else:
            body = await self.reader.read()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, headers, body

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


ACCESS_LINE = re.compile(r'"logger": "access", "pid": "(\d+)".*"path": "([^"]*)"')


async def burst(port, path, requests, clients=20):
    """`requests` GETs of `path` on fresh connections (so that every worker may take some), `clients` at a
    time: [(status, headers, body)]."""
    results = []
    queue = asyncio.Queue()
    for _ in range(requests):
        queue.put_nowait(path)

    async def client():
        while not queue.empty():
            queue.get_nowait()
            connection = Connection(port)
            try:
                status, headers, body = await connection.request(path, headers={"Connection": "close"})
                results.append((status, headers, body.decode(errors="replace")))
            finally:
                connection.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return results


def workers_answering(log_lines, path):
    """The pids of the workers whose access log lines (JSON, cms/gunicorn.conf.py) answered `path`."""
    return {m.group(1) for line in log_lines if (m := ACCESS_LINE.search(line)) and m.group(2) == path}


class Stats:
    def __init__(self):
        self.latencies, self.statuses, self.by_kind = [], Counter(), {}
        self.timeline = Counter()  # (second, status) -> count
        self.errors = Counter()
        self.started = time.monotonic()

    def record(self, kind, status, seconds):
        self.latencies.append(seconds)
        self.statuses[status] += 1
        self.by_kind.setdefault(kind, []).append(seconds)
        self.timeline[(int(time.monotonic() - self.started), status)] += 1

    def failed(self, kind, error):
        self.statuses["conn-error"] += 1
        self.errors[f"{kind}: {type(error).__name__}"] += 1
        self.timeline[(int(time.monotonic() - self.started), "conn-error")] += 1


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] if ordered else float("nan")


def summary(stats, seconds):
    lat = stats.latencies
    ok = sum(n for status, n in stats.statuses.items() if isinstance(status, int) and status < 400)
    return {
        "requests": len(lat),
        "req_s": len(lat) / seconds,
        "p50_ms": percentile(lat, 0.5) * 1000,
        "p95_ms": percentile(lat, 0.95) * 1000,
        "p99_ms": percentile(lat, 0.99) * 1000,
        "ok": ok,
        "statuses": dict(sorted(stats.statuses.items(), key=str)),
    }


async def run_clients(port, clients, seconds, choose, stats):
    """`clients` connections, each sending what choose(rng) returns -> (kind, path, cookies), for `seconds`."""
    import random

    deadline = time.monotonic() + seconds

    async def client(number):
        rng = random.Random(number)
        connection = Connection(port)
        while time.monotonic() < deadline:
            kind, path, cookies = choose(rng)
            started = time.monotonic()
            try:
                status, _headers, _body = await connection.request(path, cookies)
            except Exception as error:  # counted, never fatal: the point is to see failures
                stats.failed(kind, error)
                await asyncio.sleep(0.05)
                continue
            stats.record(kind, status, time.monotonic() - started)
        connection.close()

    await asyncio.gather(*(client(n) for n in range(clients)))


def django_setup(env):
    """Django in this process, with the stack's settings (for the editor and the member's session)."""
    os.environ.update(env)
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()


def member_session_cookie():
    """A signed-in member's session (a member of a full-member municipality), made through Django's test client."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from knowledge.models import Municipality
    from members.models import MemberProfile

    user, _ = get_user_model().objects.get_or_create(username="bench-member", defaults={"email": "bench@localhost"})
    municipality = Municipality.objects.filter(membership="full").order_by("code").first()
    MemberProfile.objects.update_or_create(user=user, defaults={"municipality": municipality})
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def print_table(rows, columns):
    widths = [max(len(str(c)), *(len(str(r.get(c, ""))) for r in rows)) for c in columns]
    print("  ".join(str(c).ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        print("  ".join(str(row.get(c, "")).ljust(w) for c, w in zip(columns, widths, strict=True)))


def fmt(value):
    return f"{value:.1f}" if isinstance(value, float) else value


def median(values):
    return statistics.median(values) if values else float("nan")
