"""An agency admin's comment on its figures is addressed to the press officer and the
coordinators: they read it on the summary's page, but it never reaches anything published,
neither the PDF (typeset for real here), nor the CSV of the figures, nor the press release."""

import io

import pypdf
import pytest
from django.urls import reverse

from reports.models import ConfirmationStatus
from reports.periods import half_year
from reports.services import (
    summary_answer,
    summary_approve,
    summary_publish,
    summary_request,
    summary_send_for_confirmation,
)
from tests.clients import signed_in_client

pytestmark = pytest.mark.django_db

SPRING_2025 = half_year(2025, 1)

COMMENT = "Kommentar7319: besöket hos Hageby Bilvård saknas i våra siffror"


def _pdf_text(content):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_a_comment_is_read_by_the_press_officer_and_the_coordinator_but_never_published(
    spring, norrkoping, petra, anna, sara, skatteverket, eager_jobs, summaries_folder
):
    with eager_jobs():
        summary, _ = summary_request(
            collaboration=norrkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1], by=petra
        )
    summary_send_for_confirmation(summary=summary, by=petra)
    summary_answer(summary=summary, agency=skatteverket, by=sara, confirmed=False, comment=COMMENT)
    assert summary.confirmations.get(agency=skatteverket).status == ConfirmationStatus.COMMENTED
    summary_approve(summary=summary, by=petra, without_answers=True)
    with eager_jobs():
        summary = summary_publish(summary=summary, by=petra)
    summary.refresh_from_db()
    assert summary.job_error == ""

    detail = reverse("summary_detail", kwargs={"pk": summary.pk})
    for reader in (petra, anna):
        assert COMMENT in signed_in_client(reader).get(detail).content.decode()

    press = signed_in_client(petra)
    pdf = b"".join(press.get(reverse("summary_pdf", kwargs={"pk": summary.pk})).streaming_content)
    text = _pdf_text(pdf)
    assert "Norrköping" in text  # the text was extracted
    assert "Kommentar7319" not in text
    csv = press.get(reverse("summary_figures_csv", kwargs={"pk": summary.pk})).content.decode("utf-8-sig")
    assert csv and "Kommentar7319" not in csv
    release = press.get(reverse("summary_press_release", kwargs={"pk": summary.pk})).content.decode()
    assert release and "Kommentar7319" not in release
