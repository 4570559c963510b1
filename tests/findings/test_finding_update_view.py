"""The form for changing a finding, and two inspectors editing it at once: the second save is
refused with 409, their input kept, the saved finding shown, and a second save goes through."""

import re

import pytest
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry
from findings.models import Finding
from tests.clients import signed_in_client

from .factories import cash_register, fire_safety, staff_ledger
from .record_factories import *  # noqa: F403
from .record_factories import record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evening_of_the_visit")]

STALE = "Someone else saved this finding after you opened it."


@pytest.fixture
def finding(erik, skatteverket, visit):
    return record(visit=visit, agency=skatteverket, by=erik, category=staff_ledger(), note="Ursprunglig anteckning")


def url(finding):
    return reverse("finding_edit", args=[finding.pk])


def version_in(page):
    return re.search(r'name="version" value="(\d+)"', page).group(1)


def test_the_form_shows_the_finding_as_saved_and_its_version(erik, finding):
    response = signed_in_client(erik).get(url(finding))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ursprunglig anteckning" in page
    assert version_in(page) == "1"
    assert re.search(rf'value="{staff_ledger().pk}"[^>]* checked', page)
    # Reading the details in the form is a read like the detail page.
    assert AccessLogEntry.objects.filter(action=AccessAction.VIEW, object_id=str(finding.pk)).exists()


def test_a_change_is_saved_and_the_finding_is_shown(erik, finding):
    client = signed_in_client(erik)
    data = {"category": cash_register().pk, "note": "Kassaregistret", "version": "1"}
    response = client.post(url(finding), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("finding_detail", args=[finding.pk])
    finding.refresh_from_db()
    assert (finding.category, finding.note, finding.version) == (cash_register(), "Kassaregistret", 2)


def test_two_inspectors_save_the_same_finding_and_the_second_keeps_their_input(erik, olle, finding):
    erik_client, olle_client = signed_in_client(erik), signed_in_client(olle)
    opened = {"erik": version_in(erik_client.get(url(finding)).content.decode())}
    opened["olle"] = version_in(olle_client.get(url(finding)).content.decode())
    assert opened == {"erik": "1", "olle": "1"}

    first = erik_client.post(url(finding), {"category": staff_ledger().pk, "note": "Eriks text", "version": "1"})
    assert first.status_code == 302

    second = olle_client.post(url(finding), {"category": cash_register().pk, "note": "Olles text", "version": "1"})
    page = second.content.decode()
    assert second.status_code == 409
    assert STALE in page
    assert "Olles text" in page  # their input, in the form
    assert "Saved now" in page and "Eriks text" in page  # the finding as it is now
    assert re.search(rf'<input type="radio" name="category" value="{cash_register().pk}"[^>]* checked', page)
    assert version_in(page) == "2"
    finding.refresh_from_db()
    assert (finding.note, finding.category, finding.version) == ("Eriks text", staff_ledger(), 2)

    again = olle_client.post(url(finding), {"category": cash_register().pk, "note": "Olles text", "version": "2"})
    assert again.status_code == 302
    finding.refresh_from_db()
    assert (finding.note, finding.category, finding.version) == ("Olles text", cash_register(), 3)


def test_an_empty_form_is_a_bad_request(erik, finding):
    response = signed_in_client(erik).post(url(finding), {})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose what your agency found." in page
    assert "The form does not say which version of the finding you opened. Open it again." in page
    assert Finding.objects.get().version == 1


@pytest.mark.parametrize("version", ["", "x", "0", "١", "99999999999", "2147483648"])
def test_a_missing_or_broken_version_is_told_in_the_summary_never_a_server_error(erik, finding, version):
    data = {"category": staff_ledger().pk, "note": "Ny", "version": version}
    response = signed_in_client(erik).post(url(finding), data)
    assert response.status_code == 400
    message = "The form does not say which version of the finding you opened. Open it again."
    assert response.context["form"].errors == {"__all__": [message]}
    assert Finding.objects.get().version == 1


def test_a_category_of_another_agency_is_refused_at_the_field_and_the_note_kept(erik, finding):
    response = signed_in_client(erik).post(url(finding), {"category": fire_safety().pk, "note": "Ny", "version": "1"})
    assert response.status_code == 400
    assert response.context["form"].errors["category"] == ["This category belongs to another agency's catalogue."]
    assert "Ny</textarea>" in response.content.decode()
    finding.refresh_from_db()
    assert (finding.category, finding.note, finding.version) == (staff_ledger(), "Ursprunglig anteckning", 1)


def test_status_action_and_follow_up_are_not_on_this_form(erik, finding):
    page = signed_in_client(erik).get(url(finding)).content.decode()
    for name in ("status", "action", "follow_up_date"):
        assert f'name="{name}"' not in page
