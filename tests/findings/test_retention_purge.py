"""The retention purge (gallring) after a jump of the clock: nothing personal remains in any table
or in the evidence folder, while every figure and every published summary stays as it was.

Every free-text field of the case carries a marker starting with PERSONAL-; what is kept on
purpose (the premises' name, the operation's name, a published narrative) carries one starting
with KEPT-, so the scan is shown to find what is there.
"""

import datetime
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from guardian.models import UserObjectPermission

from agencies import audit
from agencies.models import AccessAction, AccessLogEntry
from findings.models import Evidence, Finding, FindingRelease, RetentionRun
from findings.retention import retention_purge
from findings.tasks import retention_purge_nightly
from inspections.models import PremisesImport, VisitOutcome
from los.celery import app as celery_app
from reports import services as summary_services
from reports.aggregation import summary_figures
from reports.models import JobStatus, PublishedSnapshot, Summary
from reports.periods import half_year
from reports.storage import summary_pdf_file
from tests.clients import signed_in_client
from tests.factories import (
    FindingReleaseFactory,
    LegalGroundFactory,
    PaymentEntryFactory,
    ReferralFactory,
    SignalFactory,
    StatusChangeFactory,
)
from tests.findings.evidence_factories import *  # noqa: F403
from tests.findings.evidence_factories import stored_evidence
from tests.findings.factories import fire_finding, tax_finding
from tests.findings.referral_factories import *  # noqa: F403

SPRING_2025 = half_year(2025, 1)
PERSONAL = "PERSONAL-"
KEPT = "KEPT-"


# --- Looking everywhere ------------------------------------------------------------------------


def _text_columns(model):
    kinds = (models.CharField, models.TextField, models.JSONField)
    return [field.attname for field in model._meta.concrete_fields if isinstance(field, kinds)]


