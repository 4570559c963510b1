"""Publication: the figures, the threshold and the values hidden at it are frozen with their
checksum; what was published never changes, not with the records, not with the rules of
suppression; the final PDF is made once, from the snapshot, and the draft's is never served
for it; the note that the figures changed since publication compares numbers, not names."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from agencies.models import Agency
from findings.models import Category
from reports import selectors
from reports.figures import checksum, figures_from_json, figures_to_json
from reports.models import JobStatus, PublishedSnapshot, Summary, SummaryStatus
from reports.periods import half_year
from reports.publication import hidden_map, publish_figures
from reports.services import (
    snapshot_checksum,
    summary_approve,
    summary_publish,
    summary_recount,
    summary_request,
    summary_send_for_confirmation,
    summary_texts_save,
)
from reports.tasks import summary_compile
from tests.clients import signed_in_client
from tests.factories import PaymentEntryFactory
from tests.findings.factories import tax_finding

SPRING_2025 = half_year(2025, 1)


def as_saved(summary):
    return Summary.objects.get(pk=summary.pk)


def _url(name, summary):
    return reverse(name, kwargs={"pk": summary.pk})


# --- The snapshot ----------------------------------------------------------------------


def test_publishing_freezes_the_figures_the_hidden_values_and_their_checksum(published, petra, norrkoping):
    snapshot = PublishedSnapshot.objects.get(summary=published)
    threshold = norrkoping.suppression_threshold
    assert snapshot.figures == published.figures
    assert (snapshot.threshold, snapshot.published_by) == (threshold, petra)
    # One tax finding and one fire finding: small counts, hidden.
    assert snapshot.hidden == hidden_map(figures_from_json(published.figures), threshold)
    assert snapshot.hidden
    everything = {"figures": snapshot.figures, "threshold": threshold, "hidden": snapshot.hidden}
    assert snapshot.checksum == checksum(everything) == snapshot_checksum(**everything)
    assert snapshot.checksum != checksum(snapshot.figures)
    assert published.status == SummaryStatus.PUBLISHED
    # The final PDF was typeset by a job of its own.
    assert (published.job_generation, published.job_status) == (2, JobStatus.DONE)


def test_the_published_figures_keep_the_values_hidden_at_publication(published, monkeypatch):
    before = selectors.published_figures_of(published)
    assert before.key["findings"].is_hidden

    # The rules of suppression change: nothing is hidden any more.
    monkeypatch.setattr("reports.publication.suppress", lambda weights, sums, threshold: {})
    figures = figures_from_json(published.figures)
    assert not publish_figures(figures, before.threshold).key["findings"].is_hidden

    assert selectors.published_figures_of(as_saved(published)) == before


def test_the_published_figures_stay_as_published_when_records_change(published, spring, visit, skatteverket):
    snapshot = PublishedSnapshot.objects.get(summary=published)
    before = selectors.published_figures_of(published)
    assert not selectors.figures_changed_since_publication(published)

    PaymentEntryFactory(finding=spring, amount=Decimal("90000.00"), supersedes=spring.payments.get())
    tax_finding(visit, skatteverket)

    again = PublishedSnapshot.objects.get(summary=published)
    assert (again.figures, again.hidden, again.checksum) == (snapshot.figures, snapshot.hidden, snapshot.checksum)
    assert selectors.published_figures_of(as_saved(published)) == before
    assert selectors.figures_changed_since_publication(as_saved(published))
    assert figures_to_json(selectors.published_figures_of(published)) == figures_to_json(before)


def test_a_renamed_agency_or_category_is_not_a_change_of_the_figures(published, spring, skatteverket):
    Agency.objects.filter(pk=skatteverket.pk).update(name="Ärendeverket")  # now sorts after the others
    Category.objects.filter(pk=spring.category_id).update(name="Personalliggare i byggbranschen")
    assert not selectors.figures_changed_since_publication(as_saved(published))


def test_publishing_drafts_the_press_release_only_when_there_is_none(published, jobs, draft, petra):
    assert "Norrköping" in published.press_release
    later, _ = jobs(
        summary_request,
        collaboration=draft.collaboration,
        period_start=SPRING_2025[0],
        period_end=SPRING_2025[1],
        by=petra,
    )
    summary_texts_save(summary=later, narrative="", press_release="Vår egen text.", version=1, by=petra)
    summary_send_for_confirmation(summary=later, by=petra)
    summary_approve(summary=later, by=petra, without_answers=True)
    assert summary_publish(summary=later, by=petra).press_release == "Vår egen text."


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_the_database_refuses_to_change_a_published_snapshot(published):
    snapshot = PublishedSnapshot.objects.get(summary=published)
    with pytest.raises(DatabaseError, match="published snapshots never change"), transaction.atomic():
        PublishedSnapshot.objects.filter(pk=snapshot.pk).update(checksum="0" * 64)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_publishedsnapshot WHERE id = %s", [snapshot.pk])
    assert PublishedSnapshot.objects.get(pk=snapshot.pk).checksum == snapshot.checksum


def test_the_model_refuses_to_save_a_published_snapshot_again(published):
    snapshot = PublishedSnapshot.objects.get(summary=published)
    snapshot.threshold = 2
    with pytest.raises(PermissionError):
        snapshot.save()


# --- The final PDF ---------------------------------------------------------------------


def test_a_published_summary_whose_pdf_is_made_is_not_made_again(published, petra):
    with pytest.raises(ValidationError, match="its PDF is final"):
        summary_recount(summary=published, by=petra)
    assert (as_saved(published).job_generation, as_saved(published).pdf_name) == (2, published.pdf_name)


def test_a_published_summary_whose_final_pdf_failed_is_typeset_again_from_its_snapshot(
    published, jobs, petra, renderer
):
    Summary.objects.filter(pk=published.pk).update(job_status=JobStatus.FAILED, job_error="Disken är full.")
    jobs(summary_recount, summary=as_saved(published), by=petra)
    saved = as_saved(published)
    assert (saved.job_generation, saved.job_status, saved.status) == (3, JobStatus.DONE, SummaryStatus.PUBLISHED)
    assert renderer.calls[-1]["draft"] is False


def test_the_draft_pdf_is_never_served_for_a_published_summary(approved, petra, anna, renderer, summaries_folder):
    draft_pdf = approved.pdf_name
    summary = summary_publish(summary=approved, by=petra)  # its job is queued, not run yet
    assert as_saved(summary).pdf_name == draft_pdf
    for reader in (petra, anna):
        client = signed_in_client(reader)
        assert client.get(_url("summary_pdf", summary)).status_code == 404
        page = client.get(_url("summary_detail", summary)).content.decode()
        assert _url("summary_pdf", summary) not in page
        assert "being typeset from its frozen figures" in page

    Summary.objects.filter(pk=summary.pk).update(job_status=JobStatus.FAILED, job_error="Det gick inte.")
    assert signed_in_client(petra).get(_url("summary_pdf", summary)).status_code == 404

    Summary.objects.filter(pk=summary.pk).update(job_status=JobStatus.QUEUED, job_error="")
    summary_compile.apply(args=[summary.pk, as_saved(summary).job_generation])
    response = signed_in_client(petra).get(_url("summary_pdf", summary))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == f"%PDF-1.7 call {len(renderer.calls)}".encode()
    assert renderer.calls[-1]["draft"] is False
    assert not (summaries_folder / draft_pdf).exists()


# --- Selectors -------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_shows_the_press_officers_summaries_in_one_query(
    published, petra, erik, linkoping, norrkoping, rows, django_assert_num_queries
):
    Summary.objects.create(collaboration=linkoping, period_start=SPRING_2025[0], period_end=SPRING_2025[1])
    for year in range(1990, 1990 + rows - 1):  # older than the published one, listed after it
        start, end = half_year(year, 2)
        Summary.objects.create(collaboration=norrkoping, period_start=start, period_end=end)
    reader = type(petra).objects.get(pk=petra.pk)
    with django_assert_num_queries(2):  # the reader's memberships, then the list
        listed = [(s.collaboration.name, getattr(s, "snapshot", None)) for s in selectors.summaries_for(reader)]
    assert len(listed) == rows
    assert listed[0] == ("LOS Norrköping", PublishedSnapshot.objects.get())
    assert not selectors.summaries_for(erik).exists()


def test_a_draft_shows_its_latest_count_at_the_collaborations_threshold(draft, norrkoping):
    assert selectors.published_figures_of(draft).threshold == norrkoping.suppression_threshold
    assert not selectors.figures_changed_since_publication(draft)
