"""The receiving agency marks a referral handled: once, and only the receiving agency."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry, Role
from findings.models import ReferralStatus
from findings.services_referrals import referral_handle
from tests.clients import signed_in_client
from tests.factories import MembershipFactory, UserFactory

from .referral_factories import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _url(referral):
    return reverse("referral_handle", kwargs={"pk": referral.pk})


def test_the_police_inspector_marks_it_handled_and_the_log_says_so(pelle, referral, polisen):
    referral_handle(referral=referral, by=pelle)
    referral.refresh_from_db()
    assert (referral.status, referral.handled_by) == (ReferralStatus.DONE, pelle)
    assert referral.handled_at is not None
    row = AccessLogEntry.objects.get(action=AccessAction.CHANGE)
    assert (row.username, row.object_type, row.object_id) == ("pelle", "findings.referral", str(referral.pk))
    assert row.object_agency_id == polisen.pk


def test_the_receiving_agencys_admin_may_handle_it(norrkoping, polisen, referral):
    admin = UserFactory(username="polis-admin")
    MembershipFactory(user=admin, collaboration=norrkoping, agency=polisen, role=Role.AGENCY_ADMIN)
    assert referral_handle(referral=referral, by=admin).status == ReferralStatus.DONE


def test_a_referral_is_handled_once(pelle, referral):
    referral_handle(referral=referral, by=pelle)
    with pytest.raises(ValidationError, match="already been marked as handled"):
        referral_handle(referral=referral, by=pelle)
    assert AccessLogEntry.objects.filter(action=AccessAction.CHANGE).count() == 1


@pytest.mark.parametrize("who", ["erik", "sara", "farah", "anna"])
def test_only_the_receiving_agency_handles_it(request, who, referral):
    with pytest.raises(PermissionDenied):
        referral_handle(referral=referral, by=request.getfixturevalue(who))
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OPEN


def test_the_view_marks_it_handled_and_returns_to_the_list(pelle, referral):
    response = signed_in_client(pelle).post(_url(referral), follow=True)
    assert response.redirect_chain == [(reverse("referral_list"), 302)]
    assert "The referral is marked as handled." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DONE


def test_handling_it_again_is_answered_with_400_and_the_reason(pelle, referral):
    client = signed_in_client(pelle)
    client.post(_url(referral))
    response = client.post(_url(referral))
    assert response.status_code == 400
    assert "This referral has already been marked as handled." in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    # erik and sara sent it and see it, but it is not their task; the others do not see it.
    [("erik", 403), ("sara", 403), ("farah", 404), ("anna", 404), ("petra", 404)],
)
def test_the_view_refuses_the_others(request, who, status, referral):
    response = signed_in_client(request.getfixturevalue(who)).post(_url(referral))
    assert response.status_code == status
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.OPEN


def test_a_police_inspector_of_another_collaboration_does_not_see_it(linkoping, polisen, referral):
    lars = UserFactory(username="lars")
    MembershipFactory(user=lars, collaboration=linkoping, agency=polisen, role=Role.INSPECTOR)
    assert signed_in_client(lars).post(_url(referral)).status_code == 404
