"""Retention (gallring): how long each collaboration keeps findings, notes, evidence files and
access-log rows, and the nightly purge that removes or anonymises what is past its period.

The purge goes from the most personal to the least: free-text notes, then evidence files, then
the findings themselves (anonymised, never deleted: what was found, what was done and the money
stay, so every figure and every published summary is the same before and after), then the
access log. It works set-based, one UPDATE or DELETE per kind of record filtered on dates, in
one transaction per collaboration, and every step only touches what is still there to remove, so
a second run the same day changes nothing. What each run did is kept in a `RetentionRun`.

What the purge handles, and the date each counts from:
- Finding.note: the finding's `created_at` (notes period).
- FindingRelease.explanation: the release's `released_at` (notes period); cleared with the
  finding at the latest.
- Premises.notes: the premises' `updated_at` (notes period): never later than the notes were
  last written, so notes are never emptied early.
- Operation.notes: the operation's last day (notes period).
- Signal.summary: the day the signal came in, `received_on` (notes period).
- PremisesImport.rows and file_name: the upload's `created_at` (notes period). The rows are a
  copy of the uploaded file, its notes column too. An upload still awaiting confirmation by
  then is abandoned and deleted whole.
- Evidence (file and row, with the uploader's file name): `uploaded_at` (evidence period), and
  every file of a finding past the findings period.
- Finding: `created_at` (findings period): note, submission key and every link to a person are
  cleared, on the finding and on its status changes, referrals, releases and ledger entries.
- AccessLogEntry: `at` (access-log period of the row's collaboration).

What it leaves, and why: names and addresses of premises and businesses and organisation
numbers (the register of places, not notes about people; a premises leaves the register by
the coordinator's hand), operation names, categories, legal grounds and agency names
(catalogues); user accounts (people are deactivated by their agency admin); summaries with
their narrative, press release, confirmation comments, snapshots and PDFs (published material,
and `reports` sits above this app); a visit's booked and present inspectors (the plan of who
went where, kept with the visit); the sign-in protection's own records (django-axes) and
sessions, which have their own expiry.
"""

import calendar
import datetime
import logging
from dataclasses import dataclass
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import F, Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from agencies import audit
from agencies.models import (
    DEFAULT_ACCESS_LOG_RETENTION_MONTHS,
    RETENTION_FIELDS,
    AccessAction,
    AccessLogEntry,
    Collaboration,
)
from inspections.models import ImportStatus, Operation, Premises, PremisesImport, Signal
from los.append_only import allowing_retention_purge

from .models import Evidence, Finding, FindingRelease, PaymentEntry, Referral, RetentionRun, StatusChange

logger = logging.getLogger(__name__)

# The runs a coordinator sees on the retention page.
RECENT_RUNS = 10


@dataclass(frozen=True)
class Cutoffs:
    """Records from before these moments are past their period."""

    findings: datetime.datetime
    notes: datetime.datetime
    evidence: datetime.datetime
    access_log: datetime.datetime

    @property
    def notes_day(self):
        """For records dated by a day: a day before this one is past the notes period."""
        return timezone.localdate(self.notes)


def months_before(moment, months):
    """The same wall-clock time in Sweden `months` calendar months earlier; the 31st becomes the
    last day of a shorter month."""
    local = timezone.localtime(moment)
    month_index = local.year * 12 + local.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(local.day, calendar.monthrange(year, month + 1)[1])
    naive = local.replace(tzinfo=None).replace(year=year, month=month + 1, day=day)
    return timezone.make_aware(naive, timezone.get_current_timezone())


def retention_cutoffs(collaboration, now):
    """The collaboration's four cutoffs at `now`."""
    return Cutoffs(
        findings=months_before(now, collaboration.findings_retention_months),
        notes=months_before(now, collaboration.notes_retention_months),
        evidence=months_before(now, collaboration.evidence_retention_months),
        access_log=months_before(now, collaboration.access_log_retention_months),
    )


# --- The purge -------------------------------------------------------------------------------


class RetentionPurgeFailed(Exception):
    """The purge of one or more collaborations failed and was rolled back; the others were done."""


