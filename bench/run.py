"""`make bench`: the real pages at national scale, and the budgets they must meet.

1. Creates its own PostgreSQL database (BENCH_DATABASE_URL, default los_bench on 127.0.0.1),
   seeds the largest collaboration alone (10 000 findings) and times its summary (P5, small);
2. seeds the other 289 collaborations (1 000 000 findings in all, see bench/national.py);
3. measures P1–P5 in-process and P6 on gunicorn under wrk, with a Celery worker compiling
   summaries for its peak memory;
4. writes bench/results.json, bench/results.md and the table in BENCHMARKS.md.

Not part of `make test`: it needs a database of its own and about six minutes.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/los_bench")
os.environ.update(
    DATABASE_URL=BENCH_URL,
    DJANGO_SETTINGS_MODULE="bench.settings",
    DEBUG="false",
    ALLOWED_HOSTS="localhost,127.0.0.1",
    LOG_LEVEL="WARNING",
)
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/13")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="los-bench-media-"))
sys.path.insert(0, str(ROOT))

import django  # noqa: E402
import psycopg2  # noqa: E402
from dj_database_url import parse  # noqa: E402

from bench import national  # noqa: E402


def recreate_database():
    settings = parse(BENCH_URL)
    connection = psycopg2.connect(
        dbname="postgres", user=settings["USER"], host=settings["HOST"], port=settings["PORT"] or 5432
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    connection.close()


def step(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def main():
    started = time.perf_counter()
    recreate_database()
    django.setup()
    from django.contrib.auth.models import Permission
    from django.core.management import call_command
    from django.db import connection

    from bench import measures, report

    step("migrating and collecting static files")
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    permission = Permission.objects.get(codename="view_finding_details").pk

    step("seeding the largest collaboration alone (10 000 findings)")
    with connection.cursor() as cursor:
        seed_started = time.perf_counter()
        national.seed_agencies(cursor, permission)
        national.seed(cursor, national.LARGEST, national.LARGEST)
        national.finish(cursor)
        small_sizes = national.counts(cursor)
    small_seconds = time.perf_counter() - seed_started
    step("P5 with 10 000 findings in the database")
    summary_small = measures.summary_of_largest()

    step("seeding the other 289 collaborations")
    with connection.cursor() as cursor:
        seed_started = time.perf_counter()
        national.seed(cursor, national.LARGEST + 1, national.COLLABORATIONS)
        national.finish(cursor)
        sizes = national.counts(cursor)
    large_seconds = time.perf_counter() - seed_started
    step(f"seeded in {small_seconds + large_seconds:.0f} s: {sizes}")

    results = {
        "machine": report.machine(),
        "data": sizes,
        "data_small": small_sizes,
        "seed_seconds": round(small_seconds + large_seconds, 1),
    }
    for name, measure in measures.ALL:
        step(f"{name}")
        results[name] = measure() if name != "P5" else measures.summary_ratio(summary_small)
    results["explain_findings_list"] = measures.explain_findings_list()
    step("P6 and peak memory: gunicorn under wrk, a Celery worker compiling summaries")
    results.update(measures.load_and_memory())
    results["total_seconds"] = round(time.perf_counter() - started, 1)
    report.write(results)
    step(f"done in {results['total_seconds']:.0f} s")
    print(report.table(results))


if __name__ == "__main__":
    main()
