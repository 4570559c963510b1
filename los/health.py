"""What /healthz checks: the database always, the broker when one is configured."""

from django.conf import settings
from django.db import connection


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker():
    from los.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def health_report():
    """(all_ok, {part: "ok" | "not configured" | "unavailable: <reason>"})."""
    checks = {"database": check_database}
    if settings.CELERY_BROKER_URL:
        checks["broker"] = check_broker
    report = {"broker": "not configured"}
    ok = True
    for name, check in checks.items():
        try:
            check()
            report[name] = "ok"
        except Exception as exc:  # noqa: BLE001 — any failure means the part is down
            ok = False
            report[name] = f"unavailable: {type(exc).__name__}"
    return ok, report
