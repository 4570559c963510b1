"""The referrals section of a finding's detail page."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AgencyKind
from findings.models import Finding, ReferralStatus
from findings.referrals import SUGGESTIONS
from findings.views.referrals import detail_context
from tests.clients import signed_in_client
from tests.factories import AgencyFactory, ReferralFactory

from .referral_factories import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _detail(user, finding):
    response = signed_in_client(user).get(reverse("finding_detail", kwargs={"pk": finding.pk}))
    assert response.status_code == 200
    return response


def test_erik_is_offered_the_police_with_the_reason_and_every_other_agency(erik, polisen, undeclared_work):
    response = _detail(erik, undeclared_work)
    section = response.context["referral_section"]
    assert [s.agency for s in section.suggestions] == [polisen]
    assert [a.name for a in section.others] == ["Norrköpings kommun", "Räddningstjänsten Östra Götaland"]
    body = response.content.decode()
    assert str(dict(SUGGESTIONS["undeclared-work"])[AgencyKind.POLICE]) in body
    assert "Refer to Polismyndigheten" in body
    assert f'action="{reverse("referral_create", kwargs={"pk": undeclared_work.pk})}"' in body
    assert "Not referred to any other agency." in body


def test_a_referred_agency_is_listed_with_its_status_and_no_longer_offered(erik, polisen, kommunen, undeclared_work):
    ReferralFactory(finding=undeclared_work, to_agency=polisen, status=ReferralStatus.DONE)
    response = _detail(erik, undeclared_work)
    section = response.context["referral_section"]
    assert section.suggestions == []
    assert polisen not in section.others
    assert [r.to_agency for r in section.referrals] == [polisen]
    body = response.content.decode()
    assert "Refer to Polismyndigheten" not in body
    assert "Handled" in body


def test_the_agency_admin_sees_the_referrals_but_cannot_refer(sara, polisen, undeclared_work):
    ReferralFactory(finding=undeclared_work, to_agency=polisen)
    response = _detail(sara, undeclared_work)
    section = response.context["referral_section"]
    assert (section.may_refer, section.suggestions, section.others) == (False, [], [])
    body = response.content.decode()
    assert "Polismyndigheten" in body
    assert reverse("referral_create", kwargs={"pk": undeclared_work.pk}) not in body


def _section_queries(user, finding):
    request = RequestFactory().get("/")
    request.user = user
    finding = Finding.objects.select_related("category").get(pk=finding.pk)
    with CaptureQueriesContext(connection) as queries:
        detail_context(request, finding)
    return len(queries)


def test_the_section_costs_the_same_queries_for_1_and_many_referrals(erik, norrkoping, polisen, undeclared_work):
    ReferralFactory(finding=undeclared_work, to_agency=polisen)
    _section_queries(erik, undeclared_work)  # resolves erik's memberships once, as a request does
    with_one = _section_queries(erik, undeclared_work)
    for number in range(6):
        agency = AgencyFactory(name=f"Myndighet {number}", kind=AgencyKind.OTHER)
        norrkoping.agencies.add(agency)
        ReferralFactory(finding=undeclared_work, to_agency=agency)
    assert _section_queries(erik, undeclared_work) == with_one
