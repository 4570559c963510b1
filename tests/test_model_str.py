"""Every model says what it is in the admin, in logs and in error messages: never "Visit object (1)"."""

import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import translation

from agencies.models import AgencyKind, Role
from findings.models import Category, PaymentKind, SupportKind
from tests.factories import (
    FACTORIES,
    AgencyFactory,
    BusinessFactory,
    CollaborationFactory,
    FindingFactory,
    LegalGroundFactory,
    MembershipFactory,
    OperationFactory,
    PaymentEntryFactory,
    PremisesFactory,
    UserFactory,
    VisitFactory,
)

PROJECT_APPS = ["agencies", "inspections", "findings", "reports"]
PROJECT_MODELS = [model for label in PROJECT_APPS for model in apps.get_app_config(label).get_models()]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_every_model_of_the_project_has_a_factory():
    assert [model for model in PROJECT_MODELS if model not in FACTORIES] == []


@pytest.mark.django_db
@pytest.mark.parametrize("model", PROJECT_MODELS, ids=lambda model: model.__name__)
def test_every_model_has_a_str_of_its_own(model):
    instance = FACTORIES[model]()
    text = str(instance)
    assert text.strip()
    assert not re.search(r"object \(\d+\)", text), text


@pytest.fixture
def world(db):
    """A small LOS with one of everything, named so that each str can be read."""
    skatteverket = AgencyFactory(name="Skatteverket", kind=AgencyKind.TAX)
    norrkoping = CollaborationFactory(name="LOS Norrköping", slug="norrkoping", agencies=[skatteverket])
    erik = UserFactory(username="erik", first_name="Erik", last_name="Johansson")
    business = BusinessFactory(collaboration=norrkoping, org_number="5566778899", name="Hageby Bilservice AB")
    premises = PremisesFactory(
        collaboration=norrkoping, name="Hageby Bilservice", address="Kvarngatan 4", business=business
    )
    operation = OperationFactory(
        collaboration=norrkoping,
        name="Vårinsats Hageby",
        start_date=datetime.date(2025, 3, 10),
        agencies=[skatteverket],
    )
    visit = VisitFactory(operation=operation, premises=premises)
    staff_ledger = Category.objects.get(agency_kind="tax", code="staff-ledger")
    finding = FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger)
    return {
        "agency": skatteverket,
        "collaboration": norrkoping,
        "user": erik,
        "membership": MembershipFactory(user=erik, agency=skatteverket, collaboration=norrkoping, role=Role.INSPECTOR),
        "business": business,
        "premises": premises,
        "operation": operation,
        "visit": visit,
        "category": staff_ledger,
        "legal_ground": LegalGroundFactory(agency=skatteverket, name="10 kap. 2 § OSL"),
        "finding": finding,
        "payment": PaymentEntryFactory(
            finding=finding,
            kind=PaymentKind.WRONGLY_PAID,
            support_kind=SupportKind.WAGE_SUBSIDY,
            amount=Decimal("150000.00"),
        ),
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("agency", "Skatteverket"),
        ("collaboration", "LOS Norrköping"),
        ("user", "Erik Johansson"),
        ("membership", "Erik Johansson – Inspector, Skatteverket (LOS Norrköping)"),
        ("business", "Hageby Bilservice AB (556677-8899)"),
        ("premises", "Hageby Bilservice, Kvarngatan 4"),
        ("operation", "Vårinsats Hageby (2025-03-10)"),
        ("visit", "Hageby Bilservice – Vårinsats Hageby"),
        ("category", "Tax agency: Staff ledger missing or faulty"),
        ("legal_ground", "Skatteverket: 10 kap. 2 § OSL"),
        ("finding", "Skatteverket: Staff ledger missing or faulty (Hageby Bilservice)"),
        ("payment", "Wrongfully paid out: 150000.00 kr (Wage subsidy)"),
    ],
)
def test_each_str_names_the_thing(world, name, expected):
    assert str(world[name]) == expected


def test_a_user_without_a_name_is_shown_by_username(db):
    assert str(UserFactory(username="erik", first_name="", last_name="")) == "erik"


def test_a_category_is_shown_in_swedish_when_swedish_is_active(db):
    staff_ledger = Category.objects.get(agency_kind="tax", code="staff-ledger")
    with translation.override("sv"):
        assert str(staff_ledger).endswith(": Personalliggare saknas eller är bristfällig")
