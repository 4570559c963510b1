"""The background jobs of findings: the nightly retention purge (gallring).

The schedule (CELERY_BEAT_SCHEDULE) runs `retention_purge_nightly` once a night. It is safe to
run twice: each collaboration's part is one transaction that removes only what is still there,
so a redelivered or repeated task finds nothing left and records zero counts.
"""

from celery import shared_task
from django.conf import settings

from . import retention


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def retention_purge_nightly():
    """Purge what is past its retention period in every collaboration; returns the counts."""
    runs = retention.retention_purge()
    return {
        "runs": len(runs),
        "notes_blanked": sum(run.notes_blanked for run in runs),
        "evidence_deleted": sum(run.evidence_deleted for run in runs),
        "findings_anonymised": sum(run.findings_anonymised for run in runs),
        "access_log_deleted": sum(run.access_log_deleted for run in runs),
    }
