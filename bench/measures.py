"""The measures P1–P6 on the seeded national database; each returns a dict with its `ratio`."""

import datetime
import time

from django.db import connection
from django.utils import translation

from bench import inprocess, load, national

FINDINGS = "/iakttagelser/"
ADMIN_FINDINGS = "/bench/admin/findings/finding/"
SPRING = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))


def _user(pk):
    from agencies.models import User

    return User.objects.get(pk=pk)


def busiest_inspector():
    """An inspector of the police region that takes part in the most collaborations (42)."""
    return _user(50000 + national.agency_id(1, 1) * 100 + 1)


def municipal_inspector():
    """An inspector of the largest collaboration's municipality: one collaboration."""
    return _user(40000 + national.LARGEST * 10 + 1)


def p1_scoped_vs_unscoped():
    client = inprocess.signed_in(busiest_inspector())
    scoped = inprocess.page(client, FINDINGS)
    with inprocess.everything_visible():
        unscoped = inprocess.page(client, FINDINGS)
    typical = inprocess.page(inprocess.signed_in(municipal_inspector()), FINDINGS)
    return {
        "ratio": inprocess.ratio(scoped, unscoped),
        "goal": "<= 1.2",
        "scoped_busiest_inspector": scoped,
        "unscoped": unscoped,
        "scoped_municipal_inspector": typical,
    }


def p2_ours_vs_admin():
    user = busiest_inspector()
    user.is_staff = True  # the admin admits staff only; our pages ignore the flag
    user.save(update_fields=["is_staff"])
    try:
        client = inprocess.signed_in(user)
        ours = inprocess.page(client, FINDINGS)
        admin = inprocess.page(client, ADMIN_FINDINGS)
    finally:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
    return {"ratio": inprocess.ratio(ours, admin), "goal": "<= 1.0", "findings_list": ours, "admin_changelist": admin}


def _one_premises_with_one_finding(user):
    from django.db.models import Count

    from findings.selectors import findings_readable

    rows = (findings_readable(user).order_by().values("visit__premises").annotate(n=Count("pk")).filter(n=1)).order_by(
        "visit__premises"
    )
    return rows.values_list("visit__premises", flat=True).first()


def p3_query_counts():
    """Each list page at national scale; the 1-versus-50-rows equality on every list page is
    also a test in CI (tests/test_list_query_budgets.py)."""
    inspector = municipal_inspector()
    coordinator = _user(10000 + national.LARGEST)
    admin = _user(30000 + national.agency_id(0, national.LARGEST - 1))
    press = _user(20000 + national.LARGEST)
    inspector_client, coordinator_client = inprocess.signed_in(inspector), inprocess.signed_in(coordinator)
    premises = _one_premises_with_one_finding(inspector)
    pages = {
        "finding_list (50 rows)": (inspector_client, FINDINGS),
        "finding_list, one premises (1 row)": (inspector_client, f"{FINDINGS}?lokal={premises}"),
        "finding_list, search (50 rows)": (inspector_client, f"{FINDINGS}?q=Lokal"),
        "finding_list, busiest inspector": (inprocess.signed_in(busiest_inspector()), FINDINGS),
        "follow_ups": (inspector_client, "/iakttagelser/uppfoljningar/"),
        "referral_list": (inspector_client, "/iakttagelser/hanvisningar/"),
        "my_visits": (inspector_client, "/besok/"),
        "premises_list (50 rows)": (coordinator_client, "/lokaler/"),
        "premises_list (1 row)": (coordinator_client, "/lokaler/?q=Lokal+1-999"),
        "operation_list": (coordinator_client, "/insatser/"),
        "calendar": (coordinator_client, "/kalender/?manad=2026-03"),
        "summary_list": (inprocess.signed_in(press), "/sammanstallningar/"),
        "access_log": (inprocess.signed_in(admin), "/logg/"),
        "people": (inprocess.signed_in(admin), "/personal/"),
    }
    with inprocess.templates_recorded():
        counted = {name: inprocess.query_count(client, url) for name, (client, url) in pages.items()}
    worst = max(row["queries"] for row in counted.values())
    # The whole list pages from the readable ids (one query more than a filtered list, which pages
    # over the findings): 1 and 50 rows are compared on the same path.
    one, fifty = counted["finding_list, one premises (1 row)"], counted["finding_list, search (50 rows)"]
    premises_one, premises_fifty = counted["premises_list (1 row)"], counted["premises_list (50 rows)"]
    equal = one["queries"] == fifty["queries"] and premises_one["queries"] == premises_fifty["queries"]
    return {
        "ratio": round(worst / 12, 3),
        "goal": "equal for 1 and 50 rows, <= 12",
        "equal_for_1_and_50_rows": equal,
        "max_queries": worst,
        "pages": counted,
    }


