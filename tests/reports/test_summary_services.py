"""The summary's lifecycle: petra requests the spring draft, the agencies' admins confirm their
figures, petra approves and publishes it, and what was published never changes."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from reports import selectors
from reports.models import (
    ConfirmationStatus,
    JobStage,
    JobStatus,
    PublishedSnapshot,
    Summary,
    SummaryConfirmation,
    SummaryStatus,
)
from reports.periods import half_year
from reports.services import (
    StaleSummary,
    summary_answer,
    summary_approve,
    summary_back_to_draft,
    summary_publish,
    summary_recount,
    summary_request,
    summary_send_for_confirmation,
    summary_texts_save,
)

SPRING_2025 = half_year(2025, 1)


def as_saved(summary):
    return Summary.objects.get(pk=summary.pk)


# --- Request ---------------------------------------------------------------------------


def test_it_creates_a_draft_whose_first_job_is_enqueued_after_the_commit(
    petra, norrkoping, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr("reports.services.summary_compile.delay", lambda *arguments: sent.append(arguments))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        summary, created = summary_request(
            collaboration=norrkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1], by=petra
        )
    assert created
    assert (summary.status, summary.job_status, summary.job_stage, summary.job_generation) == (
        SummaryStatus.DRAFT,
        JobStatus.QUEUED,
        JobStage.WAITING,
        1,
    )
    assert summary.created_by == petra
    assert sent == []
    callbacks[0]()
    assert sent == [(summary.pk, 1)]


def test_it_gives_the_open_summary_of_the_period_instead_of_a_second(petra, norrkoping):
    first, _ = summary_request(
        collaboration=norrkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1], by=petra
    )
    again, created = summary_request(
        collaboration=norrkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1], by=petra
    )
    assert not created
    assert again.pk == first.pk
    assert Summary.objects.count() == 1


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (datetime.date(2025, 6, 30), datetime.date(2025, 1, 1), "The last day cannot be before the first day."),
        (datetime.date(2025, 1, 1), datetime.date(2026, 1, 2), "A summary covers at most a year (366 days)."),
    ],
)
def test_it_refuses_a_period_backwards_or_longer_than_a_year(petra, norrkoping, start, end, message):
    with pytest.raises(ValidationError) as refused:
        summary_request(collaboration=norrkoping, period_start=start, period_end=end, by=petra)
    assert refused.value.message_dict == {"period_end": [message]}
    assert not Summary.objects.exists()


@time_machine.travel(datetime.date(2026, 3, 1), tick=False)
def test_it_allows_a_leap_year_and_a_period_that_has_not_ended(petra, norrkoping):
    leap_year, created = summary_request(
        collaboration=norrkoping,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        by=petra,
    )
    running, created_too = summary_request(
        collaboration=norrkoping,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        by=petra,
    )
    assert created and created_too


def test_it_lets_only_the_press_officer_request_a_summary(erik, anna, norrkoping):
    for person in (erik, anna):
        with pytest.raises(PermissionDenied):
            summary_request(collaboration=norrkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1], by=person)
    assert not Summary.objects.exists()


def test_the_first_job_counts_the_draft_figures(draft):
    assert draft.figures["key"]["visits"] == 1
    assert draft.figures["key"]["wrongly_paid"] == "150000.00"
    assert draft.counted_at is not None
    assert (draft.job_stage, draft.job_progress) == (JobStage.FINISHED, 100)


# --- Recount ---------------------------------------------------------------------------


def test_it_refuses_a_recount_while_the_job_is_queued(petra, norrkoping):
    summary, _ = summary_request(
        collaboration=norrkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1], by=petra
    )
    with pytest.raises(ValidationError, match="already being prepared"):
        summary_recount(summary=summary, by=petra)
    assert as_saved(summary).job_generation == 1


def test_a_recount_after_a_failure_starts_the_next_job_with_the_error_cleared(draft, petra):
    Summary.objects.filter(pk=draft.pk).update(job_status=JobStatus.FAILED, job_error="It broke.")
    summary = summary_recount(summary=draft, by=petra)
    saved = as_saved(summary)
    assert (saved.job_generation, saved.job_status, saved.job_stage, saved.job_progress, saved.job_error) == (
        2,
        JobStatus.QUEUED,
        JobStage.WAITING,
        0,
        "",
    )


def test_a_job_lost_long_ago_may_be_replaced(petra, norrkoping, settings):
    summary, _ = summary_request(
        collaboration=norrkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1], by=petra
    )
    with time_machine.travel(datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2 + 60)):
        assert summary_recount(summary=summary, by=petra).job_generation == 2


# --- Texts -----------------------------------------------------------------------------


def test_it_saves_the_texts_and_counts_again_when_the_narrative_changed(draft, petra):
    summary = summary_texts_save(
        summary=draft, narrative="Våren i korthet.", press_release="Pressmeddelande.", version=1, by=petra
    )
    saved = as_saved(summary)
    assert (saved.narrative, saved.press_release, saved.version) == ("Våren i korthet.", "Pressmeddelande.", 2)
    assert (saved.job_generation, saved.job_status) == (2, JobStatus.QUEUED)


def test_a_changed_press_release_alone_starts_no_job(draft, petra):
    summary_texts_save(summary=draft, narrative="", press_release="Pressmeddelande.", version=1, by=petra)
    assert (as_saved(draft).job_generation, as_saved(draft).job_status) == (1, JobStatus.DONE)


def test_a_save_from_a_form_opened_before_another_save_is_refused_as_stale(draft, petra):
    summary_texts_save(summary=draft, narrative="Först.", press_release="", version=1, by=petra)
    with pytest.raises(StaleSummary):
        summary_texts_save(summary=draft, narrative="Sist.", press_release="Sist.", version=1, by=petra)
    saved = as_saved(draft)
    assert (saved.narrative, saved.press_release, saved.version) == ("Först.", "", 2)


def test_the_narrative_is_fixed_once_sent_but_the_press_release_stays_editable(published, petra):
    with pytest.raises(ValidationError) as refused:
        summary_texts_save(summary=published, narrative="Ny text.", press_release="", version=1, by=petra)
    assert "only be changed while the summary is a draft" in refused.value.message_dict["narrative"][0]
    summary_texts_save(summary=published, narrative=published.narrative, press_release="Rättad.", version=1, by=petra)
    assert as_saved(published).press_release == "Rättad."


def test_it_refuses_a_text_longer_than_the_limit(draft, petra):
    with pytest.raises(ValidationError) as refused:
        summary_texts_save(summary=draft, narrative="x" * 20_001, press_release="", version=1, by=petra)
    assert list(refused.value.message_dict) == ["narrative"]
    assert as_saved(draft).version == 1


# --- Confirmation and approval ---------------------------------------------------------


def test_it_asks_each_participating_agency_to_confirm(awaiting, skatteverket, raddningstjansten):
    assert awaiting.status == SummaryStatus.AWAITING_CONFIRMATION
    asked = {(c.agency_id, c.status) for c in SummaryConfirmation.objects.filter(summary=awaiting)}
    assert asked == {(skatteverket.pk, ConfirmationStatus.PENDING), (raddningstjansten.pk, ConfirmationStatus.PENDING)}
    assert [c.agency for c in selectors.pending_confirmations(awaiting)] == [raddningstjansten, skatteverket]


def test_it_does_not_send_figures_that_are_still_being_counted(petra, norrkoping):
    summary, _ = summary_request(
        collaboration=norrkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1], by=petra
    )
    with pytest.raises(ValidationError, match="Wait until the figures have been counted"):
        summary_send_for_confirmation(summary=summary, by=petra)
    assert as_saved(summary).status == SummaryStatus.DRAFT
    assert not SummaryConfirmation.objects.exists()


def test_the_agency_admin_confirms_or_comments_on_its_own_figures(awaiting, sara, skatteverket):
    confirmation = summary_answer(summary=awaiting, agency=skatteverket, by=sara, confirmed=True, comment="")
    assert (confirmation.status, confirmation.answered_by) == (ConfirmationStatus.CONFIRMED, sara)
    confirmation = summary_answer(
        summary=awaiting, agency=skatteverket, by=sara, confirmed=False, comment=" Ett fynd saknas. "
    )
    assert (confirmation.status, confirmation.comment) == (ConfirmationStatus.COMMENTED, "Ett fynd saknas.")


def test_a_comment_is_required_when_the_figures_are_not_confirmed(awaiting, sara, skatteverket):
    with pytest.raises(ValidationError) as refused:
        summary_answer(summary=awaiting, agency=skatteverket, by=sara, confirmed=False, comment="  ")
    assert list(refused.value.message_dict) == ["comment"]
    assert SummaryConfirmation.objects.get(summary=awaiting, agency=skatteverket).status == ConfirmationStatus.PENDING


def test_only_the_agency_admin_answers_and_only_while_awaiting(draft, awaiting, sara, erik, skatteverket, polisen):
    with pytest.raises(PermissionDenied):
        summary_answer(summary=awaiting, agency=skatteverket, by=erik, confirmed=True, comment="")
    with pytest.raises(PermissionDenied):
        summary_answer(summary=awaiting, agency=polisen, by=sara, confirmed=True, comment="")
    summary_approve(summary=awaiting, by=None, without_answers=True)
    with pytest.raises(ValidationError, match="while the summary is approved"):
        summary_answer(summary=awaiting, agency=skatteverket, by=sara, confirmed=True, comment="")
    assert not SummaryConfirmation.objects.exclude(status=ConfirmationStatus.PENDING).exists()


def test_approval_waits_for_every_answer_unless_told_not_to(awaiting, petra, sara, skatteverket):
    summary_answer(summary=awaiting, agency=skatteverket, by=sara, confirmed=True, comment="")
    with pytest.raises(ValidationError, match="have not answered yet"):
        summary_approve(summary=awaiting, by=petra)
    assert as_saved(awaiting).status == SummaryStatus.AWAITING_CONFIRMATION
    approved = summary_approve(summary=awaiting, by=petra, without_answers=True)
    assert (approved.status, approved.approved_by) == (SummaryStatus.APPROVED, petra)
    assert [c.agency.name for c in selectors.pending_confirmations(approved)] == ["Räddningstjänsten Östra Götaland"]


def test_back_to_draft_drops_the_answers_and_counts_again(approved, petra):
    summary = summary_back_to_draft(summary=approved, by=petra)
    saved = as_saved(summary)
    assert (saved.status, saved.approved_by, saved.job_generation, saved.job_status) == (
        SummaryStatus.DRAFT,
        None,
        2,
        JobStatus.QUEUED,
    )
    assert not SummaryConfirmation.objects.exists()


@pytest.mark.parametrize(
    "step",
    [
        lambda s, by: summary_approve(summary=s, by=by, without_answers=True),
        lambda s, by: summary_back_to_draft(summary=s, by=by),
        lambda s, by: summary_publish(summary=s, by=by),
    ],
    ids=["approve", "back_to_draft", "publish"],
)
def test_steps_out_of_order_are_refused_and_save_nothing(draft, petra, step):
    with pytest.raises(ValidationError, match="while the summary is draft"):
        step(draft, petra)
    saved = as_saved(draft)
    assert (saved.status, saved.job_generation) == (SummaryStatus.DRAFT, 1)
    assert not PublishedSnapshot.objects.exists()


def test_figures_already_sent_are_not_sent_again(awaiting, petra, sara, skatteverket):
    summary_answer(summary=awaiting, agency=skatteverket, by=sara, confirmed=True, comment="")
    with pytest.raises(ValidationError, match="while the summary is awaiting confirmation"):
        summary_send_for_confirmation(summary=awaiting, by=petra)
    assert SummaryConfirmation.objects.get(agency=skatteverket).status == ConfirmationStatus.CONFIRMED


def test_only_the_press_officer_takes_the_steps(awaiting, anna, sara):
    for person in (anna, sara):
        with pytest.raises(PermissionDenied):
            summary_approve(summary=awaiting, by=person, without_answers=True)
        with pytest.raises(PermissionDenied):
            summary_back_to_draft(summary=awaiting, by=person)
    assert as_saved(awaiting).status == SummaryStatus.AWAITING_CONFIRMATION
