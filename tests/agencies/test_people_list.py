"""The agency admin's list of people: their own agency's people only, at a constant query cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Role
from tests.factories import MembershipFactory

PEOPLE = reverse("people")

pytestmark = pytest.mark.usefixtures("no_second_factor")


def test_sara_sees_erik_but_never_farah(sara_client, erik, farah, anna, petra):
    response = sara_client.get(PEOPLE)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Erik Johansson" in body
    assert "Inspector" in body
    for other in ("farah", "Farah", "Haddad", "Räddningstjänsten", "anna", "Lindqvist", "petra", "Nilsson"):
        assert other not in body


def test_it_shows_roles_activity_and_last_sign_in(sara_client, sara, erik, norrkoping, skatteverket):
    MembershipFactory(user=erik, collaboration=norrkoping, agency=skatteverket, role=Role.AGENCY_ADMIN, is_active=False)

    response = sara_client.get(PEOPLE)

    erik_row = next(
        person for section in response.context["sections"] for person in section.people if person.user == erik
    )
    assert [(row.membership.role, row.membership.is_active) for row in erik_row.roles] == [
        (Role.INSPECTOR, True),
        (Role.AGENCY_ADMIN, False),
    ]
    body = response.content.decode()
    assert "Deactivated" in body
    assert "never" in body  # erik has not signed in yet
    assert reverse("people_add_new") in body
    assert reverse("people_add_existing") in body


def test_sara_may_not_deactivate_her_own_last_admin_role_from_the_list(sara_client, sara):
    response = sara_client.get(PEOPLE)

    own = response.context["sections"][0].people[0]
    assert own.user == sara
    assert not own.roles[0].may_deactivate
    assert reverse("people_deactivate", args=[own.roles[0].membership.pk]) not in response.content.decode()


def test_it_lists_each_collaboration_the_admin_administers(sara_client, sara, erik, linkoping, skatteverket):
    MembershipFactory(user=sara, collaboration=linkoping, agency=skatteverket, role=Role.AGENCY_ADMIN)

    response = sara_client.get(PEOPLE)

    assert [str(section.collaboration) for section in response.context["sections"]] == [
        "LOS Linköping",
        "LOS Norrköping",
    ]


def test_the_query_count_is_the_same_with_1_and_50_people(sara_client, norrkoping, skatteverket):
    sara_client.get(PEOPLE)  # warm caches that are filled once per process

    def count_queries(people):
        with CaptureQueriesContext(connection) as queries:
            response = sara_client.get(PEOPLE)
        assert response.status_code == 200
        assert len(response.context["sections"][0].people) == people
        return len(queries)

    MembershipFactory(collaboration=norrkoping, agency=skatteverket)
    with_one = count_queries(people=2)  # sara and one more
    MembershipFactory.create_batch(49, collaboration=norrkoping, agency=skatteverket)
    with_fifty = count_queries(people=51)

    assert with_fifty == with_one
