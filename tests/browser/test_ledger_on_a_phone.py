"""An inspector records and corrects an amount on a phone, in Chromium: the pages pass axe-core
and do not scroll sideways at 390 px, with and without a refused input."""

import pytest

from findings.models import PaymentEntry
from tests.findings.ledger_factories import DECIDED_ON, a_chain, tax_finding

from .conftest import PHONE, check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def finding(visit, skatteverket, erik):
    finding = tax_finding(visit, skatteverket, created_by=erik)
    # The widest figures there are, corrected twice, so the struck rows and their links show.
    a_chain(finding, ["99999999.99", "100000000", "12345678.90"], by=erik)
    return finding


def test_the_inspector_adds_and_corrects_an_amount_on_a_phone(page, live, erik, finding):
    page.set_viewport_size(PHONE)
    sign_in(page, live, erik)
    page.goto(f"{live.url}/iakttagelser/{finding.pk}/")
    check_page(page)

    page.click(f"a[href='/iakttagelser/{finding.pk}/belopp/ny/']")
    check_page(page)
    page.select_option("select[name=kind]", "stopped")
    page.select_option("select[name=support_kind]", "new_start_job")
    page.fill("input[name=amount]", "1 500 000 kr")
    page.check("input[name=status][value=decided]")
    page.click("main button[type=submit]")
    # Decided without its date: refused at the field, the amount kept as typed.
    assert page.locator("[role=alert]").count() == 1
    assert page.input_value("input[name=amount]") == "1 500 000 kr"
    check_page(page)
    page.fill("input[name=decision_date]", DECIDED_ON.isoformat())
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live.url}/iakttagelser/{finding.pk}/")
    assert PaymentEntry.objects.filter(finding=finding, amount=1500000).count() == 1

    page.goto(f"{live.url}/iakttagelser/{finding.pk}/belopp/{PaymentEntry.objects.latest('id').pk}/ratta/")
    check_page(page)
    page.fill("input[name=amount]", "1 450 000,50")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live.url}/iakttagelser/{finding.pk}/")
    assert PaymentEntry.objects.filter(finding=finding).count() == 5
    check_page(page)
