"""The referrals page: what the receiving agency sees of another agency's finding, and what it costs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import LegalGround, Role
from findings.models import ReferralStatus
from findings.services import finding_release
from tests.clients import signed_in_client
from tests.factories import MembershipFactory, OperationFactory, ReferralFactory, UserFactory, VisitFactory

from .referral_factories import *  # noqa: F403
from .referral_factories import NOTE_MARKER, finding_of

pytestmark = pytest.mark.django_db
URL = reverse("referral_list")


def _page(user):
    response = signed_in_client(user).get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_police_see_where_and_what_but_never_the_note(pelle, referral):
    body = _page(pelle)
    assert "Hageby Bilservice" in body
    assert "Kvarngatan 4" in body
    assert "2025-03-10" in body
    # The operation is the sender's: the police may not have taken part in it.
    assert "Vårinsats Hageby" not in body
    assert "Skatteverket" in body
    assert "Undeclared work" in body
    assert NOTE_MARKER not in body
    assert reverse("finding_detail", kwargs={"pk": referral.finding_id}) not in body
    assert reverse("referral_handle", kwargs={"pk": referral.pk}) in body


def test_a_release_opens_the_link_to_the_finding_but_the_list_still_shows_no_note(erik, pelle, skatteverket, referral):
    ground = LegalGround.objects.create(agency=skatteverket, name="10 kap. 2 § OSL")
    finding_release(finding=referral.finding, by=erik, legal_ground=ground)
    body = _page(pelle)
    assert reverse("finding_detail", kwargs={"pk": referral.finding_id}) in body
    assert NOTE_MARKER not in body


def test_the_sending_agency_sees_it_as_sent_without_a_handle_button(erik, sara, referral):
    for user in (erik, sara):
        body = _page(user)
        assert "Polismyndigheten" in body
        assert reverse("finding_detail", kwargs={"pk": referral.finding_id}) in body
        assert reverse("referral_handle", kwargs={"pk": referral.pk}) not in body


def test_open_referrals_come_first_and_a_handled_one_has_no_button(erik, pelle, polisen, skatteverket, visit):
    handled = ReferralFactory(
        finding=finding_of(skatteverket, "staff-ledger", visit), to_agency=polisen, status=ReferralStatus.DONE
    )
    still_open = ReferralFactory(finding=finding_of(skatteverket, "cash-register", visit), to_agency=polisen)
    handled.created_at = still_open.created_at.replace(year=still_open.created_at.year + 1)
    handled.save()
    response = signed_in_client(pelle).get(URL)
    assert list(response.context["received"].object_list) == [still_open, handled]
    body = response.content.decode()
    assert reverse("referral_handle", kwargs={"pk": still_open.pk}) in body
    assert reverse("referral_handle", kwargs={"pk": handled.pk}) not in body


def test_a_referral_of_another_collaboration_is_not_listed(linkoping, pelle, polisen, skatteverket):
    lars = UserFactory(username="lars")
    MembershipFactory(user=lars, collaboration=linkoping, agency=skatteverket, role=Role.INSPECTOR)
    elsewhere = VisitFactory(operation=OperationFactory(collaboration=linkoping, agencies=[skatteverket]))
    ReferralFactory(finding=finding_of(skatteverket, "undeclared-work", elsewhere, note="LINKOPING"), to_agency=polisen)
    response = signed_in_client(pelle).get(URL)
    assert response.context["received"].paginator.count == 0
    assert elsewhere.premises.name not in response.content.decode()


@pytest.mark.parametrize("who", ["anna", "petra"])
def test_coordinators_and_press_officers_have_no_referrals_page(request, who):
    assert signed_in_client(request.getfixturevalue(who)).get(URL).status_code == 404


def _queries(user):
    client = signed_in_client(user)
    client.get(URL)  # warms the per-process caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_1_and_50_referrals_each_way(
    erik, pelle, polisen, skatteverket, raddningstjansten, visit
):
    ReferralFactory(finding=finding_of(skatteverket, "undeclared-work", visit), to_agency=polisen)
    ReferralFactory(finding=finding_of(raddningstjansten, "flammable-goods", visit), to_agency=skatteverket)
    with_one = (_queries(erik), _queries(pelle))
    for _ in range(49):
        other_visit = VisitFactory(operation=visit.operation)
        ReferralFactory(finding=finding_of(skatteverket, "undeclared-work", other_visit), to_agency=polisen)
        ReferralFactory(finding=finding_of(raddningstjansten, "flammable-goods", other_visit), to_agency=skatteverket)
    assert (_queries(erik), _queries(pelle)) == with_one
    response = signed_in_client(erik).get(URL)
    assert (response.context["received"].paginator.count, response.context["sent"].paginator.count) == (50, 50)
