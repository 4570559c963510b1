"""Referring a finding to another agency: who may, to whom, and what the view answers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry, AgencyKind
from agencies.permissions import may_read_finding
from findings.models import Referral, ReferralStatus
from findings.services_referrals import referral_create
from tests.clients import signed_in_client
from tests.factories import AgencyFactory, ReferralFactory

from .referral_factories import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _url(finding):
    return reverse("referral_create", kwargs={"pk": finding.pk})


def test_erik_refers_his_finding_to_the_police_and_the_log_says_so(erik, polisen, undeclared_work):
    referral = referral_create(finding=undeclared_work, to_agency=polisen, by=erik)
    referral.refresh_from_db()
    assert (referral.finding, referral.to_agency, referral.collaboration_id) == (
        undeclared_work,
        polisen,
        undeclared_work.collaboration_id,
    )
    assert (referral.status, referral.created_by, referral.handled_at) == (ReferralStatus.OPEN, erik, None)
    row = AccessLogEntry.objects.get(action=AccessAction.CREATE)
    assert (row.username, row.object_type, row.object_id) == ("erik", "findings.referral", str(referral.pk))
    # Under the referring agency, whose finding it is, in the finding's collaboration.
    assert (row.object_agency_id, row.collaboration_id) == (undeclared_work.agency_id, undeclared_work.collaboration_id)


def test_a_referral_does_not_release_the_finding(erik, pelle, polisen, undeclared_work):
    referral_create(finding=undeclared_work, to_agency=polisen, by=erik)
    assert not may_read_finding(pelle, undeclared_work)
    assert signed_in_client(pelle).get(reverse("finding_detail", kwargs={"pk": undeclared_work.pk})).status_code == 403


@pytest.mark.parametrize("who", ["farah", "sara", "anna"])
def test_only_the_owning_agencys_inspectors_refer(request, who, polisen, undeclared_work):
    with pytest.raises(PermissionDenied):
        referral_create(finding=undeclared_work, to_agency=polisen, by=request.getfixturevalue(who))
    assert not Referral.objects.exists()


def test_the_own_agency_is_refused(erik, skatteverket, undeclared_work):
    with pytest.raises(ValidationError) as refused:
        referral_create(finding=undeclared_work, to_agency=skatteverket, by=erik)
    assert refused.value.message_dict == {"to_agency": ["The finding is already your agency's: choose another agency."]}
    assert not Referral.objects.exists()


def test_an_agency_outside_the_collaboration_is_refused(erik, linkoping, undeclared_work):
    labour = AgencyFactory(name="Arbetsmiljöverket", kind=AgencyKind.WORK_ENVIRONMENT)
    linkoping.agencies.add(labour)
    with pytest.raises(ValidationError) as refused:
        referral_create(finding=undeclared_work, to_agency=labour, by=erik)
    assert refused.value.message_dict == {"to_agency": ["Arbetsmiljöverket is not part of this collaboration."]}
    assert not Referral.objects.exists()


def test_the_same_agency_is_referred_once(erik, polisen, undeclared_work):
    ReferralFactory(finding=undeclared_work, to_agency=polisen)
    with pytest.raises(ValidationError) as refused:
        referral_create(finding=undeclared_work, to_agency=polisen, by=erik)
    assert refused.value.message_dict == {"to_agency": ["Polismyndigheten has already been referred this finding."]}
    assert Referral.objects.count() == 1


def test_an_agency_the_matrix_does_not_suggest_may_still_be_referred(erik, kommunen, undeclared_work):
    # Undeclared work suggests no municipality; the inspector decides.
    assert referral_create(finding=undeclared_work, to_agency=kommunen, by=erik).to_agency == kommunen


def test_the_view_refers_and_names_the_agency(erik, polisen, undeclared_work):
    response = signed_in_client(erik).post(_url(undeclared_work), {"to_agency": polisen.pk}, follow=True)
    assert response.redirect_chain == [(reverse("finding_detail", kwargs={"pk": undeclared_work.pk}), 302)]
    assert "Polismyndigheten has been given a task about this finding." in response.content.decode()
    assert Referral.objects.get().to_agency == polisen


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose the agency to refer the finding to."),
        ({"to_agency": "999999"}, "Choose one of the agencies of the collaboration."),
        ({"to_agency": "polis"}, "Choose one of the agencies of the collaboration."),
        ("own", "The finding is already your agency&#x27;s: choose another agency."),
    ],
)
def test_a_bad_agency_is_answered_with_400_and_the_reason(erik, skatteverket, undeclared_work, data, message):
    data = {"to_agency": skatteverket.pk} if data == "own" else data
    response = signed_in_client(erik).post(_url(undeclared_work), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'class="error-summary"' in body
    assert reverse("finding_detail", kwargs={"pk": undeclared_work.pk}) in body
    assert not Referral.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("farah", 403), ("anna", 403), ("sara", 403), ("petra", 404)])
def test_the_view_refuses_who_may_not_change_the_finding(request, who, status, polisen, undeclared_work):
    response = signed_in_client(request.getfixturevalue(who)).post(_url(undeclared_work), {"to_agency": polisen.pk})
    assert response.status_code == status
    assert not Referral.objects.exists()
