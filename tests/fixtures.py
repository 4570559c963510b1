"""The people and places the tests talk about; app conftests import them with `import *`.

LOS Norrköping works with the municipality, the police, the tax agency and the fire and
rescue service. anna coordinates it for the municipality, erik inspects for the tax agency,
farah for the fire and rescue service, and petra is the municipality's press officer. sara
administers the tax agency: she reads its findings and manages its people, but records nothing.
LOS Linköping is another collaboration, for the rules that keep the two apart.
"""

import datetime

import pytest

from agencies.models import AgencyKind, Role

from .factories import (
    AgencyFactory,
    CollaborationFactory,
    MembershipFactory,
    OperationFactory,
    PremisesFactory,
    UserFactory,
    VisitFactory,
    local_time,
)

__all__ = [
    "anna",
    "erik",
    "farah",
    "kommunen",
    "linkoping",
    "norrkoping",
    "operation",
    "petra",
    "polisen",
    "premises",
    "raddningstjansten",
    "sara",
    "skatteverket",
    "visit",
]


@pytest.fixture
def kommunen(db):
    return AgencyFactory(name="Norrköpings kommun", kind=AgencyKind.MUNICIPALITY)


@pytest.fixture
def polisen(db):
    return AgencyFactory(name="Polismyndigheten", kind=AgencyKind.POLICE)


@pytest.fixture
def skatteverket(db):
    return AgencyFactory(name="Skatteverket", kind=AgencyKind.TAX)


@pytest.fixture
def raddningstjansten(db):
    return AgencyFactory(name="Räddningstjänsten Östra Götaland", kind=AgencyKind.FIRE_RESCUE)


@pytest.fixture
def norrkoping(kommunen, polisen, skatteverket, raddningstjansten):
    return CollaborationFactory(
        name="LOS Norrköping",
        slug="norrkoping",
        municipality="Norrköping",
        agencies=[kommunen, polisen, skatteverket, raddningstjansten],
    )


@pytest.fixture
def linkoping(polisen, skatteverket):
    return CollaborationFactory(
        name="LOS Linköping", slug="linkoping", municipality="Linköping", agencies=[polisen, skatteverket]
    )


@pytest.fixture
def anna(norrkoping, kommunen):
    user = UserFactory(username="anna", first_name="Anna", last_name="Lindqvist")
    MembershipFactory(user=user, collaboration=norrkoping, agency=kommunen, role=Role.COORDINATOR)
    return user


@pytest.fixture
def erik(norrkoping, skatteverket):
    user = UserFactory(username="erik", first_name="Erik", last_name="Johansson")
    MembershipFactory(user=user, collaboration=norrkoping, agency=skatteverket, role=Role.INSPECTOR)
    return user


@pytest.fixture
def farah(norrkoping, raddningstjansten):
    user = UserFactory(username="farah", first_name="Farah", last_name="Haddad")
    MembershipFactory(user=user, collaboration=norrkoping, agency=raddningstjansten, role=Role.INSPECTOR)
    return user


@pytest.fixture
def petra(norrkoping, kommunen):
    user = UserFactory(username="petra", first_name="Petra", last_name="Nilsson")
    MembershipFactory(user=user, collaboration=norrkoping, agency=kommunen, role=Role.PRESS_OFFICER)
    return user


@pytest.fixture
def sara(norrkoping, skatteverket):
    user = UserFactory(username="sara", first_name="Sara", last_name="Nyberg")
    MembershipFactory(user=user, collaboration=norrkoping, agency=skatteverket, role=Role.AGENCY_ADMIN)
    return user


@pytest.fixture
def operation(norrkoping, skatteverket, raddningstjansten):
    """Two days in March, with the tax agency and the fire and rescue service taking part."""
    return OperationFactory(
        collaboration=norrkoping,
        name="Vårinsats Hageby",
        start_date=datetime.date(2025, 3, 10),
        end_date=datetime.date(2025, 3, 11),
        agencies=[skatteverket, raddningstjansten],
    )


@pytest.fixture
def premises(norrkoping):
    return PremisesFactory(collaboration=norrkoping, name="Hageby Bilservice", address="Kvarngatan 4")


@pytest.fixture
def visit(operation, premises):
    return VisitFactory(operation=operation, premises=premises, scheduled_at=local_time(operation.start_date, 10))
