"""Every page an inspector and an agency admin use to record and follow up findings passes
axe-core and fits a phone and a tablet, in Swedish and in English, with rows on every list."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from agencies.models import AgencyKind
from findings.models import ActionKind, EntryStatus, FindingStatus, PaymentKind, SupportKind
from tests.factories import (
    ActionOptionFactory,
    CategoryFactory,
    FindingFactory,
    OperationFactory,
    PaymentEntryFactory,
    PremisesFactory,
    ReferralFactory,
    VisitFactory,
    local_time,
)

from .conftest import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def spring(norrkoping, skatteverket, raddningstjansten, erik):
    """A spring evening with a tax finding overdue for follow-up, money on it, and a fire
    finding the fire and rescue service referred to the tax agency."""
    ActionOptionFactory(agency_kind=AgencyKind.TAX, action=ActionKind.INJUNCTION)
    staff_ledger = CategoryFactory(agency_kind=AgencyKind.TAX, code="staff-ledger", name="Personalliggare saknas")
    fire_safety = CategoryFactory(agency_kind=AgencyKind.FIRE_RESCUE, code="fire-safety", name="Brister i brandskyddet")
    day = timezone.localdate() - datetime.timedelta(days=90)
    operation = OperationFactory(collaboration=norrkoping, start_date=day, agencies=[skatteverket, raddningstjansten])
    visit = VisitFactory(
        operation=operation,
        premises=PremisesFactory(collaboration=norrkoping, name="Motorgårdens Bilverkstad"),
        scheduled_at=local_time(day, 18),
    )
    tax = FindingFactory(
        visit=visit,
        agency=skatteverket,
        category=staff_ledger,
        action=ActionKind.INJUNCTION,
        status=FindingStatus.FOLLOW_UP_DUE,
        follow_up_date=day + datetime.timedelta(days=30),
        created_by=erik,
    )
    PaymentEntryFactory(
        finding=tax,
        kind=PaymentKind.SANCTION_FEE,
        support_kind=SupportKind.TAX,
        amount=Decimal("12500"),
        status=EntryStatus.DECIDED,
        decision_date=day + datetime.timedelta(days=7),
    )
    fire = FindingFactory(visit=visit, agency=raddningstjansten, category=fire_safety)
    ReferralFactory(finding=fire, to_agency=skatteverket)
    return visit, tax


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_inspectors_recording_pages_are_accessible(page, live, erik, spring, language):
    visit, finding = spring
    sign_in(page, live, erik, language=language)
    for path in [
        "/besok/",
        f"/besok/{visit.pk}/",
        f"/besok/{visit.pk}/ny-iakttagelse/",
        f"/iakttagelser/{finding.pk}/",
        f"/iakttagelser/{finding.pk}/andra/",
        f"/iakttagelser/{finding.pk}/status/",
        f"/iakttagelser/{finding.pk}/belopp/ny/",
        f"/iakttagelser/{finding.pk}/belopp/{finding.payments.get().pk}/ratta/",
        f"/iakttagelser/{finding.pk}/filer/ny/",
        "/iakttagelser/uppfoljningar/",
        "/iakttagelser/hanvisningar/",
    ]:
        response = page.goto(f"{live.url}{path}")
        assert response.status == 200, path
        check_page(page)


def test_the_agency_admins_follow_ups_and_referrals_are_accessible(page, live, sara, spring):
    sign_in(page, live, sara)
    for path in ["/", "/iakttagelser/uppfoljningar/", "/iakttagelser/hanvisningar/"]:
        response = page.goto(f"{live.url}{path}")
        assert response.status == 200, path
        check_page(page)
