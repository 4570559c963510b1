"""The files on the finding's page: listed with what they are, at a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import LegalGround
from findings.services import finding_release
from tests.clients import signed_in_client
from tests.factories import EvidenceFactory, UserFactory
from tests.findings.evidence_factories import *  # noqa: F403

pytestmark = pytest.mark.django_db


def _page(client, finding):
    """The page as text, without the line-break opportunities put into long file names."""
    response = client.get(reverse("finding_detail", kwargs={"pk": finding.pk}))
    assert response.status_code == 200
    return response.content.decode().replace("<wbr>", "")


def test_a_long_phone_file_name_may_break_across_lines(erik, eriks_finding):
    EvidenceFactory(finding=eriks_finding, original_name="IMG_20250310_kassaregister-hageby-bilservice-norrkoping.jpg")
    html = signed_in_client(erik).get(reverse("finding_detail", kwargs={"pk": eriks_finding.pk})).content.decode()
    assert "IMG_<wbr>20250310_<wbr>kassaregister-hageby-bil<wbr>service-norrkoping.<wbr>jpg<wbr>" in html


def test_the_page_lists_each_file_with_kind_size_and_who_attached_it(erik, eriks_finding):
    photo = EvidenceFactory(finding=eriks_finding, original_name="kassan.jpg", size=2_500_000, uploaded_by=erik)
    EvidenceFactory(finding=eriks_finding, original_name="beslut.pdf", content_type="application/pdf", size=3000)
    html = _page(signed_in_client(erik), eriks_finding)
    assert "kassan.jpg" in html and "beslut.pdf" in html
    assert "Photo (JPEG)" in html and "PDF document" in html
    assert "2.4\xa0MB" in html and "2.9\xa0KB" in html
    assert "Erik Johansson" in html
    assert reverse("evidence_download", kwargs={"pk": photo.pk}) in html
    assert reverse("evidence_add", kwargs={"pk": eriks_finding.pk}) in html


def test_a_file_name_is_shown_as_text_never_as_markup(erik, eriks_finding):
    EvidenceFactory(finding=eriks_finding, original_name="<script>alert(1)</script>.jpg")
    html = _page(signed_in_client(erik), eriks_finding)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.jpg" in html


def test_only_those_who_may_change_the_finding_are_offered_to_attach(erik, farah, sara, eriks_finding, skatteverket):
    EvidenceFactory(finding=eriks_finding, original_name="kassan.jpg")
    ground = LegalGround.objects.create(agency=skatteverket, name="10 kap. 2 § OSL")
    finding_release(finding=eriks_finding, by=erik, legal_ground=ground)
    attach = reverse("evidence_add", kwargs={"pk": eriks_finding.pk})
    assert attach in _page(signed_in_client(erik), eriks_finding)
    for reader in (sara, farah):
        html = _page(signed_in_client(reader), eriks_finding)
        assert "kassan.jpg" in html
        assert attach not in html


def test_the_page_says_when_nothing_is_attached(erik, eriks_finding):
    assert "No photos or documents are attached." in _page(signed_in_client(erik), eriks_finding)


def _queries(client, finding):
    with CaptureQueriesContext(connection) as queries:
        _page(client, finding)
    return len(queries)


def test_the_list_costs_the_same_queries_for_1_and_50_files(erik, eriks_finding):
    client = signed_in_client(erik)
    EvidenceFactory(finding=eriks_finding, uploaded_by=erik)
    _queries(client, eriks_finding)  # warms the per-process caches
    with_one = _queries(client, eriks_finding)
    others = [UserFactory() for _ in range(7)]
    for number in range(49):
        EvidenceFactory(finding=eriks_finding, uploaded_by=others[number % 7])
    assert _queries(client, eriks_finding) == with_one
