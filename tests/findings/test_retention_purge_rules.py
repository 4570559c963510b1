"""The rules of the retention purge: nothing goes before its date, each collaboration's own
periods count, a second run changes nothing, and a rollback never loses a file whose row stays."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from agencies import audit
from agencies.models import AccessAction, AccessLogEntry, Collaboration
from findings import retention
from findings.models import Evidence, Finding, FindingRelease, PaymentEntry, RetentionRun
from findings.retention import months_before, retention_purge
from inspections.models import ImportStatus, Operation, Premises, PremisesImport, Signal
from tests.factories import (
    FindingReleaseFactory,
    LegalGroundFactory,
    OperationFactory,
    PaymentEntryFactory,
    PremisesFactory,
    PremisesImportFactory,
    SignalFactory,
    VisitFactory,
    local_time,
)
from tests.findings.evidence_factories import *  # noqa: F403
from tests.findings.evidence_factories import stored_evidence
from tests.findings.factories import tax_finding

# The records are made at noon on 12 March 2025; the periods are the defaults: notes and
# evidence 12 months, access log 24, findings 36.
BUILT = local_time(datetime.date(2025, 3, 12), 12)
DAY = datetime.timedelta(days=1)


def after(months):
    """`months` calendar months after the records were made, the same time of day."""
    return months_before(BUILT, -months)


# --- Months ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (local_time(datetime.date(2028, 3, 12), 12), 36, local_time(datetime.date(2025, 3, 12), 12)),
        # The 31st becomes the last day of the shorter month, in a leap year too.
        (local_time(datetime.date(2025, 5, 31), 3), 3, local_time(datetime.date(2025, 2, 28), 3)),
        (local_time(datetime.date(2024, 5, 31), 3), 3, local_time(datetime.date(2024, 2, 29), 3)),
        # Over new year, and across the change to summer time: the wall-clock time is kept.
        (local_time(datetime.date(2026, 1, 15), 8), 2, local_time(datetime.date(2025, 11, 15), 8)),
        (local_time(datetime.date(2026, 4, 1), 2), 1, local_time(datetime.date(2026, 3, 1), 2)),
    ],
)
def test_a_period_is_counted_in_calendar_months_of_swedish_time(moment, months, expected):
    assert months_before(moment, months) == expected


# --- Nothing before its date ---------------------------------------------------------------------


@pytest.fixture
def records(norrkoping, skatteverket, erik, evidence_storage):
    """One record of every kind the purge handles, all made at BUILT, in Norrköping."""
    with time_machine.travel(BUILT, tick=False):
        operation = OperationFactory(
            collaboration=norrkoping, start_date=BUILT.date(), end_date=BUILT.date(), agencies=[skatteverket]
        )
        operation.notes = "operation note"
        operation.save()
        premises = PremisesFactory(collaboration=norrkoping, notes="premises note")
        SignalFactory(premises=premises, received_on=BUILT.date(), summary="signal summary")
        visit = VisitFactory(operation=operation, premises=premises, scheduled_at=BUILT - datetime.timedelta(hours=2))
        finding = tax_finding(visit, skatteverket, created_by=erik, note="finding note")
        FindingReleaseFactory(
            finding=finding, legal_ground=LegalGroundFactory(agency=skatteverket), released_by=erik, explanation="why"
        )
        PaymentEntryFactory(finding=finding, created_by=erik)
        stored_evidence(finding, by=erik)
        audit.record(AccessAction.VIEW, user=erik, obj=finding)
        audit.record(AccessAction.LOGIN, user=erik)
    return finding


def _state(finding):
    """What the purge may change, as one comparable value."""
    finding = Finding.objects.get(pk=finding.pk)
    return {
        "notes": (
            finding.note,
            FindingRelease.objects.get(finding=finding).explanation,
            Premises.objects.get(pk=finding.visit.premises_id).notes,
            Operation.objects.get(pk=finding.visit.operation_id).notes,
            Signal.objects.get().summary,
        ),
        "evidence": Evidence.objects.filter(finding=finding).count(),
        "access_log": AccessLogEntry.objects.count(),
        "anonymised": finding.anonymised_at is not None,
        "people": (finding.created_by_id is not None, PaymentEntry.objects.get().created_by_id is not None),
    }


KEPT_NOTES = ("finding note", "why", "premises note", "operation note", "signal summary")
EMPTIED_NOTES = ("", "", "", "", "")


def test_nothing_is_purged_a_day_before_its_date_and_everything_the_day_after(records):
    untouched = {"notes": KEPT_NOTES, "evidence": 1, "access_log": 2, "anonymised": False, "people": (True, True)}
    assert _state(records) == untouched

    retention_purge(now=after(12) - DAY)
    assert _state(records) == untouched

    retention_purge(now=after(12) + DAY)
    notes_gone = {**untouched, "notes": EMPTIED_NOTES, "evidence": 0}
    assert _state(records) == notes_gone

    retention_purge(now=after(24) - DAY)
    assert _state(records) == notes_gone
    retention_purge(now=after(24) + DAY)
    log_gone = {**notes_gone, "access_log": 0}
    assert _state(records) == log_gone

    retention_purge(now=after(36) - DAY)
    assert _state(records) == log_gone
    retention_purge(now=after(36) + DAY)
    assert _state(records) == {**log_gone, "anonymised": True, "people": (False, False)}


def test_each_collaboration_counts_with_its_own_periods(records, norrkoping):
    Collaboration.objects.filter(pk=norrkoping.pk).update(
        findings_retention_months=6, notes_retention_months=2, evidence_retention_months=6
    )
    retention_purge(now=after(2) - DAY)
    assert _state(records)["notes"] == KEPT_NOTES
    retention_purge(now=after(2) + DAY)
    assert _state(records)["notes"] == EMPTIED_NOTES
    assert _state(records)["evidence"] == 1
    retention_purge(now=after(6) + DAY)
    assert _state(records)["anonymised"]


def test_rows_of_no_collaboration_are_kept_as_long_as_the_longest_access_log_period(records, linkoping):
    Collaboration.objects.filter(pk=linkoping.pk).update(access_log_retention_months=60)
    sign_in = AccessLogEntry.objects.get(action=AccessAction.LOGIN)
    assert sign_in.collaboration_id is None

    retention_purge(now=after(30))
    # Norrköping's own row went after its 24 months; the sign-in waits for Linköping's 60.
    assert list(AccessLogEntry.objects.values_list("pk", flat=True)) == [sign_in.pk]
    retention_purge(now=after(60) + DAY)
    assert not AccessLogEntry.objects.exists()


# --- Twice, and a failure half-way ------------------------------------------------------------------


def test_a_second_run_the_same_day_changes_nothing_and_records_zero(
    records, django_capture_on_commit_callbacks, evidence_storage
):
    moment = after(40)
    with django_capture_on_commit_callbacks(execute=True):
        first = retention_purge(now=moment)
    purged = _state(records)
    finding = Finding.objects.get(pk=records.pk)

    with django_capture_on_commit_callbacks(execute=True):
        second = retention_purge(now=moment + datetime.timedelta(hours=1))

    assert sum(run.notes_blanked + run.evidence_deleted + run.findings_anonymised for run in first) == 7
    zero = [(0, 0, 0, 0)] * len(second)
    assert [(r.notes_blanked, r.evidence_deleted, r.findings_anonymised, r.access_log_deleted) for r in second] == zero
    assert _state(records) == purged
    again = Finding.objects.get(pk=records.pk)
    # The anonymisation keeps its first date, and the row was not written again.
    assert (again.anonymised_at, again.version) == (finding.anonymised_at, finding.version)
    assert RetentionRun.objects.count() == 2 * len(first)


def test_a_failure_half_way_rolls_back_leaves_every_file_in_place_and_the_others_are_purged(
    records, norrkoping, linkoping, monkeypatch, django_capture_on_commit_callbacks, evidence_storage
):
    evidence = Evidence.objects.get()
    path = Path(evidence_storage.path(evidence.stored_name))
    assert path.exists()
    with time_machine.travel(BUILT, tick=False):
        elsewhere = PremisesFactory(collaboration=linkoping, notes="Linköping's note")
    anonymise = retention._anonymise_findings

    def fails_in_norrkoping(collaboration, *args):
        if collaboration == norrkoping:
            raise RuntimeError("the database went away")
        return anonymise(collaboration, *args)

    monkeypatch.setattr(retention, "_anonymise_findings", fails_in_norrkoping)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(retention.RetentionPurgeFailed):
        retention_purge(now=after(40))

    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert path.exists()
    assert _state(records)["notes"] == KEPT_NOTES  # the notes emptied before the failure are back
    assert not RetentionRun.objects.filter(collaboration=norrkoping).exists()
    assert Premises.objects.get(pk=elsewhere.pk).notes == ""
    assert RetentionRun.objects.get(collaboration=linkoping).notes_blanked == 1


def test_a_file_goes_once_its_row_is_gone_for_good(records, django_capture_on_commit_callbacks, evidence_storage):
    path = Path(evidence_storage.path(Evidence.objects.get().stored_name))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        retention_purge(now=after(12) + DAY)
    assert not Evidence.objects.exists()
    assert path.exists()  # not yet: the transaction has not committed
    for callback in callbacks:
        callback()
    assert not path.exists()


def test_an_anonymised_finding_loses_a_person_written_to_it_afterwards(records, erik):
    moment = after(40)
    retention_purge(now=moment)
    PaymentEntryFactory(finding=records, created_by=erik)
    Finding.objects.filter(pk=records.pk).update(note="written after the anonymisation", created_by=erik)

    runs = retention_purge(now=moment + DAY)

    finding = Finding.objects.get(pk=records.pk)
    assert (finding.note, finding.created_by_id) == ("", None)
    assert not PaymentEntry.objects.exclude(created_by=None).exists()
    assert timezone.localdate(finding.anonymised_at) == timezone.localdate(moment)
    assert sum(run.findings_anonymised for run in runs) == 1


def test_an_old_import_never_confirmed_goes_whole_and_a_confirmed_one_loses_its_rows(norrkoping):
    with time_machine.travel(BUILT, tick=False):
        abandoned = PremisesImportFactory(collaboration=norrkoping)
        done = PremisesImportFactory(collaboration=norrkoping, status=ImportStatus.COMMITTED)

    retention_purge(now=after(12) - DAY)
    assert PremisesImport.objects.count() == 2

    retention_purge(now=after(12) + DAY)
    assert not PremisesImport.objects.filter(pk=abandoned.pk).exists()
    done.refresh_from_db()
    assert (done.rows, done.file_name, done.status) == ([], "", ImportStatus.COMMITTED)
