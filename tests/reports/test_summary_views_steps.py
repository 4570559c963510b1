"""The press officer's steps through the browser: the texts (with their version), sending,
back to draft, approving (past agencies that did not answer only on purpose), publishing and
counting again; a refused step shows the reason and saves nothing; readers get 403."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from reports.models import ConfirmationStatus, JobStatus, PublishedSnapshot, Summary, SummaryStatus
from reports.services import summary_publish
from tests.clients import signed_in_client
from tests.matrix.summaries import SPRING_2025, make_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(norrkoping, skatteverket, raddningstjansten):
    return make_summary(norrkoping, SPRING_2025, tax=skatteverket, fire=raddningstjansten, narrative="Våren i korthet.")


@pytest.fixture
def awaiting(norrkoping, skatteverket, raddningstjansten):
    return make_summary(
        norrkoping,
        SPRING_2025,
        tax=skatteverket,
        fire=raddningstjansten,
        status=SummaryStatus.AWAITING_CONFIRMATION,
        confirm=[skatteverket, raddningstjansten],
    )


def _url(name, summary):
    return reverse(name, kwargs={"pk": summary.pk})


def _fresh(summary):
    return Summary.objects.get(pk=summary.pk)


# --- The texts ----------------------------------------------------------------------------


def test_the_narrative_is_edited_while_a_draft(petra, draft):
    html = signed_in_client(petra).get(_url("summary_texts", draft)).content.decode()
    assert 'name="narrative"' in html and 'name="press_release"' in html
    assert f'name="version" value="{draft.version}"' in html


def test_the_narrative_is_read_only_after_the_draft(petra, awaiting):
    Summary.objects.filter(pk=awaiting.pk).update(narrative="Vad vi gjorde.")
    html = signed_in_client(petra).get(_url("summary_texts", awaiting)).content.decode()
    assert 'name="narrative"' not in html
    assert "Vad vi gjorde." in html
    assert 'name="press_release"' in html


def test_saving_the_texts_keeps_them_and_moves_the_version_on(petra, draft):
    data = {"narrative": "En ny berättelse.", "press_release": "Ett utkast.", "version": draft.version}
    response = signed_in_client(petra).post(_url("summary_texts", draft), data)
    assert response.status_code == 302
    assert response["Location"] == _url("summary_detail", draft)
    saved = _fresh(draft)
    assert (saved.narrative, saved.press_release, saved.version) == (
        "En ny berättelse.",
        "Ett utkast.",
        draft.version + 1,
    )


def test_a_posted_narrative_is_ignored_after_the_draft(petra, awaiting):
    data = {"narrative": "Smuggled in.", "press_release": "Ett utkast.", "version": awaiting.version}
    assert signed_in_client(petra).post(_url("summary_texts", awaiting), data).status_code == 302
    saved = _fresh(awaiting)
    assert (saved.narrative, saved.press_release) == ("", "Ett utkast.")


def test_an_overlong_narrative_is_refused_at_its_field(petra, draft):
    data = {"narrative": "x" * 20_001, "press_release": "", "version": draft.version}
    response = signed_in_client(petra).post(_url("summary_texts", draft), data)
    assert response.status_code == 400
    assert "Keep the narrative to 20000 characters (it has 20001)." in response.context["form"].errors["narrative"]
    assert 'href="#id_narrative"' in response.content.decode()
    assert _fresh(draft).narrative == "Våren i korthet."


def test_texts_without_a_version_are_not_saved(petra, draft):
    response = signed_in_client(petra).post(_url("summary_texts", draft), {"narrative": "Ny.", "press_release": ""})
    assert response.status_code == 400
    assert "which version of the texts you opened" in response.content.decode()
    assert _fresh(draft).narrative == "Våren i korthet."


def test_texts_saved_over_someone_elses_newer_save_are_refused_with_the_text_kept(petra, draft):
    Summary.objects.filter(pk=draft.pk).update(narrative="Kollegans text.", version=draft.version + 1)
    data = {"narrative": "Min egen text.", "press_release": "Mitt utkast.", "version": draft.version}
    response = signed_in_client(petra).post(_url("summary_texts", draft), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved this summary after you opened it." in html
    assert "Min egen text." in html and "Mitt utkast." in html
    assert f'name="version" value="{draft.version + 1}"' in html  # a second save goes through
    assert _fresh(draft).narrative == "Kollegans text."


def test_the_coordinator_may_not_edit_the_texts(anna, draft):
    client = signed_in_client(anna)
    assert client.get(_url("summary_texts", draft)).status_code == 403
    data = {"narrative": "Ny.", "press_release": "", "version": draft.version}
    assert client.post(_url("summary_texts", draft), data).status_code == 403
    assert _fresh(draft).narrative == "Våren i korthet."


# --- The lifecycle steps ------------------------------------------------------------------


def test_sending_asks_each_agency_in_the_figures(petra, draft, skatteverket, raddningstjansten):
    response = signed_in_client(petra).post(_url("summary_send", draft))
    assert response.status_code == 302
    summary = _fresh(draft)
    assert summary.status == SummaryStatus.AWAITING_CONFIRMATION
    assert set(summary.confirmations.values_list("agency", flat=True)) == {skatteverket.pk, raddningstjansten.pk}


def test_a_refused_step_shows_the_reason_and_changes_nothing(petra, draft):
    response = signed_in_client(petra).post(_url("summary_publish", draft))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The step was not taken." in html
    assert "This cannot be done while the summary is draft." in html
    assert _fresh(draft).status == SummaryStatus.DRAFT
    assert not PublishedSnapshot.objects.exists()


def test_approving_past_agencies_that_did_not_answer_needs_the_tick(petra, awaiting, sara):
    awaiting.confirmations.filter(agency__name="Skatteverket").update(status=ConfirmationStatus.CONFIRMED)
    page = signed_in_client(petra).get(_url("summary_detail", awaiting)).content.decode()
    assert "These agencies have not answered yet:" in page
    assert "<li>Räddningstjänsten Östra Götaland</li>" in page
    response = signed_in_client(petra).post(_url("summary_approve", awaiting))
    assert response.status_code == 400
    assert "Tick “Approve without their answer” to approve anyway." in response.content.decode()
    assert 'href="#id_without_answers"' in response.content.decode()
    # The checkbox is described by the agencies it passes over and by its error.
    assert 'aria-describedby="pending-agencies id_without_answers_error" aria-invalid="true"' in (
        response.content.decode()
    )
    assert 'id="id_without_answers_error"' in response.content.decode()
    assert _fresh(awaiting).status == SummaryStatus.AWAITING_CONFIRMATION
    response = signed_in_client(petra).post(_url("summary_approve", awaiting), {"without_answers": "on"})
    assert response.status_code == 302
    assert (_fresh(awaiting).status, _fresh(awaiting).approved_by) == (SummaryStatus.APPROVED, petra)


def test_approving_when_every_agency_answered_needs_no_tick(petra, awaiting):
    awaiting.confirmations.update(status=ConfirmationStatus.CONFIRMED)
    assert (
        "These agencies have not answered yet:"
        not in signed_in_client(petra).get(_url("summary_detail", awaiting)).content.decode()
    )
    assert signed_in_client(petra).post(_url("summary_approve", awaiting)).status_code == 302
    assert _fresh(awaiting).status == SummaryStatus.APPROVED


def test_back_to_draft_drops_the_answers(petra, awaiting):
    assert signed_in_client(petra).post(_url("summary_back_to_draft", awaiting)).status_code == 302
    summary = _fresh(awaiting)
    assert summary.status == SummaryStatus.DRAFT
    assert not summary.confirmations.exists()


def test_publishing_freezes_the_figures(petra, awaiting):
    Summary.objects.filter(pk=awaiting.pk).update(status=SummaryStatus.APPROVED)
    html = signed_in_client(petra).get(_url("summary_detail", awaiting)).content.decode()
    assert "It cannot be undone" in html
    assert signed_in_client(petra).post(_url("summary_publish", awaiting)).status_code == 302
    summary = _fresh(awaiting)
    assert summary.status == SummaryStatus.PUBLISHED
    assert summary.snapshot.figures == awaiting.figures


@pytest.mark.parametrize(
    "step", ["summary_send", "summary_back_to_draft", "summary_approve", "summary_publish", "summary_retry"]
)
def test_the_coordinator_reads_but_takes_no_step(anna, awaiting, step):
    assert signed_in_client(anna).post(_url(step, awaiting), {"without_answers": "on"}).status_code == 403
    summary = _fresh(awaiting)
    assert (summary.status, summary.job_generation) == (SummaryStatus.AWAITING_CONFIRMATION, awaiting.job_generation)


def test_retry_starts_the_failed_job_again(petra, draft):
    Summary.objects.filter(pk=draft.pk).update(job_status=JobStatus.FAILED, job_error="Det gick inte.")
    assert signed_in_client(petra).post(_url("summary_retry", draft)).status_code == 302
    summary = _fresh(draft)
    assert (summary.job_status, summary.job_error) == (JobStatus.QUEUED, "")
    assert summary.job_generation == draft.job_generation + 1


def test_retry_while_the_job_runs_is_refused(petra, draft):
    Summary.objects.filter(pk=draft.pk).update(job_status=JobStatus.RUNNING)
    response = signed_in_client(petra).post(_url("summary_retry", draft))
    assert response.status_code == 400
    assert "already being prepared" in response.content.decode()
    assert _fresh(draft).job_generation == draft.job_generation


def test_a_job_lost_long_ago_is_offered_again_and_a_running_one_is_not(petra, draft):
    started = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2 + 60)
    Summary.objects.filter(pk=draft.pk).update(job_status=JobStatus.RUNNING, job_started_at=timezone.now())
    client = signed_in_client(petra)
    assert _url("summary_retry", draft) not in client.get(_url("summary_progress", draft)).content.decode()
    Summary.objects.filter(pk=draft.pk).update(job_started_at=started)
    assert _url("summary_retry", draft) in client.get(_url("summary_progress", draft)).content.decode()
    assert client.post(_url("summary_retry", draft)).status_code == 302
    assert _fresh(draft).job_generation == draft.job_generation + 1


def _published(summary):
    """Published as the service does it, without running the job it starts."""
    Summary.objects.filter(pk=summary.pk).update(status=SummaryStatus.APPROVED)
    return summary_publish(summary=_fresh(summary), by=None)


def test_retry_of_a_published_summary_whose_pdf_is_made_is_refused(petra, draft):
    summary = _published(draft)
    Summary.objects.filter(pk=summary.pk).update(job_status=JobStatus.DONE)
    response = signed_in_client(petra).post(_url("summary_retry", summary))
    assert response.status_code == 400
    assert "its PDF is final" in response.content.decode()
    assert _fresh(summary).job_generation == summary.job_generation


def test_retry_of_a_published_summary_whose_final_pdf_failed_typesets_it_again(petra, draft):
    summary = _published(draft)
    Summary.objects.filter(pk=summary.pk).update(job_status=JobStatus.FAILED, job_error="Det gick inte.")
    response = signed_in_client(petra).post(_url("summary_retry", summary), follow=True)
    assert "The published summary&#x27;s PDF is being typeset again." in response.content.decode()
    assert (_fresh(summary).job_status, _fresh(summary).job_generation) == (JobStatus.QUEUED, 3)