def _figures_timing(name):
    from agencies.models import Collaboration
    from bench.figures_sql import figures_by_sql, numbers_of
    from reports.aggregation import rollup_figures, summary_figures

    start, end = SPRING
    if name == "largest":
        collaboration = Collaboration.objects.get(pk=national.LARGEST)
        orm = lambda: summary_figures(collaboration, start, end)  # noqa: E731
        ids = [national.LARGEST]
    else:
        orm = lambda: rollup_figures(Collaboration.objects.all(), start, end, name="Sverige")  # noqa: E731
        ids = list(Collaboration.objects.values_list("pk", flat=True))

    def by_sql():
        with connection.cursor() as cursor:
            return figures_by_sql(cursor, ids, start, end)

    same = numbers_of(orm()) == by_sql()
    orm_time, sql_time = inprocess.timed(orm, 7), inprocess.timed(by_sql, 7)
    return {"ratio": inprocess.ratio(orm_time, sql_time), "orm": orm_time, "sql": sql_time, "same_numbers": same}


def p4_figures_vs_sql():
    with translation.override("sv"):
        largest = _figures_timing("largest")
        national_rollup = _figures_timing("national")
    return {
        "ratio": max(largest["ratio"], national_rollup["ratio"]),
        "goal": "<= 1.5",
        "largest_collaboration": largest,
        "national_rollup": national_rollup,
    }


def summary_of_largest():
    """Figures, suppression and the PDF of the largest collaboration's spring, as the job does them."""
    from agencies.models import Collaboration
    from reports.aggregation import summary_figures
    from reports.periods import period_title
    from reports.publication import publish_figures
    from reports.summary_pdf import render_summary_pdf

    collaboration = Collaboration.objects.get(pk=national.LARGEST)
    start, end = SPRING
    title = f"{collaboration.name}: {period_title(start, end)}"

    def whole():
        published = publish_figures(summary_figures(collaboration, start, end), collaboration.suppression_threshold)
        return render_summary_pdf(published=published, narrative="Text.", draft=False, title=title)

    with translation.override("sv"):
        return {
            "figures_and_pdf": inprocess.timed(whole, 5),
            "figures": inprocess.timed(lambda: summary_figures(collaboration, start, end), 7),
        }


def summary_ratio(small):
    large = summary_of_largest()
    return {
        "ratio": inprocess.ratio(large["figures_and_pdf"], small["figures_and_pdf"]),
        "goal": "<= 1.3 and under 3 s",
        "met_absolute": large["figures_and_pdf"]["median_ms"] < 3000,
        "with_10k_findings": small,
        "with_1m_findings": large,
    }


def explain_findings_list():
    """EXPLAIN ANALYZE of each query of the busiest inspector's findings list that reads findings,
    exactly as the page sent them (PostgreSQL's own rendering of the statement with its values)."""
    from django.test.utils import CaptureQueriesContext

    client = inprocess.signed_in(busiest_inspector())
    inprocess.reset_queries()
    with CaptureQueriesContext(connection) as queries:
        inprocess.get(client, FINDINGS)
    reading = [query["sql"] for query in queries.captured_queries if "findings_finding" in query["sql"]]
    return [{"sql": sql, "plan": inprocess.explain(sql, None)} for sql in reading]


def _session_cookie(user):
    return inprocess.signed_in(user).cookies["sessionid"].value


def _compile_summaries(worker):
    """Three collaborations' spring summaries through the real worker; returns seconds per job."""
    from agencies.models import Collaboration
    from reports import services
    from reports.models import JobStatus, Summary

    started = time.perf_counter()
    ids = []
    for pk in (national.LARGEST, national.LARGEST + 1, national.LARGEST + 2):
        summary, _created = services.summary_request(
            collaboration=Collaboration.objects.get(pk=pk),
            period_start=SPRING[0],
            period_end=SPRING[1],
            by=_user(20000 + pk),
        )
        ids.append(summary.pk)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        done = Summary.objects.filter(pk__in=ids, job_status__in=[JobStatus.DONE, JobStatus.FAILED]).count()
        if done == len(ids):
            break
        time.sleep(0.5)
    statuses = list(Summary.objects.filter(pk__in=ids).values_list("job_status", flat=True))
    return {
        "jobs": len(ids),
        "statuses": statuses,
        "seconds": round(time.perf_counter() - started, 1),
        "peak_mb": load.peak_memory_mb(worker.pid),
    }


def load_and_memory():
    worker = load.start_celery_worker()
    try:
        celery = _compile_summaries(worker)
    finally:
        load.stop(worker)
    server = load.start_gunicorn()
    try:
        cookie = _session_cookie(municipal_inspector())
        p6 = load.throughput_and_latency(FINDINGS, cookie)
        busiest = load.throughput_and_latency(FINDINGS, _session_cookie(busiest_inspector()))
        web_peak = load.peak_memory_mb(server.pid)
    finally:
        load.stop(server)
    p6["goal"] = ">= 0.3; p95 under 150 ms at 20 users"
    p6["busiest_inspector"] = busiest
    return {"P6": p6, "memory": {"web_worker_peak_mb": web_peak, "celery_worker": celery}}


ALL = [
    ("P1", p1_scoped_vs_unscoped),
    ("P2", p2_ours_vs_admin),
    ("P3", p3_query_counts),
    ("P4", p4_figures_vs_sql),
    ("P5", None),
]
