"""A publish or an unpublish shows on every gunicorn worker at once (#14: shared state across processes).

gunicorn runs as production runs it (cms/gunicorn.conf.py: 4 sync workers, the application preloaded;
cms.settings.production) on a copy of the migrated test database, beside an editor process with the same
settings (tests/cms/workers_editor.py). Every worker serves a public page (the shared page cache then holds
it), the editor unpublishes it, and right away every worker answers 404; the editor publishes a new title and
every worker shows it. Once with Redis (SERVING_TEST_REDIS_URL, default redis://127.0.0.1:6379/12; skipped when
it does not answer) and once with the database cache alone (no REDIS_URL).

The copy is a SQLite file or, on PostgreSQL, a database of its own (`<test database>_workers`, dropped after):
the workers must see committed rows, which the test database's per-test transactions never are.
"""

import asyncio
import json
import os
import socket
import subprocess
import time
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection

from benchmarks import serving
from core.backup import dump_database
from tests.cms.workers_editor import ANSWER

# django_db: the test database is set up (and copied) even when this module runs alone.
pytestmark = [pytest.mark.serving, pytest.mark.django_db]

WORKERS = 4
REDIS_URL = os.environ.get("SERVING_TEST_REDIS_URL", "redis://127.0.0.1:6379/12")
REQUESTS = 40  # per burst, on fresh connections, 20 at a time
MAX_BURSTS = 8  # bursts until every worker has answered
CACHE_TABLE = "site_cache"  # cms/settings/production.py


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_problem(url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=0.5).ping()
    except (redis.RedisError, OSError) as error:
        return f"Redis at {url} does not answer ({error})"
    return None


def postgres_url(name):
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = f":{quote(str(settings['PASSWORD']), safe='')}" if settings.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}/{name}"


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    """(DATABASE_URL, STATIC_ROOT) for the processes: a copy of the migrated test database and the static
    files collected as production collects them (hashed names, WhiteNoise's manifest)."""
    folder = tmp_path_factory.mktemp("workers")
    static_root = folder / "static"
    collect = subprocess.Popen(
        [str(serving.BIN / "python"), "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=serving.BASE_DIR,
        env={**serving.stack_env("sqlite:///:memory:", None, 0), "STATIC_ROOT": str(static_root)},
    )
    copy = None
    with django_db_blocker.unblock():
        # The test settings cache in memory: the copy gets production's cache table (CACHE_TABLE), this
        # database keeps none.
        call_command("createcachetable", CACHE_TABLE, verbosity=0)
        try:
            dump = dump_database(folder / "database")
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(CACHE_TABLE)}")
        if connection.vendor == "sqlite":
            url = f"sqlite:///{dump}"
        else:
            copy = f"{connection.settings_dict['NAME']}_workers"
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{copy}"')
            url = postgres_url(copy)
            restore = ["pg_restore", "--no-owner", "--no-privileges", f"--dbname={url}", str(dump)]
            subprocess.run(restore, check=True, capture_output=True)  # noqa: S603
    assert collect.wait(timeout=120) == 0, "collectstatic failed"
    yield url, static_root
    if copy:
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


class Editor:
    """The editor process (tests/cms/workers_editor.py): one command a line, one JSON answer a line."""

    def __init__(self, env):
        self.process = subprocess.Popen(
            [str(serving.BIN / "python"), "-m", "tests.cms.workers_editor"],
            cwd=serving.BASE_DIR,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, *words):
        self.process.stdin.write(" ".join(str(word) for word in words) + "\n")
        self.process.stdin.flush()
        for line in self.process.stdout:
            if line.startswith(ANSWER):
                return json.loads(line.removeprefix(ANSWER))
        raise AssertionError(f"the editor stopped (exit code {self.process.wait()}) after {words!r}")

    def close(self):
        self.process.stdin.close()
        self.process.terminate()  # every answer came after its commit: nothing is left to write
        self.process.wait(timeout=30)


def answered_by(server, path, since_line, count):
    """The workers (pids) that answered `path` since that log line, once `count` answers are logged (gunicorn
    writes an access line just after the response)."""
    deadline = time.monotonic() + 5
    while True:
        lines = [line for line in server.log_lines()[since_line:] if '"logger": "access"' in line]
        if sum(f'"path": "{path}"' in line for line in lines) >= count or time.monotonic() > deadline:
            return serving.workers_answering(lines, path)
        time.sleep(0.05)


def every_worker_answers(server, port, path, workers):
    """Bursts of GETs until every worker has answered `path` at least once: (answers, workers that answered)."""
    since = len(server.log_lines())
    answers, seen = [], set()
    for _ in range(MAX_BURSTS):
        answers += asyncio.run(serving.burst(port, path, REQUESTS))
        seen = answered_by(server, path, since, len(answers))
        if seen >= workers:
            break
    return answers, seen


@pytest.mark.parametrize("cache", ["redis", "database"])
def test_publish_and_unpublish_show_on_every_worker_at_once(stack, cache, tmp_path):
    redis_url = None
    if cache == "redis":
        if problem := redis_problem(REDIS_URL):
            pytest.skip(problem)
        redis_url = REDIS_URL
    database_url, static_root = stack
    port = free_port()
    env = {**serving.stack_env(database_url, redis_url, port, workers=WORKERS), "STATIC_ROOT": str(static_root)}
    editor = Editor(env)  # starts while gunicorn loads
    try:
        with serving.Gunicorn(env, port, tmp_path / "gunicorn.log") as server:
            workers = {str(pid) for pid in server.worker_pids()}
            assert len(workers) == WORKERS
            page = editor.ask("page", "ワーカー確認の公開ページ")

            answers, seen = every_worker_answers(server, port, page["path"], workers)
            assert seen == workers
            assert {status for status, _headers, _body in answers} == {200}
            assert any(headers.get("x-page-cache") == "hit" for _status, headers, _body in answers)

            editor.ask("unpublish", page["id"])
            answers, seen = every_worker_answers(server, port, page["path"], workers)
            assert seen == workers
            assert [status for status, _headers, _body in answers] == [404] * len(answers)

            editor.ask("publish", page["id"], "ワーカー確認の新しい題名")
            answers, seen = every_worker_answers(server, port, page["path"], workers)
            assert seen == workers
            stale = [status for status, _headers, body in answers if status != 200 or "ワーカー確認の新しい題名" not in body]
            assert stale == []
    finally:
        editor.close()
