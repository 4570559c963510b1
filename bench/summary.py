"""Benchmark of the half-year summary: does its cost grow with the rest of the database?

Creates its own PostgreSQL database (BENCH_DATABASE_URL, default los_bench on 127.0.0.1),
fills one collaboration with 10 000 findings of the spring and times its figures and its PDF;
then adds 99 more collaborations of the same size (1 000 000 findings in all) and times the
same summary again. The ratio of the two is the headline: the summary of one collaboration
must not slow down as the country's data grows (goal ≤ 1.3), and must render in under 3 s.

Run with `make bench-summary`. Not part of `make test`: it takes minutes and a database of its own.
"""

import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

BENCH_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/los_bench")
os.environ["DATABASE_URL"] = BENCH_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "los.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402
import psycopg2  # noqa: E402
from dj_database_url import parse  # noqa: E402

COLLABORATIONS = 100  # the first is the one measured; 10 000 findings each
PREMISES_PER = 250
OPERATIONS_PER = 20
VISITS_PER = 1000  # 50 per operation
FINDINGS_PER_VISIT = 10
RUNS_FIGURES = 5
RUNS_PDF = 3
RESULTS = Path(__file__).resolve().parent / "summary-results.json"

AGENCY_KINDS = ["municipality", "police", "tax", "work_environment", "fire_rescue", "employment_service"]


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


def seed(cursor, first, count, agency_ids, category_ids):
    """Collaborations first … first+count−1, each a copy of the same spring, by INSERT … SELECT."""
    ks = f"generate_series({first}, {first + count - 1}) AS k"
    cursor.execute(
        f"""INSERT INTO agencies_collaboration (id, name, slug, municipality, suppression_threshold, created_at)
        SELECT 1000 + k, 'Bench ' || k, 'bench-' || k, 'Kommun ' || k, 3, now() FROM {ks}"""
    )
    cursor.execute(
        f"""INSERT INTO agencies_collaboration_agencies (collaboration_id, agency_id)
        SELECT 1000 + k, a FROM {ks}, unnest(%s::bigint[]) AS a""",
        [agency_ids],
    )
    types = "ARRAY['car_repair','car_wash','tattoo','restaurant','food_wholesale','kiosk','barber']"
    cursor.execute(
        f"""INSERT INTO inspections_premises (id, name, premises_type, address, postal_code, city, notes,
            created_at, updated_at, business_id, collaboration_id)
        SELECT k * 1000 + i, 'Lokal ' || k || '-' || i, ({types})[1 + i % 7], 'Gatan ' || i, '602 20',
            'Staden', '', now(), now(), NULL, 1000 + k
        FROM {ks}, generate_series(0, {PREMISES_PER - 1}) AS i"""
    )
    cursor.execute(
        f"""INSERT INTO inspections_operation (id, name, kind, start_date, end_date, status, notes, created_at,
            collaboration_id)
        SELECT k * 100 + j, 'Insats ' || j, CASE WHEN j = 7 THEN 'empact' ELSE 'los' END,
            DATE '2026-01-05' + j * 8, DATE '2026-01-05' + j * 8, 'done', '', now(), 1000 + k
        FROM {ks}, generate_series(0, {OPERATIONS_PER - 1}) AS j"""
    )
    cursor.execute(
        f"""INSERT INTO inspections_operation_agencies (operation_id, agency_id)
        SELECT k * 100 + j, a FROM {ks}, generate_series(0, {OPERATIONS_PER - 1}) AS j, unnest(%s::bigint[]) AS a""",
        [agency_ids],
    )
    per_operation = VISITS_PER // OPERATIONS_PER
    cursor.execute(
        f"""INSERT INTO inspections_visit (id, scheduled_at, position, outcome, persons_checked, minutes_spent,
            operation_id, premises_id)
        SELECT k * 10000 + v,
            (DATE '2026-01-05' + (v / {per_operation}) * 8 + TIME '18:00') AT TIME ZONE 'Europe/Stockholm',
            v % {per_operation}, CASE WHEN v % 20 = 19 THEN 'cancelled' ELSE 'carried_out' END, v % 5, NULL,
            k * 100 + v / {per_operation}, k * 1000 + v % {PREMISES_PER}
        FROM {ks}, generate_series(0, {VISITS_PER - 1}) AS v"""
    )
    # Ids are integers of our own making: written into the statement, whose % are SQL's.
    agencies = "ARRAY[" + ",".join(str(int(pk)) for pk in agency_ids) + "]::bigint[]"
    categories = "ARRAY[" + ",".join(str(int(pk)) for pk in category_ids) + "]::bigint[]"
    actions = "ARRAY['none','advice','injunction','prohibition','sanction_fee','police_report','recovery_claim']"
    statuses = "ARRAY['open','action_taken','follow_up_due','corrected','closed']"
    cursor.execute(
        f"""INSERT INTO findings_finding (id, action, status, follow_up_date, note, created_at, updated_at, version,
            agency_id, category_id, collaboration_id, created_by_id, visit_id, quantity, submission_key)
        SELECT k * 100000 + v * 10 + f, ({actions})[1 + (v + f) % 7], ({statuses})[1 + (v * 7 + f) % 5], NULL,
            '', now(), now(), 1, ({agencies})[1 + f % 6], ({categories})[1 + f % 6], 1000 + k, NULL,
            k * 10000 + v, NULL, NULL
        FROM {ks}, generate_series(0, {VISITS_PER - 1}) AS v, generate_series(0, {FINDINGS_PER_VISIT - 1}) AS f"""
    )
    # The employment service's findings (f = 5) carry the money: wrongly paid at every visit,
    # stopped at every other one.
    cursor.execute(
        f"""INSERT INTO findings_paymententry (kind, support_kind, amount, status, decision_date, created_at,
            created_by_id, finding_id, supersedes_id)
        SELECT kind, 'wage_subsidy', 1500.00, 'decided', NULL, now(), NULL, k * 100000 + v * 10 + 5, NULL
        FROM {ks}, generate_series(0, {VISITS_PER - 1}) AS v,
            unnest(ARRAY['wrongly_paid', 'stopped']) AS kind
        WHERE kind = 'wrongly_paid' OR v % 2 = 0"""
    )


