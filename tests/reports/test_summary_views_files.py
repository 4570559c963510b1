"""The job's progress on the summary page (polled while the job runs, a retry after a failure)
and the downloads: the PDF and the press release, attachments logged as exports."""

import pytest
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry
from reports.models import JobStage, JobStatus, Summary, SummaryStatus
from tests.clients import signed_in_client
from tests.matrix.summaries import AUTUMN_2024, SPRING_2025, make_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def spring(norrkoping, skatteverket, raddningstjansten):
    """Norrköping's spring 2025, awaiting the tax agency's answer, its PDF ready."""
    return make_summary(
        norrkoping,
        SPRING_2025,
        tax=skatteverket,
        fire=raddningstjansten,
        status=SummaryStatus.AWAITING_CONFIRMATION,
        confirm=[skatteverket],
        press_release="Under våren utfördes ett tiotal besök.",
    )


def _detail(summary):
    return reverse("summary_detail", kwargs={"pk": summary.pk})


def _url(name, summary):
    return reverse(name, kwargs={"pk": summary.pk})


# --- The job's progress -------------------------------------------------------------------


def _job(summary, status, **fields):
    Summary.objects.filter(pk=summary.pk).update(job_status=status, **fields)
    return Summary.objects.get(pk=summary.pk)


LIVE_REGION = '<div id="summary-progress-live" aria-live="polite">'


def test_the_progress_polls_while_the_job_runs(petra, spring):
    summary = _job(spring, JobStatus.RUNNING, job_stage=JobStage.RENDERING, job_progress=60)
    for url in (_detail(summary), _url("summary_progress", summary)):
        html = signed_in_client(petra).get(url).content.decode()
        assert 'hx-trigger="every 1s"' in html
        assert f'hx-get="{_url("summary_progress", summary)}"' in html
        # Only the live region's content is replaced: the region itself stays, and is announced.
        assert 'hx-target="#summary-progress-live" hx-swap="innerHTML"' in html
        assert '<progress id="summary-progress-bar" max="100" value="60">' in html
        assert "Typesetting the PDF" in html
        assert f'href="{_detail(summary)}">Refresh</a>' in html
    assert LIVE_REGION in signed_in_client(petra).get(_detail(summary)).content.decode()
    fragment = signed_in_client(petra).get(_url("summary_progress", summary)).content.decode()
    assert 'id="summary-progress-live"' not in fragment  # the content of the region, not a second one


def test_the_progress_stops_polling_when_the_job_is_done(petra, spring):
    html = signed_in_client(petra).get(_url("summary_progress", spring)).content.decode()
    assert "hx-trigger" not in html and "<progress" not in html
    assert "Done" in html
    assert _url("summary_pdf", spring) in html
    page = signed_in_client(petra).get(_detail(spring)).content.decode()
    assert LIVE_REGION in page and "hx-trigger" not in page


def test_a_failed_job_shows_its_reason_and_a_retry_for_the_press_officer(petra, anna, spring):
    summary = _job(spring, JobStatus.FAILED, job_error="The PDF could not be made (OSError: disk full).")
    html = signed_in_client(petra).get(_url("summary_progress", summary)).content.decode()
    assert "hx-trigger" not in html
    assert "The PDF could not be made (OSError: disk full)." in html
    assert f'action="{_url("summary_retry", summary)}"' in html
    assert (
        f'action="{_url("summary_retry", summary)}"'
        not in signed_in_client(anna).get(_detail(summary)).content.decode()
    )


def test_the_agency_admin_does_not_follow_the_job(sara, spring):
    assert signed_in_client(sara).get(_url("summary_progress", spring)).status_code == 403


# --- The files ----------------------------------------------------------------------------


def test_the_pdf_is_an_attachment_that_is_logged_as_an_export(petra, spring):
    response = signed_in_client(petra).get(_url("summary_pdf", spring))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="sammanstallning-norrkoping-2025-01-01-2025-06-30.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert (entry.user_id, entry.object_type, entry.object_id) == (petra.pk, "reports.summary", str(spring.pk))
    assert entry.collaboration_id == spring.collaboration_id


def test_the_coordinator_may_download_the_pdf(anna, spring):
    assert signed_in_client(anna).get(_url("summary_pdf", spring)).status_code == 200


def test_a_summary_without_a_pdf_has_none_to_download(petra, norrkoping, skatteverket, raddningstjansten):
    summary = make_summary(norrkoping, AUTUMN_2024, tax=skatteverket, fire=raddningstjansten, pdf=False)
    assert signed_in_client(petra).get(_url("summary_pdf", summary)).status_code == 404
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_press_release_is_plain_text_and_logged(anna, spring):
    response = signed_in_client(anna).get(_url("summary_press_release", spring))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="pressmeddelande-norrkoping-')
    assert response.content.decode("utf-8") == "Under våren utfördes ett tiotal besök."
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT, user_id=anna.pk).count() == 1


def test_the_agency_admin_may_not_download_the_files(sara, spring):
    for name in ("summary_pdf", "summary_press_release"):
        assert signed_in_client(sara).get(_url(name, spring)).status_code == 403
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()
