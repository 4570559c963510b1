"""Load while writing: twenty inspectors record findings at the same visit for 60 s, through
gunicorn on loopback, and afterwards the database must hold exactly what they were told.

Run by CI after `make test`: `python bench/write_load.py` (WRITE_LOAD_SECONDS shortens it by hand).

1. creates its own PostgreSQL database (WRITE_LOAD_DATABASE_URL, default los_load on 127.0.0.1),
   migrates it and seeds the world of bench/write_load_world.py;
2. starts gunicorn as production runs it (bench/load.py: 3 sync workers, DEBUG off, behind a TLS
   proxy), with a random secret key, no broker and two-step verification off;
3. twenty threads (bench/write_load_inspector.py) each sign in and, until the time is up, open the
   recording form and send it with a note of its own; every tenth form is sent twice;
4. holds the answers against the database (bench/write_load_checks.py), prints requests/s and
   latency, and drops the database whatever happened.

Exits 1 on any error: a 5xx or unexpected 4xx, a confirmed finding missing or recorded twice, a
note or submission key twice in the database, a form sent twice that recorded two findings.
"""

import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get("WRITE_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/los_load")
SECONDS = float(os.environ.get("WRITE_LOAD_SECONDS", "60"))


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PORT = _free_port()
SCRATCH = Path(tempfile.mkdtemp(prefix="los-write-load-"))
# Read by los.settings here and by gunicorn's workers, which inherit this environment.
os.environ.pop("CELERY_BROKER_URL", None)  # no broker: nothing of recording a finding is queued
os.environ.update(
    DATABASE_URL=DATABASE_URL,
    DJANGO_SETTINGS_MODULE="los.settings",
    DEBUG="false",
    SECRET_KEY=secrets.token_urlsafe(50),
    ALLOWED_HOSTS="127.0.0.1",
    SECURE_SSL_REDIRECT="false",
    LOS_REQUIRE_2FA="false",
    LOG_LEVEL="WARNING",
    MEDIA_ROOT=str(SCRATCH / "media"),
    STATIC_ROOT=str(SCRATCH / "static"),
    BENCH_PORT=str(PORT),
)
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
import psycopg2  # noqa: E402
from dj_database_url import parse  # noqa: E402
from psycopg2 import sql  # noqa: E402

from bench.load import start_gunicorn, stop  # noqa: E402 — reads BENCH_PORT, set above


def step(message):
    print(f"[{time.strftime('%H:%M:%S')}] write load: {message}", flush=True)


def _on_server(settings, *statements):
    """Run `statements` (each with the database's name as {}) on the server, outside any database."""
    connection = psycopg2.connect(
        dbname="postgres", user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(sql.SQL(statement).format(sql.Identifier(settings["NAME"])))
    finally:
        connection.close()


# FORCE: a connection left over by a run that was killed must not keep the database alive.
DROP = "DROP DATABASE IF EXISTS {} WITH (FORCE)"


def rows_at(visit_id):
    from bench.write_load_checks import Row
    from findings.models import Finding

    found = Finding.objects.filter(visit_id=visit_id).values_list(
        "pk", "note", "submission_key", "created_by__username"
    )
    return [Row(pk, note, str(key) if key else "", username) for pk, note, key, username in found]


def load(world):
    """Gunicorn up, the inspectors at work, gunicorn down: (inspectors, seconds they worked)."""
    from bench.write_load_inspector import run_inspectors

    server = start_gunicorn()
    try:
        step(f"{len(world.inspectors)} inspectors record findings at one visit for {SECONDS:g} s on port {PORT}")
        started = time.perf_counter()
        inspectors = run_inspectors(
            port=PORT,
            inspectors=world.inspectors,
            visit_id=world.visit_id,
            category_id=world.category_id,
            action=world.action,
            seconds=SECONDS,
        )
        return inspectors, time.perf_counter() - started
    finally:
        stop(server)


def report(inspectors, elapsed, found):
    from bench.write_load_checks import figures

    submissions = [s for person in inspectors for s in person.submissions]
    resent = [s for s in submissions if s.resent]
    numbers = figures([x for person in inspectors for x in person.browser.latencies], elapsed)
    step(
        f"{len(submissions)} forms sent ({len(resent)} of them twice), {numbers['requests']} requests "
        f"in {elapsed:.1f} s: {numbers['rps']} requests/s"
    )
    for label in ("all", "GET", "POST"):
        if label in numbers:
            each = numbers[label]
            step(f"latency {label}: p50 {each['p50_ms']} ms, p95 {each['p95_ms']} ms, max {each['max_ms']} ms")
    for problem in found[:20]:
        print(f"  PROBLEM {problem}")
    if len(found) > 20:
        print(f"  ... and {len(found) - 20} more problems")


def main():
    settings = parse(DATABASE_URL)
    if settings["ENGINE"] != "django.db.backends.postgresql":
        # Twenty writers in three processes are PostgreSQL's job; SQLite would only measure its lock.
        step(f"SKIPPED: it needs PostgreSQL, and WRITE_LOAD_DATABASE_URL is {DATABASE_URL}")
        shutil.rmtree(SCRATCH, ignore_errors=True)
        return 0
    _on_server(settings, DROP, "CREATE DATABASE {}")
    try:
        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from bench import write_load_world
        from bench.write_load_checks import problems

        step(f"migrating {settings['NAME']} and planning today's visit")
        # DEBUG off serves static files from the manifest; compressing them takes as long as
        # migrating, so both run at once.
        collect = [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"]
        collecting = subprocess.Popen(collect, cwd=ROOT)  # noqa: S603 — our own interpreter and arguments
        call_command("migrate", verbosity=0)
        if collecting.wait() != 0:
            raise RuntimeError("collectstatic failed")
        world = write_load_world.build()
        inspectors, elapsed = load(world)
        submissions = [s for person in inspectors for s in person.submissions]
        errors = [error for person in inspectors for error in person.errors]
        found = problems(submissions, rows_at(world.visit_id), errors)
        report(inspectors, elapsed, found)
        connections.close_all()
    finally:
        _on_server(settings, DROP)
        shutil.rmtree(SCRATCH, ignore_errors=True)
    step("FAILED" if found else "passed: no error, no lost write, no duplicate")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
