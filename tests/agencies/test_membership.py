"""Memberships: a user works for an agency of the collaboration, each role once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agencies.models import Membership, Role

DUPLICATE_MESSAGE = "This user already has that role for that agency in this collaboration."


def test_anna_coordinates_norrkoping_for_the_municipality(anna, norrkoping, kommunen):
    membership = Membership.objects.get(user=anna)
    membership.full_clean()
    assert (membership.collaboration, membership.agency, membership.role) == (norrkoping, kommunen, Role.COORDINATOR)


def test_it_refuses_an_agency_that_is_not_part_of_the_collaboration(farah, linkoping, raddningstjansten):
    # The fire and rescue service works in LOS Norrköping, not in LOS Linköping.
    membership = Membership(user=farah, collaboration=linkoping, agency=raddningstjansten, role=Role.INSPECTOR)
    with pytest.raises(ValidationError) as excinfo:
        membership.full_clean()
    assert excinfo.value.message_dict == {"agency": ["This agency does not take part in the collaboration."]}


def test_it_refuses_the_same_role_twice(anna, norrkoping, kommunen):
    again = Membership(user=anna, collaboration=norrkoping, agency=kommunen, role=Role.COORDINATOR)
    with pytest.raises(ValidationError) as excinfo:
        again.full_clean()
    assert excinfo.value.messages == [DUPLICATE_MESSAGE]


def test_the_database_refuses_the_same_role_twice(anna, norrkoping, kommunen):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=anna, collaboration=norrkoping, agency=kommunen, role=Role.COORDINATOR)


def test_the_same_person_may_hold_a_second_role(anna, norrkoping, kommunen):
    press = Membership(user=anna, collaboration=norrkoping, agency=kommunen, role=Role.PRESS_OFFICER)
    press.full_clean()


def test_erik_may_inspect_for_the_tax_agency_in_a_second_collaboration(erik, linkoping, skatteverket):
    Membership(user=erik, collaboration=linkoping, agency=skatteverket, role=Role.INSPECTOR).full_clean()


def test_it_refuses_an_unknown_role(petra, norrkoping, kommunen):
    membership = Membership(user=petra, collaboration=norrkoping, agency=kommunen, role="journalist")
    with pytest.raises(ValidationError) as excinfo:
        membership.full_clean()
    assert "role" in excinfo.value.message_dict


def test_the_database_refuses_an_unknown_role(petra, norrkoping, kommunen):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=petra, collaboration=norrkoping, agency=kommunen, role="journalist")