def retention_purge(*, now=None):
    """Purge what is past its period in every collaboration, one transaction each, then the
    access-log rows that belong to no collaboration. Returns the RetentionRuns it recorded.

    A collaboration whose purge fails is rolled back and logged, and the others are purged all
    the same; RetentionPurgeFailed then names it, so the job is seen to have failed."""
    now = now or timezone.now()
    runs, failed = [], []
    for collaboration_id in Collaboration.objects.order_by("pk").values_list("pk", flat=True):
        try:
            runs.append(_purge_collaboration(collaboration_id, now))
        except SoftTimeLimitExceeded:
            # Out of time: stop here (this collaboration is rolled back) instead of starting the
            # next one only to be killed in the middle of it.
            raise
        except Exception:
            logger.exception("Retention purge of collaboration %s failed and was rolled back", collaboration_id)
            failed.append(collaboration_id)
    runs.append(_purge_unowned_access_log(now))
    if failed:
        raise RetentionPurgeFailed(f"The retention purge failed for collaborations {failed}.")
    return runs


def _purge_collaboration(collaboration_id, now):
    started_at = timezone.now()
    with transaction.atomic(durable=True):
        # Two runs at once (a redelivered task beside the scheduled one) take turns here; the
        # second then finds nothing left to do.
        # no_key: the lock must not hold up the inserts that refer to the collaboration meanwhile.
        collaboration = Collaboration.objects.select_for_update(no_key=True).get(pk=collaboration_id)
        cutoffs = retention_cutoffs(collaboration, now)
        notes_blanked = _blank_notes(collaboration, cutoffs)
        stored_names = _delete_evidence(collaboration, cutoffs)
        findings_anonymised = _anonymise_findings(collaboration, cutoffs, now)
        access_log_deleted = AccessLogEntry.objects.filter(collaboration_id=collaboration.pk).purge_older_than(
            cutoffs.access_log
        )
        run = RetentionRun.objects.create(
            collaboration=collaboration,
            started_at=started_at,
            finished_at=timezone.now(),
            notes_blanked=notes_blanked,
            evidence_deleted=len(stored_names),
            findings_anonymised=findings_anonymised,
            access_log_deleted=access_log_deleted,
        )
        # A file cannot be rolled back: it goes only once the rows naming it are gone for good.
        transaction.on_commit(partial(_delete_files, stored_names))
    logger.info(
        "Retention purge of collaboration %s: %s notes emptied, %s evidence files deleted, "
        "%s findings anonymised, %s access log rows deleted",
        collaboration_id,
        run.notes_blanked,
        run.evidence_deleted,
        run.findings_anonymised,
        run.access_log_deleted,
    )
    return run


def _purge_unowned_access_log(now):
    # Sign-ins and other rows of no collaboration (or of one since removed) are kept as long as
    # the longest period any collaboration has chosen, 24 months when there is none: no
    # collaboration's choice may shorten what another relies on to trace a person's sign-ins.
    longest = Collaboration.objects.aggregate(months=Max("access_log_retention_months"))["months"]
    cutoff = months_before(now, longest or DEFAULT_ACCESS_LOG_RETENTION_MONTHS)
    started_at = timezone.now()
    with transaction.atomic(durable=True):
        unowned = AccessLogEntry.objects.exclude(collaboration_id__in=Collaboration.objects.values("pk"))
        deleted = unowned.purge_older_than(cutoff)
        run = RetentionRun.objects.create(started_at=started_at, finished_at=timezone.now(), access_log_deleted=deleted)
    logger.info("Retention purge of the access log of no collaboration: %s rows deleted", deleted)
    return run


def _blank_notes(collaboration, cutoffs):
    """Empties the free text past the notes period; returns how many records it emptied."""
    old_findings = Finding.objects.filter(collaboration=collaboration, created_at__lt=cutoffs.notes)
    # The version moves on, so an edit form opened before cannot save the old note back.
    count = old_findings.exclude(note="").update(note="", version=F("version") + 1)
    count += (
        FindingRelease.objects.filter(finding__collaboration=collaboration, released_at__lt=cutoffs.notes)
        .exclude(explanation="")
        .update(explanation="")
    )
    count += (
        Premises.objects.filter(collaboration=collaboration, updated_at__lt=cutoffs.notes)
        .exclude(notes="")
        .update(notes="")
    )
    count += (
        Operation.objects.filter(collaboration=collaboration, end_date__lt=cutoffs.notes_day)
        .exclude(notes="")
        .update(notes="")
    )
    count += (
        Signal.objects.filter(premises__collaboration=collaboration, received_on__lt=cutoffs.notes_day)
        .exclude(summary="")
        .update(summary="")
    )
    old_imports = PremisesImport.objects.filter(collaboration=collaboration, created_at__lt=cutoffs.notes)
    # An upload never confirmed in all that time is abandoned: it goes whole, so that nobody can
    # confirm an emptied preview later and be told that nothing was imported successfully.
    count += old_imports.filter(status=ImportStatus.PREVIEW).delete()[0]
    count += (
        old_imports.filter(status=ImportStatus.COMMITTED).exclude(rows=[], file_name="").update(rows=[], file_name="")
    )
    return count


