"""Matrix rows for the summaries routes.

The summaries of the world, made without the job (figures set from a small `Figures`, a stand-in
PDF in the summaries storage): "own" is Norrköping's spring 2025, awaiting confirmation, with the
tax agency (sara's) asked to confirm; "other_agency" Norrköping's autumn 2024, a draft that asks
no agency yet; "other_collaboration" Linköping's spring 2025. Press officers manage; coordinators
read and get 403 on a step; the tax agency's admin sees only the summary that asks her agency.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from reports.figures import (
    AgencyParticipation,
    CategoryCount,
    Count,
    Figures,
    FollowUps,
    KeyFigures,
    MoneyCell,
    MoneyTotal,
    OperationLine,
    figures_from_json,
    figures_to_json,
)
from reports.models import (
    ConfirmationStatus,
    JobStage,
    JobStatus,
    PublishedSnapshot,
    Summary,
    SummaryConfirmation,
    SummaryStatus,
)
from reports.publication import hidden_map
from reports.services import snapshot_checksum

from .route import Route

SPRING_2025 = (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
AUTUMN_2024 = (datetime.date(2024, 7, 1), datetime.date(2024, 12, 31))

# The tax agency's two cash-register findings are a small count: exact on its admin's page,
# "fewer than 3" wherever the figures are shown as published.
CASH_REGISTER_FINDINGS = 2


def small_figures(collaboration, period, *, tax, fire):
    """Figures of a small half-year: two operations (one EMPACT), the tax agency and the fire and
    rescue service, 1 500 000 kr wrongly paid."""
    start, end = period
    t, f = str(tax.pk), str(fire.pk)
    return Figures(
        collaboration=collaboration.name,
        period_start=start,
        period_end=end,
        key=KeyFigures(
            operations=2,
            empact_operations=1,
            visits=12,
            premises=9,
            findings=14,
            persons_checked=20,
            wrongly_paid=Decimal("1500000.00"),
            stopped=Decimal("40000.00"),
            potential_victims=0,
        ),
        previous=None,
        operations_by_kind=(Count("los", "LOS-insats", 1), Count("empact", "EMPACT-aktionsdag", 1)),
        operations=(
            OperationLine(start + datetime.timedelta(days=40), start + datetime.timedelta(days=40), "los", "LOS", 8, 2),
            OperationLine(
                start + datetime.timedelta(days=90), start + datetime.timedelta(days=90), "empact", "EMPACT", 4, 2
            ),
        ),
        premises_by_type=(Count("car_repair", "Bilverkstad", 5), Count("kiosk", "Kiosk", 4)),
        agencies=(
            AgencyParticipation(t, tax.name, operations=2, visits=12, findings=9),
            AgencyParticipation(f, fire.name, operations=1, visits=8, findings=5),
        ),
        findings_by_agency=(Count(t, tax.name, 9), Count(f, fire.name, 5)),
        findings_by_category=(
            CategoryCount(t, "staff-ledger", "Personalliggare", 7),
            CategoryCount(t, "cash-register", "Kassaregister", CASH_REGISTER_FINDINGS),
            CategoryCount(f, "fire-safety", "Brandskydd", 5),
        ),
        actions_by_kind=(Count("injunction", "Föreläggande", 8), Count("advice", "Råd", 6)),
        follow_ups=FollowUps(corrected=4, not_corrected=0, due=3),
        money=(
            MoneyCell("wrongly_paid", "Felaktigt utbetalt", t, tax.name, Decimal("1500000.00"), 6),
            MoneyCell("stopped", "Stoppad utbetalning", t, tax.name, Decimal("40000.00"), 1),
        ),
        money_by_kind=(
            MoneyTotal("wrongly_paid", "Felaktigt utbetalt", Decimal("1500000.00"), 6),
            MoneyTotal("stopped", "Stoppad utbetalning", Decimal("40000.00"), 1),
        ),
        trafficking_indicators=(),
    )


def make_summary(collaboration, period, *, tax, fire, status=SummaryStatus.DRAFT, confirm=(), pdf=True, **fields):
    """A summary whose job is done, made without the job; `confirm` are the agencies asked."""
    summary = Summary.objects.create(
        collaboration=collaboration,
        period_start=period[0],
        period_end=period[1],
        status=status,
        figures=figures_to_json(small_figures(collaboration, period, tax=tax, fire=fire)),
        job_status=JobStatus.DONE,
        job_stage=JobStage.FINISHED,
        job_progress=100,
        job_generation=1,
        **fields,
    )
    if pdf:
        summary.pdf_name = storages["summaries"].save(f"summary-{summary.pk}-1.pdf", ContentFile(b"%PDF-1.7\n%test\n"))
        summary.save(update_fields=["pdf_name"])
    for agency in confirm:
        SummaryConfirmation.objects.create(summary=summary, agency=agency, status=ConfirmationStatus.PENDING)
    return summary


def freeze_snapshot(summary, *, threshold=3, by=None):
    """The snapshot publication makes of `summary`'s figures (hidden values and checksum as the
    service computes them), for a summary made without the service."""
    hidden = hidden_map(figures_from_json(summary.figures), threshold)
    return PublishedSnapshot.objects.create(
        summary=summary,
        figures=summary.figures,
        threshold=threshold,
        hidden=hidden,
        checksum=snapshot_checksum(figures=summary.figures, threshold=threshold, hidden=hidden),
        published_by=by,
    )


def setup(world):
    tax, fire = world.agencies["tax"], world.agencies["fire"]
    norrkoping, linkoping = world.collaborations["norrkoping"], world.collaborations["linkoping"]
    texts = {"press_release": "Under våren utfördes ett tiotal besök."}
    world.summaries = {
        "own": make_summary(
            norrkoping,
            SPRING_2025,
            tax=tax,
            fire=fire,
            status=SummaryStatus.AWAITING_CONFIRMATION,
            confirm=[tax],
            **texts,
        ),
        "other_agency": make_summary(norrkoping, AUTUMN_2024, tax=tax, fire=fire, **texts),
        "other_collaboration": make_summary(linkoping, SPRING_2025, tax=tax, fire=fire, confirm=[tax], **texts),
    }


def _pk(w, t):
    return {"pk": w.summaries[t].pk}


def _texts(w, t):
    summary = w.summaries[t]
    return {"narrative": summary.narrative, "press_release": "Ett nytt utkast.", "version": summary.version}


# Readers of a summary: its collaboration's press officer and coordinator.
READERS = {
    "coordinator": {"own": 200, "other_agency": 200, "other_collaboration": 404},
    "press_officer": {"own": 200, "other_agency": 200, "other_collaboration": 404},
    # She sees the summary that asks her agency, but only its status and the way to answer.
    "agency_admin": {"own": 403, "other_agency": 404, "other_collaboration": 404},
}


def press_officer_step(own, other_agency):
    """A step of the lifecycle: the press officer may (the answer depends on the status); the
    coordinator and the tax admin, who see the summary, get 403."""
    return {
        "press_officer": {"own": own, "other_agency": other_agency, "other_collaboration": 404},
        "coordinator": {"own": 403, "other_agency": 403, "other_collaboration": 404},
        "agency_admin": {"own": 403, "other_agency": 404, "other_collaboration": 404},
    }


ROUTES = {
    "summary_list": (
        Route(expect={"coordinator": 200, "press_officer": 200, "agency_admin": 200}),
        # An empty request: the press officer is told what is missing; readers may not request.
        Route(method="post", expect={"press_officer": 400, "coordinator": 403, "agency_admin": 403}),
        Route(
            method="post",
            expect={"press_officer": 302, "coordinator": 403, "agency_admin": 403},
            data=lambda w, t: {"year": "2023", "half": "2"},
        ),
    ),
    "summary_detail": Route(
        expect={**READERS, "agency_admin": {"own": 200, "other_agency": 404, "other_collaboration": 404}},
        kwargs=_pk,
    ),
    "summary_progress": Route(expect=READERS, kwargs=_pk),
    "summary_pdf": Route(expect=READERS, kwargs=_pk),
    "summary_press_release": Route(expect=READERS, kwargs=_pk),
    "summary_texts": (
        Route(expect=press_officer_step(200, 200), kwargs=_pk),
        Route(method="post", expect=press_officer_step(302, 302), kwargs=_pk, data=_texts),
        # Without the version the form was opened at, nothing is saved.
        Route(method="post", expect=press_officer_step(400, 400), kwargs=_pk),
    ),
    # "own" already awaits confirmation; "other_agency" is a counted draft.
    "summary_send": Route(method="post", expect=press_officer_step(400, 302), kwargs=_pk),
    "summary_back_to_draft": Route(method="post", expect=press_officer_step(302, 400), kwargs=_pk),
    "summary_approve": (
        # The tax agency has not answered: approving needs the explicit choice.
        Route(method="post", expect=press_officer_step(400, 400), kwargs=_pk),
        Route(
            method="post", expect=press_officer_step(302, 400), kwargs=_pk, data=lambda w, t: {"without_answers": "on"}
        ),
    ),
    "summary_publish": Route(method="post", expect=press_officer_step(400, 400), kwargs=_pk),
    "summary_retry": Route(method="post", expect=press_officer_step(302, 302), kwargs=_pk),
    "summary_confirm": (
        Route(
            expect={
                "agency_admin": {"own": 200, "other_agency": 404, "other_collaboration": 404},
                "coordinator": {"own": 403, "other_agency": 403, "other_collaboration": 404},
                "press_officer": {"own": 403, "other_agency": 403, "other_collaboration": 404},
            },
            kwargs=_pk,
        ),
        Route(
            method="post",
            expect={
                "agency_admin": {"own": 302, "other_agency": 404, "other_collaboration": 404},
                "coordinator": {"own": 403, "other_agency": 403, "other_collaboration": 404},
                "press_officer": {"own": 403, "other_agency": 403, "other_collaboration": 404},
            },
            kwargs=_pk,
            data=lambda w, t: {"answer": "confirm"},
        ),
    ),
}
