"""Redis unreachable: pages, search, API, the admin and both sign-ins keep working from the database cache.

    .venv/bin/python benchmarks/fault_redis.py [--seconds 15] [--clients 20]

REDIS_URL points at a closed port on 127.0.0.1 (the shared Redis is never stopped). Mixed traffic as in load.py
(an editor publishing included), then a member signs in on /ja/accounts/login/ and an administrator on
/admin/login/, each through the real forms. Prints requests/s, p50/p95/p99, responses by status (target: no
5xx), the sign-in results and the server log's cache lines (logged once per worker, then once a minute).
"""

import argparse
import asyncio
import re
import socket
import time

import load
import requests
import serving

PASSWORD = "bench-local-2026"  # noqa: S105 - a throwaway account in the benchmark database


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sign_in(base, login_path, username, then):
    session = requests.Session()
    form = session.get(base + login_path, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    answer = session.post(
        base + login_path,
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": base + login_path},
        allow_redirects=False,
        timeout=30,
    )
    after = session.get(base + then, allow_redirects=False, timeout=30)
    location = answer.headers.get("Location")
    return f"form {form.status_code}, sign-in {answer.status_code} -> {location}, {then} {after.status_code}"


def accounts():
    from django.contrib.auth import get_user_model

    for name, staff in (("bench-member", False), ("bench-admin", True)):
        user, _ = get_user_model().objects.get_or_create(username=name, defaults={"email": f"{name}@localhost"})
        user.is_staff = user.is_superuser = staff
        user.set_password(PASSWORD)
        user.save()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-url", default=serving.DEFAULT_DB)
    parser.add_argument("--port", type=int, default=8105)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=15)
    args = parser.parse_args()

    env = serving.stack_env(args.db_url, f"redis://127.0.0.1:{closed_port()}/0", args.port)
    serving.prepare(env)
    serving.django_setup(env)
    load.quote_paths()
    accounts()  # before the member's session: a new password ends the sessions made before it
    choose = load.chooser(serving.member_session_cookie())
    base = f"http://127.0.0.1:{args.port}"
    with serving.Gunicorn(env, args.port, serving.BASE_DIR / "var" / "fault-redis-gunicorn.log") as server:
        editor = load.Editor(3)
        editor.start()
        stats, started = serving.Stats(), time.monotonic()
        asyncio.run(serving.run_clients(args.port, args.clients, args.seconds, choose, stats))
        figures = serving.summary(stats, time.monotonic() - started)
        editor.stop.set()
        editor.join()
        member = sign_in(base, "/ja/accounts/login/", "bench-member", "/ja/mypage/")
        admin = sign_in(base, "/admin/login/", "bench-admin", "/admin/")
        readyz = requests.get(base + "/readyz", timeout=30)
        log = server.log_lines()
    print(f"Redis unreachable, {args.clients} clients, {args.seconds:.0f} s, {editor.published} publishes:")
    print("  " + ", ".join(f"{k} {serving.fmt(v)}" for k, v in figures.items()))
    kinds = sorted(stats.by_kind.items())
    print("  p50 by kind (ms): " + ", ".join(f"{k} {serving.percentile(v, 0.5) * 1000:.0f}" for k, v in kinds))
    print(f"  member sign-in: {member}")
    print(f"  admin sign-in: {admin}")
    print(f"  /readyz {readyz.status_code}: cache {readyz.json()['checks']['cache']}")
    cache_lines = [line for line in log if '"logger": "core.cache"' in line]
    print(f"  server log: {len(cache_lines)} core.cache lines, e.g.: {cache_lines[0][:220] if cache_lines else '-'}")
    server_errors = sum(bool(re.search(r'"logger": "access".*"status": 5', line)) for line in log)
    print(f"  5xx in the access log: {server_errors}")


if __name__ == "__main__":
    main()