def _delete_evidence(collaboration, cutoffs):
    """Deletes the evidence rows past the evidence period, and every row of a finding past the
    findings period; returns the stored names of their files, for after the commit."""
    rows = Evidence.objects.filter(finding__collaboration=collaboration).filter(
        Q(uploaded_at__lt=cutoffs.evidence) | Q(finding__created_at__lt=cutoffs.findings)
    )
    found = list(rows.values_list("pk", "stored_name"))
    if found:
        Evidence.objects.filter(pk__in=[pk for pk, _name in found]).delete()
    return [name for _pk, name in found]


def _delete_files(stored_names):
    storage = storages["evidence"]
    for name in stored_names:
        try:
            storage.delete(name)
        except OSError:
            # The row is gone already; the file is left for an operator, and said so.
            logger.exception("Retention purge could not delete the evidence file %s", name)


def _anonymise_findings(collaboration, cutoffs, now):
    """Clears note, submission key and every link to a person of the findings past the findings
    period, and of what hangs on them; returns how many findings it changed.

    Findings anonymised before are included, so that anything written to one since (a status
    change, a ledger entry) loses its person too; a finding with nothing left to clear is not
    touched, so a second run changes nothing."""
    old = Q(finding__collaboration=collaboration, finding__created_at__lt=cutoffs.findings)
    StatusChange.objects.filter(old, changed_by__isnull=False).update(changed_by=None)
    Referral.objects.filter(old).filter(Q(created_by__isnull=False) | Q(handled_by__isnull=False)).update(
        created_by=None, handled_by=None
    )
    FindingRelease.objects.filter(old).filter(
        Q(released_by__isnull=False) | Q(withdrawn_by__isnull=False) | ~Q(explanation="")
    ).update(released_by=None, withdrawn_by=None, explanation="")
    # The ledger is append-only; the purge may only clear who recorded an entry, never the money.
    with allowing_retention_purge():
        PaymentEntry.objects.filter(old, created_by__isnull=False).update(created_by=None)
    findings = Finding.objects.filter(collaboration=collaboration, created_at__lt=cutoffs.findings)
    return findings.filter(
        Q(anonymised_at__isnull=True) | ~Q(note="") | Q(created_by__isnull=False) | Q(submission_key__isnull=False)
    ).update(
        note="",
        created_by=None,
        submission_key=None,
        anonymised_at=Coalesce(F("anonymised_at"), now),
        version=F("version") + 1,
    )


# --- The periods, for the coordinator's page ----------------------------------------------------


def retention_periods_save(*, collaboration, by, request=None, **months):
    """Set the collaboration's four retention periods (RETENTION_FIELDS, in months). A period
    out of bounds, or notes or evidence kept longer than findings, is a ValidationError at its
    field and nothing is saved. The change is written to the access log."""
    with transaction.atomic():
        locked = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
        for field in RETENTION_FIELDS:
            setattr(locked, field, months[field])
        locked.full_clean(exclude=[f.name for f in Collaboration._meta.fields if f.name not in RETENTION_FIELDS])
        locked.save(update_fields=list(RETENTION_FIELDS))
        audit.record(AccessAction.CHANGE, request=request, user=by, obj=locked, collaboration_id=locked.pk)
    return locked


def retention_periods_initial(collaboration):
    """The collaboration's periods, as the form's initial values."""
    return {field: getattr(collaboration, field) for field in RETENTION_FIELDS}


def retention_runs_of(collaboration, limit=RECENT_RUNS):
    """The collaboration's latest purge runs, newest first."""
    return list(RetentionRun.objects.filter(collaboration=collaboration)[:limit])