def places_holding(marker):
    """Every "model.column#pk" of the database whose text holds `marker`: all models, the
    many-to-many tables among them, every character, text and JSON column."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        columns = _text_columns(model)
        if not columns:
            continue
        for pk, *values in model._base_manager.values_list("pk", *columns):
            for column, value in zip(columns, values, strict=True):
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if marker in text:
                    found.append(f"{model._meta.label}.{column}#{pk}")
    return found


def links_to_people(finding_ids):
    """Every row that ties one of the findings to a user: the finding's own user columns, the
    user columns of every row pointing at it, per-user grants, and access-log rows about it."""
    user_model = get_user_model()
    links = []

    def user_columns(model):
        return [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is user_model]

    for column in user_columns(Finding):
        links += [f"Finding.{column}#{pk}" for pk in _linked(Finding, {"pk__in": finding_ids}, column)]
    for relation in Finding._meta.related_objects:
        model = relation.related_model
        if relation.many_to_many:
            continue  # indicators: a catalogue, no person
        for column in user_columns(model):
            rows = _linked(model, {f"{relation.field.name}__in": finding_ids}, column)
            links += [f"{model._meta.label}.{column}#{pk}" for pk in rows]
    finding_type = ContentType.objects.get_for_model(Finding)
    object_pks = [str(pk) for pk in finding_ids]
    if UserObjectPermission.objects.filter(content_type=finding_type, object_pk__in=object_pks).exists():
        links.append("guardian user grant")
    about = AccessLogEntry.objects.filter(object_type="findings.finding", object_id__in=object_pks)
    links += [f"AccessLogEntry#{pk}" for pk in about.exclude(user_id=None).values_list("pk", flat=True)]
    return links


def _linked(model, condition, column):
    return list(model._base_manager.filter(**condition).exclude(**{column: None}).values_list("pk", flat=True))


def files_in(folder):
    return sorted(str(path.relative_to(folder)) for path in Path(folder).rglob("*") if path.is_file())


# --- The case ------------------------------------------------------------------------------------


def fake_pdf(*, published, narrative, draft, title, progress=None):
    """The typesetting is not what is tested here: a few bytes stand in for the PDF."""
    return f"%PDF-1.7 {title} {'draft' if draft else 'final'}".encode()


@pytest.fixture
def eager(monkeypatch, django_capture_on_commit_callbacks):
    """Jobs run in this process, also when the test run has a broker; what a step leaves for
    after its commit (jobs, file deletions) runs as its block ends."""
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    monkeypatch.setitem(celery_app.conf, "task_eager_propagates", True)
    monkeypatch.setattr("reports.tasks.render_summary_pdf", fake_pdf)

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


@pytest.fixture
def summaries_folder(settings, tmp_path):
    summaries = settings.STORAGES["summaries"]
    settings.STORAGES = {
        **settings.STORAGES,
        "summaries": {**summaries, "OPTIONS": {**summaries["OPTIONS"], "location": str(tmp_path / "summaries")}},
    }
    return tmp_path / "summaries"


@pytest.fixture
def case(norrkoping, visit, skatteverket, raddningstjansten, polisen, erik, farah, pelle, evidence_storage):
    """Norrköping's spring of 2025 with personal data everywhere a person could write it."""
    premises, operation = visit.premises, visit.operation
    premises.name = "KEPT-PREMISES Hageby Bilservice"
    premises.notes = "PERSONAL-PREMISES-NOTE the owner's brother works nights"
    premises.save()
    operation.name = "KEPT-OPERATION Vårinsats Hageby"
    operation.notes = "PERSONAL-OPERATION-NOTE meet the dog handler at the back door"
    operation.save()
    visit.outcome = VisitOutcome.CARRIED_OUT
    visit.save()
    SignalFactory(premises=premises, summary="PERSONAL-SIGNAL-SUMMARY tip from a neighbour")
    PremisesImport.objects.create(
        collaboration=norrkoping,
        file_name="PERSONAL-IMPORT-FILE.csv",
        rows=[{"line": 2, "values": {"name": "Kiosken", "notes": "PERSONAL-IMPORT-ROW cousin runs it"}}],
        created_by=erik,
    )

    tax = tax_finding(visit, skatteverket, created_by=erik, note="PERSONAL-TAX-NOTE staff list names Kim")
    fire = fire_finding(visit, raddningstjansten, created_by=farah, note="PERSONAL-FIRE-NOTE exit blocked by Lo")
    Finding.objects.filter(pk=tax.pk).update(submission_key="2f1d7c1e-0000-4000-8000-000000000001")
    StatusChangeFactory(finding=tax, changed_by=erik)
    ReferralFactory(finding=tax, to_agency=polisen, created_by=erik, handled_by=pelle, handled_at=timezone.now())
    ground = LegalGroundFactory(agency=skatteverket)
    FindingReleaseFactory(
        finding=tax,
        legal_ground=ground,
        released_by=erik,
        explanation="PERSONAL-RELEASE-OLD",
        withdrawn_by=erik,
        withdrawn_at=timezone.now(),
    )
    FindingReleaseFactory(finding=tax, legal_ground=ground, released_by=erik, explanation="PERSONAL-RELEASE-NOW")
    PaymentEntryFactory(finding=tax, amount=Decimal("150000.00"), created_by=erik)
    PaymentEntryFactory(finding=fire, amount=Decimal("20000.00"), created_by=farah)
    stored_evidence(tax, by=erik, original_name="PERSONAL-EVIDENCE-NAME kim.png")
    stored_evidence(fire, by=farah, original_name="PERSONAL-EVIDENCE-NAME lo.pdf", content=b"%PDF-1.4 lo\n")

    # Read in the spring, really in the past: PostgreSQL's trigger compares with its own clock,
    # which the jump below does not move, and never lets the purge delete a row of recent weeks.
    with time_machine.travel(visit.scheduled_at, tick=False):
        audit.record(AccessAction.VIEW, user=farah, obj=tax, collaboration_id=norrkoping.pk)
        audit.record(AccessAction.LOGIN_FAILED, username="PERSONAL-TYPED-USERNAME")
    return [tax.pk, fire.pk]


