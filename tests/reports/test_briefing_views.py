import pytest
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry, Role
from tests.clients import signed_in_client as _client
from tests.factories import MembershipFactory, OperationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers(anna, erik, farah, sara):
    return {"anna": anna, "erik": erik, "farah": farah, "sara": sara}


@pytest.mark.parametrize("name", ["anna", "erik", "farah", "sara"])
def test_the_operations_readers_get_the_page(readers, name, operation, visit):
    response = _client(readers[name]).get(reverse("briefing_sheet", args=[operation.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Briefing sheet: Vårinsats Hageby</h1>" in body
    assert f'href="{reverse("briefing_pdf", args=[operation.pk])}">Download as PDF</a>' in body
    assert "Kvarngatan 4, 602 21 Norrköping" in body
    assert "Räddningstjänsten Östra Götaland, Skatteverket" in body


@pytest.mark.parametrize("name", ["anna", "erik", "farah", "sara"])
def test_the_operations_readers_get_the_pdf(readers, name, operation, visit):
    response = _client(readers[name]).get(reverse("briefing_pdf", args=[operation.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="genomgang-insats-{operation.pk}.pdf"'
    assert "no-store" in response["Cache-Control"]


def test_the_download_is_written_to_the_access_log(erik, operation, visit):
    _client(erik).get(reverse("briefing_pdf", args=[operation.pk]))
    row = AccessLogEntry.objects.get(action=AccessAction.EXPORT)
    assert (row.username, row.object_type, row.object_id) == ("erik", "inspections.operation", str(operation.pk))
    assert row.collaboration_id == operation.collaboration_id


def test_reading_the_page_writes_no_export_row(erik, operation, visit):
    _client(erik).get(reverse("briefing_sheet", args=[operation.pk]))
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


@pytest.mark.parametrize("name", ["briefing_sheet", "briefing_pdf"])
def test_the_press_officer_gets_404(petra, operation, name):
    assert _client(petra).get(reverse(name, args=[operation.pk])).status_code == 404


@pytest.mark.parametrize("name", ["briefing_sheet", "briefing_pdf"])
def test_an_operation_of_linkoping_is_404_in_norrkoping(anna, erik, linkoping, skatteverket, name):
    elsewhere = OperationFactory(collaboration=linkoping, agencies=[skatteverket])
    for user in (anna, erik):
        assert _client(user).get(reverse(name, args=[elsewhere.pk])).status_code == 404


@pytest.mark.parametrize("name", ["briefing_sheet", "briefing_pdf"])
def test_an_inspector_whose_agency_does_not_take_part_gets_404(norrkoping, polisen, operation, name):
    police = UserFactory(username="pelle")
    MembershipFactory(user=police, collaboration=norrkoping, agency=polisen, role=Role.INSPECTOR)
    assert _client(police).get(reverse(name, args=[operation.pk])).status_code == 404


@pytest.mark.parametrize("name", ["briefing_sheet", "briefing_pdf"])
@pytest.mark.parametrize("pk", [0, 987654, 2**31, 10**30])
def test_an_unknown_operation_is_404_not_500(anna, name, pk):
    assert _client(anna).get(reverse(name, args=[pk])).status_code == 404


@pytest.mark.parametrize("name", ["briefing_sheet", "briefing_pdf"])
def test_the_sheet_answers_only_get(anna, operation, name):
    assert _client(anna).post(reverse(name, args=[operation.pk])).status_code == 405


def test_an_operation_without_visits_still_has_a_sheet(anna, operation):
    client = _client(anna)
    assert "No visits are planned yet." in client.get(reverse("briefing_sheet", args=[operation.pk])).content.decode()
    assert client.get(reverse("briefing_pdf", args=[operation.pk])).content.startswith(b"%PDF-")


def test_anonymous_is_sent_to_sign_in(client, operation):
    response = client.get(reverse("briefing_pdf", args=[operation.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
