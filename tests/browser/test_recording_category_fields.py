"""On the recording form, picking a category brings the fields it needs (htmx), in Chromium on a
phone: the number for persons arrested, the checklist for trafficking indicators. The focus
stays on the category picked, and the page stays accessible after each swap."""

import pytest
from django.utils import timezone

from agencies.models import AgencyKind, Role
from findings.models import Finding, Indicator
from tests.factories import CategoryFactory, MembershipFactory, OperationFactory, UserFactory, VisitFactory, local_time

from .conftest import PHONE, check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def tonight(norrkoping, polisen):
    """Today's evening with the police, and omar who inspects for them."""
    # The catalogues come from migrations; a test that empties the tables may have removed them.
    arrested = CategoryFactory(agency_kind=AgencyKind.POLICE, code="persons-arrested", name="Person gripen")
    trafficking = CategoryFactory(
        agency_kind=AgencyKind.POLICE, code="trafficking-indicators", name="Indikatorer på människohandel"
    )
    type(arrested).objects.filter(pk=arrested.pk).update(asks_count=True, uses_indicators=False)
    type(trafficking).objects.filter(pk=trafficking.pk).update(asks_count=False, uses_indicators=True)
    sleeps, _created = Indicator.objects.get_or_create(
        code="lives-at-workplace", defaults={"name": "Bor på arbetsplatsen", "name_en": "Lives at the workplace"}
    )
    today = timezone.localdate()
    operation = OperationFactory(collaboration=norrkoping, start_date=today, agencies=[polisen])
    visit = VisitFactory(operation=operation, scheduled_at=local_time(today, 0, 5))
    omar = UserFactory(username="omar", first_name="Omar", last_name="Ali")
    MembershipFactory(user=omar, collaboration=norrkoping, agency=polisen, role=Role.INSPECTOR)
    return omar, visit, arrested, trafficking, sleeps


def test_picking_a_category_brings_the_fields_it_needs(page, live, tonight):
    omar, visit, arrested, trafficking, sleeps = tonight
    page.set_viewport_size(PHONE)
    sign_in(page, live, omar)
    page.goto(f"{live.url}/besok/{visit.pk}/ny-iakttagelse/")
    quantity, checklist = page.locator("input[name=quantity]"), page.locator("input[name=indicators]")
    # Before a category is picked, and without JavaScript, both are offered.
    assert quantity.count() == 1 and checklist.count() >= 1

    page.check(f"input[name=category][value='{arrested.pk}']")
    checklist.first.wait_for(state="detached")
    assert quantity.count() == 1
    assert page.evaluate("document.activeElement.value") == str(arrested.pk)
    check_page(page)
    quantity.fill("2")

    page.check(f"input[name=category][value='{trafficking.pk}']")
    quantity.wait_for(state="detached")
    assert page.evaluate("document.activeElement.value") == str(trafficking.pk)
    page.check(f"input[name=indicators][value='{sleeps.pk}']")
    check_page(page)

    page.click("main button[type=submit]")
    finding = Finding.objects.get()
    page.wait_for_url(f"{live.url}/iakttagelser/{finding.pk}/")
    assert (finding.category, finding.quantity) == (trafficking, None)
    assert list(finding.indicators.all()) == [sleeps]
