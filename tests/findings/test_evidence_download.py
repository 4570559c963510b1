"""Downloading an evidence file: only through the finding's permission check, always logged."""

import pytest
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry, LegalGround, Role
from findings.services import finding_release
from tests.clients import signed_in_client
from tests.factories import MembershipFactory, UserFactory
from tests.findings.evidence_factories import *  # noqa: F403
from tests.findings.evidence_factories import png_bytes, stored_evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(eriks_finding, erik, evidence_storage):
    return stored_evidence(eriks_finding, by=erik, original_name="kassaregister.png")


def _url(evidence):
    return reverse("evidence_download", kwargs={"pk": evidence.pk})


def _downloads():
    return AccessLogEntry.objects.filter(action=AccessAction.DOWNLOAD)


def test_erik_downloads_the_file_as_an_attachment(erik, evidence):
    response = signed_in_client(erik).get(_url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes()
    expected_name = f"bevis-{evidence.finding_id}-{evidence.pk}.png"
    assert response["Content-Disposition"] == f'attachment; filename="{expected_name}"'
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store, private"


def test_every_download_is_logged_with_the_findings_agency(erik, evidence, skatteverket, norrkoping):
    client = signed_in_client(erik)
    for _ in range(2):
        b"".join(client.get(_url(evidence)).streaming_content)
    fields = ("username", "object_type", "object_id", "object_agency_id", "collaboration_id")
    rows = list(_downloads().values_list(*fields))
    assert rows == [("erik", "findings.evidence", str(evidence.pk), skatteverket.pk, norrkoping.pk)] * 2


def test_the_fire_inspector_may_not_download_the_tax_agencys_file(farah, evidence):
    assert signed_in_client(farah).get(_url(evidence)).status_code == 403
    assert not _downloads().exists()


def test_after_a_release_the_other_agencies_may_download(erik, farah, anna, evidence, skatteverket):
    ground = LegalGround.objects.create(agency=skatteverket, name="10 kap. 2 § OSL")
    finding_release(finding=evidence.finding, by=erik, legal_ground=ground)
    for person in (farah, anna):
        response = signed_in_client(person).get(_url(evidence))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
    assert sorted(_downloads().values_list("username", flat=True)) == ["anna", "farah"]


def test_the_tax_agency_admin_downloads_her_agencys_file(evidence, sara):
    assert signed_in_client(sara).get(_url(evidence)).status_code == 200


def test_a_tax_inspector_of_another_collaboration_is_told_nothing_exists(evidence, linkoping, skatteverket, petra):
    lena = UserFactory(username="lena")
    MembershipFactory(user=lena, collaboration=linkoping, agency=skatteverket, role=Role.INSPECTOR)
    assert signed_in_client(lena).get(_url(evidence)).status_code == 404
    assert signed_in_client(petra).get(_url(evidence)).status_code == 404
    assert not _downloads().exists()


def test_an_unknown_file_is_not_found(erik, evidence):
    assert signed_in_client(erik).get(reverse("evidence_download", kwargs={"pk": evidence.pk + 1})).status_code == 404


def test_a_file_missing_on_disk_is_not_found_not_a_server_error(erik, evidence, evidence_storage):
    evidence_storage.delete(evidence.stored_name)
    response = signed_in_client(erik).get(_url(evidence))
    assert response.status_code == 404
    assert not _downloads().exists()


def test_signing_in_comes_first(evidence, client):
    response = client.get(_url(evidence))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
