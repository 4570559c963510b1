"""The "correct an amount" page: prefilled with the entry it corrects and showing it; saving
records a new entry; an entry already corrected sends the user to the newest one (409)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import AccessAction, AccessLogEntry
from findings import services_ledger
from findings.models import EntryStatus, PaymentEntry, PaymentKind, SupportKind
from tests.clients import signed_in_client
from tests.findings.factories import fire_finding, tax_finding
from tests.findings.ledger_factories import *  # noqa: F403
from tests.findings.ledger_factories import DECIDED_ON, a_chain, an_entry, entry_form_data

pytestmark = pytest.mark.django_db

ALREADY_CORRECTED = "This entry has already been corrected; correct the newest entry."


@pytest.fixture
def estimate(finding, erik):
    return an_entry(
        finding,
        "1234567.50",
        kind=PaymentKind.STOPPED,
        support_kind=SupportKind.SICK_PAY,
        status=EntryStatus.DECIDED,
        decision_date=DECIDED_ON,
        created_by=erik,
    )


def _url(entry, finding=None):
    return reverse("ledger_entry_correct", kwargs={"pk": (finding or entry.finding).pk, "entry_pk": entry.pk})


def test_the_form_starts_from_the_values_of_the_entry_it_corrects(estimate, erik):
    response = signed_in_client(erik).get(_url(estimate))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["kind"].value() == PaymentKind.STOPPED
    assert form["support_kind"].value() == SupportKind.SICK_PAY
    assert form["status"].value() == EntryStatus.DECIDED
    body = response.content.decode()
    assert 'value="1 234 567,50"' in body  # written back the way it is typed, and parsed again
    assert f'value="{DECIDED_ON.isoformat()}"' in body
    assert response.context["corrected"] == estimate


def test_the_page_shows_the_entry_it_corrects(estimate, erik):
    body = signed_in_client(erik, language="sv").get(_url(estimate)).content.decode()
    assert "1\xa0234\xa0567,50\xa0kr" in body
    assert "Erik Johansson" in body


def test_saving_records_a_new_entry_and_keeps_the_old_one(estimate, erik, finding):
    response = signed_in_client(erik).post(_url(estimate), entry_form_data(amount="1 200 000"), follow=True)
    assert response.redirect_chain == [(reverse("finding_detail", kwargs={"pk": finding.pk}), 302)]
    correction = PaymentEntry.objects.get(supersedes=estimate)
    assert (correction.amount, correction.created_by) == (Decimal("1200000"), erik)
    estimate.refresh_from_db()
    assert estimate.amount == Decimal("1234567.50")
    assert "The correction is recorded." in response.content.decode()


def test_the_prefilled_form_saved_unchanged_is_a_valid_correction(estimate, erik):
    client = signed_in_client(erik)
    form = client.get(_url(estimate)).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["decision_date"] = data["decision_date"].isoformat()
    data["amount"] = "1 234 567,50"
    assert client.post(_url(estimate), data).status_code == 302
    assert PaymentEntry.objects.get(supersedes=estimate).amount == Decimal("1234567.50")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "100 000 001"}, "amount"),
        ({"amount": "tolv"}, "amount"),
        ({"decision_date": "future"}, "decision_date"),
        ({"decision_date": "2025-01-01"}, "decision_date"),
        ({"decision_date": ""}, "decision_date"),
    ],
)
def test_bad_input_is_refused_at_its_field_with_the_input_kept(estimate, erik, change, field):
    if change.get("decision_date") == "future":
        change = {"decision_date": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()}
    data = entry_form_data(**change)
    response = signed_in_client(erik).post(_url(estimate), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert response.context["form"][field].value() == data[field]
    assert not PaymentEntry.objects.filter(supersedes=estimate).exists()


def test_an_empty_form_is_refused_with_every_message(estimate, erik):
    response = signed_in_client(erik).post(_url(estimate), {})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"kind", "support_kind", "amount", "status"}
    assert not PaymentEntry.objects.filter(supersedes=estimate).exists()


def test_an_entry_already_corrected_points_to_the_newest_entry(finding, erik):
    first, second, third = a_chain(finding, ["100", "200", "300"], by=erik)
    response = signed_in_client(erik).get(_url(first))
    assert response.status_code == 409
    assert response.context["corrected"] == third
    body = response.content.decode()
    assert ALREADY_CORRECTED in body
    assert f'action="{_url(third)}"' in body


def test_a_second_correction_of_the_same_entry_is_refused_and_the_input_kept(estimate, erik):
    client = signed_in_client(erik)
    assert client.post(_url(estimate), entry_form_data(amount="1 200 000")).status_code == 302
    response = client.post(_url(estimate), entry_form_data(amount="999 999"))
    assert response.status_code == 409
    assert ALREADY_CORRECTED in response.content.decode()
    assert response.context["form"]["amount"].value() == "999 999"
    assert PaymentEntry.objects.filter(supersedes=estimate).get().amount == Decimal("1200000")
    assert PaymentEntry.objects.count() == 2


def test_the_entry_must_belong_to_the_finding_in_the_address(estimate, erik, visit, skatteverket):
    other = tax_finding(visit, skatteverket)
    client = signed_in_client(erik)
    assert client.get(_url(estimate, finding=other)).status_code == 404
    assert client.post(_url(estimate, finding=other), entry_form_data()).status_code == 404
    assert PaymentEntry.objects.count() == 1


def test_another_agencys_inspector_may_not_correct(estimate, farah):
    client = signed_in_client(farah)
    assert client.get(_url(estimate)).status_code == 403
    assert client.post(_url(estimate), entry_form_data()).status_code == 403
    assert PaymentEntry.objects.count() == 1


def test_another_agencys_entry_cannot_be_reached_through_ones_own_finding(estimate, erik, visit, raddningstjansten):
    fire_entry = an_entry(fire_finding(visit, raddningstjansten), "500")
    response = signed_in_client(erik).post(_url(fire_entry, finding=estimate.finding), entry_form_data())
    assert response.status_code == 404
    assert not PaymentEntry.objects.filter(supersedes=fire_entry).exists()


def test_a_correction_saved_by_someone_else_meanwhile_is_a_409_with_the_input_kept(estimate, erik, monkeypatch):
    def someone_was_faster(**kwargs):
        raise services_ledger.AlreadyCorrected()

    monkeypatch.setattr(services_ledger, "ledger_entry_correct", someone_was_faster)
    response = signed_in_client(erik).post(_url(estimate), entry_form_data(amount="777 000"))
    assert response.status_code == 409
    assert ALREADY_CORRECTED in response.content.decode()
    assert response.context["form"]["amount"].value() == "777 000"


def _reads(finding):
    return AccessLogEntry.objects.filter(action=AccessAction.VIEW, object_id=str(finding.pk))


def test_opening_the_page_is_a_logged_read_of_the_finding(estimate, erik, finding, skatteverket):
    signed_in_client(erik).get(_url(estimate))
    row = _reads(finding).get()
    assert (row.username, row.object_type, row.object_agency_id) == ("erik", "findings.finding", skatteverket.pk)


def test_the_page_of_an_entry_already_corrected_is_a_logged_read_too(finding, erik):
    first, _second = a_chain(finding, ["100", "200"], by=erik)
    client = signed_in_client(erik)
    assert client.get(_url(first)).status_code == 409
    assert client.post(_url(first), entry_form_data()).status_code == 409
    assert _reads(finding).count() == 2


def test_a_saved_correction_is_no_read(estimate, erik, finding):
    assert signed_in_client(erik).post(_url(estimate), entry_form_data()).status_code == 302
    assert not _reads(finding).exists()
