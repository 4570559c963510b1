"""The "add an amount" page: Swedish amounts in, 400 with the message at the field and the
input kept for bad input, nothing saved until it is right."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from findings.models import PaymentEntry
from tests.clients import signed_in_client
from tests.factories import OperationFactory, PremisesFactory, VisitFactory
from tests.findings.factories import VISIT_DAY, fire_finding, tax_finding
from tests.findings.ledger_factories import *  # noqa: F403
from tests.findings.ledger_factories import entry_form_data

pytestmark = pytest.mark.django_db

AMOUNT_OUT_OF_BOUNDS = "The amount must be more than 0 kr and at most 100 000 000 kr."
BEFORE_THE_VISIT = "The decision date cannot be before the visit (March 10, 2025)."
NOT_AN_AMOUNT = "Enter the amount in kronor with digits, for example 1 500 000 or 1500000,50."


def _url(finding):
    return reverse("ledger_entry_add", kwargs={"pk": finding.pk})


def test_the_page_has_the_form_with_a_decimal_keyboard_for_the_amount(finding, erik):
    response = signed_in_client(erik).get(_url(finding))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'inputmode="decimal"' in body
    assert 'name="decision_date"' in body and 'type="date"' in body
    assert "<legend>Status" in body


def test_a_swedish_amount_is_recorded_and_the_inspector_returns_to_the_finding(finding, erik):
    response = signed_in_client(erik).post(_url(finding), entry_form_data(amount="1 500 000,50 kr"), follow=True)
    assert response.redirect_chain == [(reverse("finding_detail", kwargs={"pk": finding.pk}), 302)]
    entry = PaymentEntry.objects.get()
    assert (entry.finding, entry.amount, entry.created_by) == (finding, Decimal("1500000.50"), erik)
    assert "The amount is recorded." in response.content.decode()


def test_an_amount_with_a_decimal_point_is_recorded_too(finding, erik):
    response = signed_in_client(erik).post(_url(finding), entry_form_data(amount="1500000.50"))
    assert response.status_code == 302
    assert PaymentEntry.objects.get().amount == Decimal("1500000.50")


def _tomorrow():
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


# The bad-input table for the ledger: (field, what was typed, the message at the field).
BAD_INPUT = [
    ({"amount": "0"}, "amount", AMOUNT_OUT_OF_BOUNDS),
    ({"amount": "-1 500"}, "amount", AMOUNT_OUT_OF_BOUNDS),
    ({"amount": "100 000 000,01"}, "amount", AMOUNT_OUT_OF_BOUNDS),
    ({"amount": "150 000 000 kr"}, "amount", AMOUNT_OUT_OF_BOUNDS),
    ({"amount": "1 500,000"}, "amount", "Enter at most two decimals (öre), for example 1500000,50."),
    ({"amount": "1,500,000"}, "amount", NOT_AN_AMOUNT),
    ({"amount": "1.500.000"}, "amount", NOT_AN_AMOUNT),
    ({"amount": "femtio tusen"}, "amount", NOT_AN_AMOUNT),
    ({"amount": ""}, "amount", "Enter the amount in kronor."),
    ({"decision_date": "tomorrow"}, "decision_date", "The decision date cannot be in the future."),
    ({"decision_date": "2025-03-09"}, "decision_date", BEFORE_THE_VISIT),
    ({"decision_date": "2025-02-30"}, "decision_date", "Enter a date, for example 2025-03-10."),
    ({"decision_date": "igår"}, "decision_date", "Enter a date, for example 2025-03-10."),
    ({"decision_date": ""}, "decision_date", "A decided amount needs its decision date."),
    ({"kind": "bribe"}, "kind", "Choose one of the kinds of amount."),
    ({"support_kind": ""}, "support_kind", "Choose the kind of support."),
    ({"status": "final"}, "status", "Choose estimated or decided."),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_at_its_field_with_the_input_kept(finding, erik, change, field, message):
    if change.get("decision_date") == "tomorrow":
        change = {"decision_date": _tomorrow()}
    data = entry_form_data(**change)
    response = signed_in_client(erik).post(_url(finding), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[field] == [message]
    assert set(form.errors) == {field}
    assert not PaymentEntry.objects.exists()
    body = response.content.decode()
    assert f'<a href="#id_{field}' in body  # the summary links to the field
    assert form["support_kind"].value() == data["support_kind"]
    if data["amount"]:
        assert f'value="{data["amount"]}"' in body


def test_an_empty_form_is_a_submission_answered_with_every_message(finding, erik):
    response = signed_in_client(erik).post(_url(finding), {})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"kind", "support_kind", "amount", "status"}
    assert not PaymentEntry.objects.exists()


def test_every_problem_is_shown_at_once(finding, erik):
    data = entry_form_data(amount="0", decision_date=_tomorrow(), kind="")
    response = signed_in_client(erik).post(_url(finding), data)
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"amount", "decision_date", "kind"}


def test_the_decision_may_be_on_the_day_of_the_visit(finding, erik):
    response = signed_in_client(erik).post(_url(finding), entry_form_data(decision_date=VISIT_DAY.isoformat()))
    assert response.status_code == 302


def test_the_page_of_another_agencys_finding_is_refused(visit, raddningstjansten, erik):
    other = fire_finding(visit, raddningstjansten)
    client = signed_in_client(erik)
    assert client.get(_url(other)).status_code == 403
    assert client.post(_url(other), entry_form_data()).status_code == 403
    assert not PaymentEntry.objects.exists()


def test_the_agency_admin_reads_but_does_not_record(finding, sara):
    client = signed_in_client(sara)
    assert client.post(_url(finding), entry_form_data()).status_code == 403
    assert not PaymentEntry.objects.exists()


def test_a_finding_of_another_collaboration_does_not_exist_for_the_inspector(erik, linkoping, skatteverket):
    elsewhere = VisitFactory(
        operation=OperationFactory(collaboration=linkoping, agencies=[skatteverket]),
        premises=PremisesFactory(collaboration=linkoping),
    )
    assert signed_in_client(erik).post(_url(tax_finding(elsewhere, skatteverket)), entry_form_data()).status_code == 404
    assert not PaymentEntry.objects.exists()
