"""The findings a user may read when they work in several collaborations, for different agencies.

The permission module folds collaborations where the user acts for the same agencies into one
branch of its query; these cases make sure the folding never lends one collaboration's rights
to another.
"""

import pytest

from agencies import permissions
from agencies.models import AgencyKind, Role
from findings.models import Finding
from tests.factories import (
    AgencyFactory,
    CollaborationFactory,
    FindingFactory,
    MembershipFactory,
    OperationFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def _finding(collaboration, agency):
    visit = VisitFactory(operation=OperationFactory(collaboration=collaboration))
    return FindingFactory(visit=visit, agency=agency)


def _visible(user):
    """The readable findings, after checking that the list's union of (id, date) rows, from
    which the findings list counts and cuts its pages, holds each of them exactly once."""
    visible = set(permissions.findings_visible_to(Finding.objects.all(), user))
    rows = permissions.readable_findings_by_date(Finding, user)
    ids = sorted(row[permissions.READABLE_ID] for row in rows) if rows is not None else []
    assert ids == sorted(finding.pk for finding in visible)
    assert rows is None or rows.count() == len(visible)
    return visible


@pytest.fixture
def world():
    """Skatteverket and the police in two collaborations; the user inspects for Skatteverket in
    the first and for the police in the second."""
    tax = AgencyFactory(name="Skatteverket Öst", kind=AgencyKind.TAX)
    police = AgencyFactory(name="Polisregion Öst", kind=AgencyKind.POLICE)
    first = CollaborationFactory(agencies=[tax, police])
    second = CollaborationFactory(agencies=[tax, police])
    user = UserFactory()
    MembershipFactory(user=user, collaboration=first, agency=tax, role=Role.INSPECTOR)
    MembershipFactory(user=user, collaboration=second, agency=police, role=Role.INSPECTOR)
    return user, tax, police, first, second


def test_own_agency_only_where_the_user_acts_for_it(world):
    user, tax, police, first, second = world
    tax_first, police_second = _finding(first, tax), _finding(second, police)
    _finding(second, tax)  # Skatteverket's, but the user is the police there
    _finding(first, police)  # the police's, but the user is Skatteverket there
    assert _visible(user) == {tax_first, police_second}


def test_a_release_counts_only_in_a_collaboration_where_the_user_acts_for_the_receiving_agency(world):
    user, tax, police, first, second = world
    other = AgencyFactory(name="Arbetsmiljöverket", kind=AgencyKind.WORK_ENVIRONMENT)
    first.agencies.add(other)
    second.agencies.add(other)
    # Released to Skatteverket in the second collaboration, where the user acts for the police.
    released_to_tax_in_second = _finding(second, other)
    permissions.grant_finding_details(released_to_tax_in_second, [tax])
    # Released to Skatteverket in the first, where the user acts for Skatteverket.
    released_to_tax_in_first = _finding(first, other)
    permissions.grant_finding_details(released_to_tax_in_first, [tax])
    assert _visible(user) == {released_to_tax_in_first}


def test_collaborations_with_the_same_agencies_are_all_read(world):
    user, tax, _police, first, _second = world
    third = CollaborationFactory(agencies=[tax])
    MembershipFactory(user=user, collaboration=third, agency=tax, role=Role.INSPECTOR)
    findings = {_finding(first, tax), _finding(third, tax)}
    assert _visible(user) == findings


def test_a_finding_owned_and_released_is_listed_once(world):
    user, tax, _police, first, _second = world
    finding = _finding(first, tax)
    permissions.grant_finding_details(finding, [tax])
    assert list(permissions.findings_visible_to(Finding.objects.all(), user)) == [finding]
    assert _visible(user) == {finding}


def test_a_coordinator_reads_only_what_was_released_to_the_municipality(world):
    """No own-agency branch at all: the union starts with the grants."""
    _user, tax, _police, first, _second = world
    municipality = AgencyFactory(name="Kommunen", kind=AgencyKind.MUNICIPALITY)
    first.agencies.add(municipality)
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, collaboration=first, agency=municipality, role=Role.COORDINATOR)
    released = _finding(first, tax)
    permissions.grant_finding_details(released, [municipality])
    _finding(first, tax)  # not released
    assert _visible(coordinator) == {released}


def test_acting_for_one_agency_here_and_two_there(world):
    user, tax, police, first, second = world
    MembershipFactory(user=user, collaboration=second, agency=tax, role=Role.INSPECTOR)
    findings = {_finding(first, tax), _finding(second, tax), _finding(second, police)}
    _finding(first, police)  # the user acts only for Skatteverket in the first
    assert _visible(user) == findings
