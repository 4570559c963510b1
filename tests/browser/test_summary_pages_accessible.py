"""The summary pages in a real browser: axe-core finds nothing and they fit a phone; without
JavaScript the steps are plain forms, and the progress part replaces itself while the job runs."""

import pytest

from reports.models import JobStage, JobStatus, Summary, SummaryStatus
from tests.matrix.summaries import SPRING_2025, make_summary

from .conftest import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def spring(norrkoping, skatteverket, raddningstjansten):
    return make_summary(
        norrkoping,
        SPRING_2025,
        tax=skatteverket,
        fire=raddningstjansten,
        status=SummaryStatus.AWAITING_CONFIRMATION,
        confirm=[skatteverket],
        narrative="Under våren gjordes ett tiotal besök.",
    )


@pytest.mark.parametrize("path", ["", "{pk}/", "{pk}/text/"])
def test_the_press_officers_pages_are_accessible(page, live, petra, spring, path):
    sign_in(page, live, petra)
    page.goto(f"{live.url}/sammanstallningar/{path.format(pk=spring.pk)}")
    check_page(page)


def test_a_refused_approval_is_announced_at_the_checkbox(page, live, petra, spring):
    sign_in(page, live, petra, language="en")
    page.goto(f"{live.url}/sammanstallningar/{spring.pk}/")
    page.click("text=Approve the summary")
    page.wait_for_load_state()
    assert page.locator(".error-summary a[href='#id_without_answers']").count() == 1
    check_page(page)


def test_the_confirmation_page_is_accessible(page, live, sara, spring):
    sign_in(page, live, sara)
    page.goto(f"{live.url}/sammanstallningar/{spring.pk}/bekrafta/")
    check_page(page)


def test_the_progress_bar_gives_way_to_the_download_when_the_job_is_done(page, live, petra, spring):
    Summary.objects.filter(pk=spring.pk).update(job_status=JobStatus.RUNNING, job_stage=JobStage.RENDERING)
    sign_in(page, live, petra, language="en")
    page.goto(f"{live.url}/sammanstallningar/{spring.pk}/")
    assert page.locator("progress").count() == 1
    check_page(page)
    Summary.objects.filter(pk=spring.pk).update(job_status=JobStatus.DONE, job_stage=JobStage.FINISHED)
    page.locator("text=Download the PDF").wait_for(timeout=5_000)
    assert page.locator("progress").count() == 0
    # The same live region, now saying so, is what a screen reader announces.
    live = page.locator("#summary-progress-live[aria-live='polite']")
    assert live.count() == 1 and "Done" in live.inner_text()
    # And the polling has stopped.
    polls = []
    page.on("request", lambda request: polls.append(request.url) if "/forlopp/" in request.url else None)
    page.wait_for_timeout(2_500)
    assert polls == []
