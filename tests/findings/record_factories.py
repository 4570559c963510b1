"""Helpers for the tests of recording and changing findings: the evening of the visit, omar the
police inspector (whose catalogue asks for numbers and the trafficking checklist), olle a second
tax inspector, and a recording with sensible defaults.

Test modules import the fixtures with `import *`; `record` by name."""

import pytest
import time_machine

from agencies.models import Role
from findings.models import ActionKind, Category
from findings.services_record import finding_record
from tests.factories import MembershipFactory, UserFactory, local_time
from tests.findings.factories import VISIT_DAY

__all__ = ["evening_of_the_visit", "olle", "omar"]


@pytest.fixture
def evening_of_the_visit():
    """Eight in the evening of the visit's day: the visit has been made and its day is not over."""
    with time_machine.travel(local_time(VISIT_DAY, 20), tick=False):
        yield


@pytest.fixture
def omar(norrkoping, polisen, operation):
    """omar inspects for the police, which takes part in `operation`."""
    operation.agencies.add(polisen)
    user = UserFactory(username="omar", first_name="Omar", last_name="Ali")
    MembershipFactory(user=user, collaboration=norrkoping, agency=polisen, role=Role.INSPECTOR)
    return user


@pytest.fixture
def olle(norrkoping, skatteverket):
    """A second inspector of the tax agency, for two people editing one finding."""
    user = UserFactory(username="olle", first_name="Olle", last_name="Berg")
    MembershipFactory(user=user, collaboration=norrkoping, agency=skatteverket, role=Role.INSPECTOR)
    return user


def record(*, visit, agency, by, **overrides):
    """Record through the service, with a plain finding of the agency's first category by default."""
    values = {
        "category": Category.objects.filter(agency_kind=agency.kind, is_active=True).first(),
        "action": ActionKind.NONE,
        "note": "",
        "quantity": None,
        "indicators": [],
        "follow_up_date": None,
    }
    values.update(overrides)
    return finding_record(visit=visit, agency=agency, by=by, **values)
