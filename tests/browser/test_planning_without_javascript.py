"""htmx only enhances: with JavaScript off, the same forms plan an operation."""

import datetime

import pytest
from django.utils import timezone

from inspections.models import PremisesType
from tests.factories import OperationFactory, PremisesFactory, VisitFactory, local_time

from .conftest import DESKTOP, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def page_without_js(browser):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_a_coordinator_searches_adds_and_orders_visits_without_javascript(
    page_without_js, live, anna, norrkoping, kommunen
):
    page = page_without_js
    coming = timezone.localdate() + datetime.timedelta(days=10)
    operation = OperationFactory(collaboration=norrkoping, start_date=coming, end_date=coming, agencies=[kommunen])
    first = VisitFactory(operation=operation, position=1, scheduled_at=local_time(coming, 18))
    PremisesFactory(collaboration=norrkoping, name="Kiosken vid Torget", premises_type=PremisesType.KIOSK)
    sign_in(page, live, anna)

    # The premises register filters with a plain GET.
    page.goto(f"{live.url}/lokaler/")
    page.fill("input[name=q]", "Torget")
    page.click("form[role=search] button[type=submit], main form[method=get] button[type=submit]")
    assert "q=Torget" in page.url
    assert page.locator("text=Kiosken vid Torget").count() == 1

    # Search and add on the plan page: the form submits and the page comes back whole.
    page.goto(f"{live.url}/insatser/{operation.pk}/")
    page.fill("input[name=q]", "Torget")
    page.locator("form[role=search] button[type=submit]").click()
    page.locator("form[action$='/besok/ny/'] button[type=submit]").first.click()
    # Back on the plan page (with the search kept), the new visit in the list.
    assert f"/insatser/{operation.pk}/" in page.url
    added = operation.visits.exclude(pk=first.pk).get()
    assert added.premises.name == "Kiosken vid Torget"
    assert page.locator(f"#visit-{added.pk}").count() == 1

    # Move the new visit up with the plain form.
    page.locator(f"#visit-{added.pk} form:has(input[value=up]) button").click()
    assert list(operation.visits.order_by("position").values_list("pk", flat=True)) == [added.pk, first.pk]
    assert page.locator("#visit-list tbody tr").first.get_attribute("id") == f"visit-{added.pk}"
