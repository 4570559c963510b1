"""The world of the write load: one collaboration and, today, one operation of Skatteverket with
one visit, at which twenty of its inspectors all record findings.

The rows are made with the app's models (each validated with full_clean) and the operation and
its visit through the app's own planning services, so they pass the same rules as in the
browser. Nothing more is seeded: the demo would add a minute of setup and nothing the load
touches. The visit is today, because a finding can be recorded from the visit's day on, whatever
day CI runs.
"""

import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from agencies import permissions
from agencies.models import Agency, AgencyKind, Collaboration, Membership, Role, User
from findings.models import ActionKind, Category
from inspections import services_operations
from inspections.models import OperationKind, Premises, PremisesType

INSPECTORS = 20


@dataclass(frozen=True)
class World:
    visit_id: int
    category_id: int
    action: str
    # (username, password) of each inspector
    inspectors: tuple


def _valid(obj):
    obj.full_clean()
    obj.save()
    return obj


def _person(username, encoded_password, collaboration, agency, role):
    user = _valid(
        User(
            username=username,
            first_name="Skrivlast",
            last_name=username,
            email=f"{username}@example.invalid",
            password=encoded_password,
        )
    )
    _valid(Membership(user=user, collaboration=collaboration, agency=agency, role=role))
    return user


@transaction.atomic
def build():
    """Today's operation of Skatteverket, its one visit, and INSPECTORS inspectors who may record there."""
    collaboration = _valid(Collaboration(name="LOS Skrivlast", slug="skrivlast", municipality="Skrivlast"))
    tax = _valid(Agency(name="Skatteverket (skrivlast)", kind=AgencyKind.TAX))
    municipality = _valid(Agency(name="Kommunen (skrivlast)", kind=AgencyKind.MUNICIPALITY))
    collaboration.agencies.add(tax, municipality)
    for agency in (tax, municipality):
        permissions.agency_group(agency)

    # One random password for every account, hashed once: the accounts live as long as this
    # database, and twenty Argon2 hashes would cost seconds of CI for nothing.
    password = secrets.token_urlsafe(18)
    encoded = make_password(password)
    coordinator = _person("skrivlast-samordnare", encoded, collaboration, municipality, Role.COORDINATOR)
    usernames = [f"skrivlast-inspektor-{number:02d}" for number in range(1, INSPECTORS + 1)]
    inspectors = [_person(name, encoded, collaboration, tax, Role.INSPECTOR) for name in usernames]

    today = timezone.localdate()
    operation = services_operations.operation_plan(
        collaboration=collaboration,
        by=coordinator,
        name="Skrivlast",
        kind=OperationKind.LOS,
        start_date=today,
        end_date=today,
        agencies=[tax],
        inspectors=inspectors,
    )
    premises = _valid(
        Premises(
            collaboration=collaboration,
            name="Skrivlastens Verkstad",
            premises_type=PremisesType.CAR_REPAIR,
            address="Provgatan 1",
            postal_code="602 22",
            city="Skrivlast",
        )
    )
    visit = services_operations.visit_add(operation=operation, premises=premises)
    # A category that asks for no number and no checklist, so every form is filled the same way.
    category = Category.objects.filter(
        agency_kind=tax.kind, is_active=True, asks_count=False, uses_indicators=False
    ).earliest("pk")
    return World(
        visit_id=visit.pk,
        category_id=category.pk,
        action=ActionKind.NONE.value,
        inspectors=tuple((name, password) for name in usernames),
    )