def reset_sequences(cursor):
    for table in (
        "agencies_collaboration",
        "inspections_premises",
        "inspections_operation",
        "inspections_visit",
        "findings_finding",
    ):
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    cursor.execute("ANALYZE")


def timed(function, runs):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(times), 4), "max_s": round(max(times), 4), "runs": runs}


def measure(collaboration):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from reports.aggregation import summary_figures
    from reports.periods import half_year, period_title
    from reports.publication import publish_figures
    from reports.summary_pdf import render_summary_pdf

    start, end = half_year(2026, 1)
    with translation.override("sv"):
        with CaptureQueriesContext(connection) as queries:
            figures = summary_figures(collaboration, start, end)
        published = publish_figures(figures, collaboration.suppression_threshold)
        title = f"{collaboration.name}: {period_title(start, end)}"
        figures_time = timed(lambda: summary_figures(collaboration, start, end), RUNS_FIGURES)
        pdf_time = timed(
            lambda: render_summary_pdf(published=published, narrative="Text.", draft=False, title=title), RUNS_PDF
        )
        whole = timed(
            lambda: render_summary_pdf(
                published=publish_figures(summary_figures(collaboration, start, end), 3),
                narrative="Text.",
                draft=False,
                title=title,
            ),
            RUNS_PDF,
        )
    return {
        "findings_in_collaboration": figures.key.findings,
        "visits": figures.key.visits,
        "queries": len(queries.captured_queries),
        "figures": figures_time,
        "pdf": pdf_time,
        "figures_and_pdf": whole,
    }


def main():
    recreate_database()
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from agencies.models import Agency, Collaboration
    from findings.models import Category

    call_command("migrate", verbosity=0)
    agencies = [Agency.objects.create(name=f"Myndighet {kind}", kind=kind) for kind in AGENCY_KINDS]
    categories = [Category.objects.filter(agency_kind=kind).order_by("position").first() for kind in AGENCY_KINDS]
    agency_ids = [a.pk for a in agencies]
    category_ids = [c.pk for c in categories]

    with connection.cursor() as cursor:
        started = time.perf_counter()
        seed(cursor, 0, 1, agency_ids, category_ids)
        reset_sequences(cursor)
    small_seed = time.perf_counter() - started
    collaboration = Collaboration.objects.get(slug="bench-0")
    small = measure(collaboration)
    print(f"10k findings in the database: {json.dumps(small)}", flush=True)

    with connection.cursor() as cursor:
        started = time.perf_counter()
        seed(cursor, 1, COLLABORATIONS - 1, agency_ids, category_ids)
        reset_sequences(cursor)
        large_seed = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM findings_finding")
        total_findings = cursor.fetchone()[0]
    large = measure(collaboration)
    print(f"{total_findings} findings in the database: {json.dumps(large)}", flush=True)

    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "seed_seconds": {"small": round(small_seed, 1), "large": round(large_seed, 1)},
        "small": {"findings_in_database": 10_000, **small},
        "large": {"findings_in_database": total_findings, **large},
        "ratio": {
            name: round(large[name]["median_s"] / small[name]["median_s"], 3)
            for name in ("figures", "pdf", "figures_and_pdf")
        },
        "goals": {"ratio_max": 1.3, "figures_and_pdf_max_s": 3.0},
    }
    results["met"] = results["ratio"]["figures_and_pdf"] <= 1.3 and large["figures_and_pdf"]["median_s"] < 3.0
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results["ratio"]), "met" if results["met"] else "NOT MET", f"→ {RESULTS.name}")


if __name__ == "__main__":
    main()
