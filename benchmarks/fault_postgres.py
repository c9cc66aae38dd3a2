"""PostgreSQL restarted under load: visitors get a friendly 503 during the outage, nothing fails after it,
and no gunicorn worker restarts (CONN_HEALTH_CHECKS drops the broken connections before reuse).

    .venv/bin/python benchmarks/fault_postgres.py [--restart-at 8] [--seconds 25] [--clients 20]
        [--restart-command "pg_ctlcluster --skip-systemctl-redirect 15 main restart"]

Restarts the PostgreSQL cluster ONCE (every database on it is interrupted for a few seconds): only on a machine
where that is acceptable. Mixed traffic as in load.py at --clients. Prints the responses per second around the
restart, the 5xx answers by status (target: 503 only, no 500), failures after the database came back (target 0),
the workers' pids before and after, and the server log's lines about it.
"""

import argparse
import asyncio
import subprocess
import threading
import time

import load
import serving


def restart_later(delay, command, outcome, started):
    time.sleep(delay)
    outcome["restart_at"] = time.monotonic() - started
    subprocess.run(command, shell=True, check=True, capture_output=True)  # noqa: S602 (the operator's own command)
    while subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode != 0:
        time.sleep(0.1)
    outcome["back_at"] = time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db-url", default=serving.DEFAULT_DB)
    parser.add_argument("--redis-url", default=serving.DEFAULT_REDIS)
    parser.add_argument("--port", type=int, default=8104)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=25)
    parser.add_argument("--restart-at", type=float, default=8)
    parser.add_argument("--restart-command", default="pg_ctlcluster --skip-systemctl-redirect 15 main restart")
    args = parser.parse_args()

    env = serving.stack_env(args.db_url, args.redis_url, args.port)
    serving.prepare(env)
    serving.django_setup(env)
    load.quote_paths()
    choose = load.chooser(serving.member_session_cookie())
    from django.db import connections

    connections.close_all()  # this process's own connection would only be broken by the restart
    with serving.Gunicorn(env, args.port, serving.BASE_DIR / "var" / "fault-postgres-gunicorn.log") as server:
        asyncio.run(serving.run_clients(args.port, 8, 3, choose, serving.Stats()))  # warm-up
        pids_before = server.worker_pids()
        stats, outcome = serving.Stats(), {}
        restarter = threading.Thread(target=restart_later, args=(args.restart_at, args.restart_command, outcome, stats.started))
        restarter.start()
        asyncio.run(serving.run_clients(args.port, args.clients, args.seconds, choose, stats))
        restarter.join()
        pids_after = server.worker_pids()
        log = server.log_lines()
    report(stats, outcome, pids_before, pids_after, log, args.seconds)


def report(stats, outcome, pids_before, pids_after, log, seconds):
    statuses = sorted({status for (_second, status) in stats.timeline}, key=str)
    print(f"restart issued at {outcome['restart_at']:.1f} s, PostgreSQL accepting again at {outcome['back_at']:.1f} s")
    print("second  " + "  ".join(f"{s!s:>10}" for s in statuses))
    for second in range(int(seconds) + 1):
        print(f"{second:>6}  " + "  ".join(f"{stats.timeline[(second, s)]:>10}" for s in statuses))
    after = int(outcome["back_at"]) + 2
    failures_after = sum(
        n for (second, status), n in stats.timeline.items() if second >= after and (status == "conn-error" or status >= 500)
    )
    print(f"totals: {dict(sorted(stats.statuses.items(), key=str))}")
    print(
        f"500 answers: {stats.statuses.get(500, 0)}; 503 answers: {stats.statuses.get(503, 0)}; "
        f"failures from {after} s on (PostgreSQL back + 2 s): {failures_after}"
    )
    print(f"workers before {pids_before}, after {pids_after}: {'no restart' if pids_before == pids_after else 'RESTARTED'}")
    unavailable = sum('"database_unavailable"' in line for line in log)
    errors = [line for line in log if '"level": "ERROR"' in line]
    print(f"server log: {unavailable} database_unavailable lines, {len(errors)} ERROR lines")
    for line in errors[:3]:
        print("  " + line[:300])


if __name__ == "__main__":
    main()
