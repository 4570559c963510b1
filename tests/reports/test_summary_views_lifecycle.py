"""The whole life of a summary through the browser pages, with the job run in-process: the press
officer requests the spring, writes the narrative, sends it; the tax agency's admin confirms;
the press officer approves past the agencies that did not answer and publishes; the PDF and
the press release are downloaded."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry
from reports.models import ConfirmationStatus, JobStatus, Summary, SummaryStatus
from tests.clients import signed_in_client
from tests.factories import local_time

from .summary_data import build_spring

pytestmark = pytest.mark.django_db

LIST = reverse("summary_list")


@pytest.fixture(autouse=True)
def _early_in_july():
    with time_machine.travel(local_time(datetime.date(2026, 7, 2), 9), tick=True):
        yield


def _url(name, summary):
    return reverse(name, kwargs={"pk": summary.pk})


def _post(client, url, data=None, *, jobs):
    """POST, then run what the step enqueued after its commit (the job) here and now."""
    with jobs():
        return client.post(url, data or {})


def test_a_summary_goes_from_request_to_publication_in_the_browser(
    norrkoping, linkoping, petra, sara, anna, skatteverket, eager_jobs, summaries_folder
):
    build_spring(norrkoping, linkoping)
    press = signed_in_client(petra)

    form = press.get(LIST).context["form"]
    assert (form["year"].value(), form["half"].value()) == (2026, 1)
    response = _post(press, LIST, {"year": "2026", "half": "1"}, jobs=eager_jobs)
    summary = Summary.objects.get()
    assert response["Location"] == _url("summary_detail", summary)
    assert (summary.job_status, summary.job_progress) == (JobStatus.DONE, 100), summary.job_error
    assert summary.figures["key"]["visits"] == 5

    progress = press.get(_url("summary_progress", summary)).content.decode()
    assert "hx-trigger" not in progress and _url("summary_pdf", summary) in progress
    detail = press.get(_url("summary_detail", summary)).content.decode()
    assert "<caption>Participating agencies</caption>" in detail

    texts = {"narrative": "Våren <b>i korthet</b>.", "press_release": "", "version": summary.version}
    assert _post(press, _url("summary_texts", summary), texts, jobs=eager_jobs).status_code == 302
    assert _post(press, _url("summary_send", summary), jobs=eager_jobs).status_code == 302
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.AWAITING_CONFIRMATION
    assert summary.job_status == JobStatus.DONE, summary.job_error

    admin = signed_in_client(sara)
    assert "The figures of Skatteverket" in admin.get(_url("summary_confirm", summary)).content.decode()
    assert admin.post(_url("summary_confirm", summary), {"answer": "confirm"}).status_code == 302
    assert summary.confirmations.get(agency=skatteverket).status == ConfirmationStatus.CONFIRMED

    assert press.post(_url("summary_approve", summary)).status_code == 400
    assert press.post(_url("summary_approve", summary), {"without_answers": "on"}).status_code == 302
    assert _post(press, _url("summary_publish", summary), jobs=eager_jobs).status_code == 302
    summary.refresh_from_db()
    assert summary.status == SummaryStatus.PUBLISHED
    assert summary.job_status == JobStatus.DONE, summary.job_error

    detail = signed_in_client(anna).get(_url("summary_detail", summary)).content.decode()
    assert f"<code>{summary.snapshot.checksum[:12]}</code>" in detail
    assert "The figures have changed since publication" not in detail
    assert "Våren &lt;b&gt;i korthet&lt;/b&gt;." in detail

    pdf = press.get(_url("summary_pdf", summary))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    release = press.get(_url("summary_press_release", summary))
    assert release.status_code == 200 and release.content
    exports = AccessLogEntry.objects.filter(action=AccessAction.EXPORT, object_id=str(summary.pk))
    assert exports.count() == 2
