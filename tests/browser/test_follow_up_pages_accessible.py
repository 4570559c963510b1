"""The two ends of a follow-up: the later visit's page listing what was followed up there, and
the finding's history linking to that visit. Both pass axe-core and fit a phone and a tablet."""

import datetime

import pytest
from django.utils import timezone

from agencies.models import AgencyKind
from findings.models import ActionKind, FindingStatus, StatusChange
from tests.factories import CategoryFactory, FindingFactory, OperationFactory, PremisesFactory, VisitFactory, local_time

from .conftest import check_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_follow_up_reads_well_from_both_ends(page, live, norrkoping, skatteverket, erik, language):
    category = CategoryFactory(agency_kind=AgencyKind.TAX, code="staff-ledger", name="Personalliggare saknas")
    premises = PremisesFactory(collaboration=norrkoping, name="Motorgårdens Bilverkstad")
    first_day = timezone.localdate() - datetime.timedelta(days=60)
    later_day = first_day + datetime.timedelta(days=30)
    visits = [
        VisitFactory(
            operation=OperationFactory(collaboration=norrkoping, start_date=day, agencies=[skatteverket]),
            premises=premises,
            scheduled_at=local_time(day, 18),
        )
        for day in (first_day, later_day)
    ]
    finding = FindingFactory(
        visit=visits[0], agency=skatteverket, category=category, action=ActionKind.INJUNCTION, status="corrected"
    )
    StatusChange.objects.create(
        finding=finding,
        from_status=FindingStatus.FOLLOW_UP_DUE,
        to_status=FindingStatus.CORRECTED,
        action=ActionKind.INJUNCTION,
        visit=visits[1],
        changed_by=erik,
    )
    sign_in(page, live, erik, language=language)
    for path in [f"/besok/{visits[1].pk}/", f"/iakttagelser/{finding.pk}/"]:
        response = page.goto(f"{live.url}{path}")
        assert response.status == 200, path
        check_page(page)
    page.goto(f"{live.url}/besok/{visits[1].pk}/")
    page.click(f"a[href='/iakttagelser/{finding.pk}/']")
    page.click(f"a[href='/besok/{visits[1].pk}/']")
    page.wait_for_url(f"{live.url}/besok/{visits[1].pk}/")