@pytest.fixture
def published(eager, case, norrkoping, petra, summaries_folder):
    """The spring published by petra, its narrative marked as kept, its final PDF written."""
    summary, _created = eager(
        summary_services.summary_request,
        collaboration=norrkoping,
        period_start=SPRING_2025[0],
        period_end=SPRING_2025[1],
        by=petra,
    )
    Summary.objects.filter(pk=summary.pk).update(narrative="KEPT-NARRATIVE A calm spring in Hageby.")
    summary = summary_services.summary_send_for_confirmation(summary=summary, by=petra)
    summary = summary_services.summary_approve(summary=summary, by=petra, without_answers=True)
    summary = eager(summary_services.summary_publish, summary=summary, by=petra)
    summary.refresh_from_db()
    assert summary.job_status == JobStatus.DONE
    return summary


def _published_state(summary):
    summary.refresh_from_db()
    snapshot = PublishedSnapshot.objects.filter(summary=summary).values().get()
    with summary_pdf_file(summary) as pdf:
        content = pdf.read()
    return snapshot, summary.pdf_sha256, hashlib.sha256(content).hexdigest()


# --- The clock jump ------------------------------------------------------------------------------


def test_after_every_period_nothing_personal_remains_and_every_figure_is_the_same(
    eager, case, published, norrkoping, evidence_storage
):
    finding_ids = case
    figures_before = summary_figures(norrkoping, *SPRING_2025)
    published_before = _published_state(published)
    assert len(places_holding(PERSONAL)) >= 12  # every marker is found before the purge
    assert links_to_people(finding_ids)
    assert len(files_in(evidence_storage.location)) == 2
    log_rows = AccessLogEntry.objects.count()

    # Past the longest default period (36 months for findings) by a year.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4 * 366)):
        result = eager(retention_purge_nightly.delay).get()
        purge_day = timezone.localdate()

    assert places_holding(PERSONAL) == []
    kept = places_holding(KEPT)
    assert any(place.startswith("inspections.Premises.name") for place in kept)
    assert any(place.startswith("inspections.Operation.name") for place in kept)
    assert any(place.startswith("reports.Summary.narrative") for place in kept)
    assert links_to_people(finding_ids) == []
    assert files_in(evidence_storage.location) == []
    assert not Evidence.objects.exists()
    assert AccessLogEntry.objects.count() == 0

    assert summary_figures(norrkoping, *SPRING_2025) == figures_before
    assert _published_state(published) == published_before

    anonymised = Finding.objects.filter(pk__in=finding_ids)
    assert {timezone.localdate(f.anonymised_at) for f in anonymised} == {purge_day}
    assert set(anonymised.values_list("submission_key", flat=True)) == {None}
    assert FindingRelease.objects.filter(finding_id__in=finding_ids).count() == 2  # the releases stay, nameless

    run = RetentionRun.objects.get(collaboration=norrkoping)
    # Two finding notes, two release explanations, the premises, the operation, the signal, the import.
    assert (run.notes_blanked, run.evidence_deleted, run.findings_anonymised) == (8, 2, 2)
    unowned = RetentionRun.objects.get(collaboration=None)
    assert unowned.access_log_deleted >= 1  # the failed sign-in, which belongs to no collaboration
    assert run.access_log_deleted + unowned.access_log_deleted == log_rows
    assert run.finished_at >= run.started_at
    assert result["findings_anonymised"] == 2
    assert result["access_log_deleted"] == log_rows


def test_the_anonymised_finding_says_so_where_its_note_was(case, evidence_storage, sara):
    tax_id = case[0]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4 * 366)):
        retention_purge()
        day = timezone.localdate()
    response = signed_in_client(sara).get(reverse("finding_detail", kwargs={"pk": tax_id}))
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Anonymised on {day.day} {day:%B} {day.year}." in text
    assert "Released by – on" in text
    assert PERSONAL not in text
