"""The findings list narrowed to one premises (?lokal=<id>), as linked from the premises page."""

import pytest
from django.urls import reverse

from findings.models import Category
from tests.clients import signed_in_client as _client
from tests.factories import FindingFactory, PremisesFactory, VisitFactory

pytestmark = pytest.mark.django_db

URL = reverse("finding_list")


@pytest.fixture
def two_places(norrkoping, operation, premises, visit, skatteverket, raddningstjansten):
    """Erik's agency has a finding at each of two premises; the fire service one at the first."""
    ledger = Category.objects.get(agency_kind="tax", code="staff-ledger")
    register = Category.objects.get(agency_kind="tax", code="cash-register")
    fire = Category.objects.get(agency_kind="fire_rescue", code="fire-safety")
    other = PremisesFactory(collaboration=norrkoping, name="Torgkiosken")
    return {
        "here": FindingFactory(visit=visit, agency=skatteverket, category=ledger),
        "there": FindingFactory(
            visit=VisitFactory(operation=operation, premises=other), agency=skatteverket, category=register
        ),
        "fire": FindingFactory(visit=visit, agency=raddningstjansten, category=fire, note="MARKER-FIRE"),
        "other_premises": other,
    }


def test_it_lists_only_the_readable_findings_at_the_premises(erik, premises, two_places):
    response = _client(erik).get(URL, {"lokal": premises.pk})
    assert response.status_code == 200
    assert [f.pk for f in response.context["page"].object_list] == [two_places["here"].pk]
    html = response.content.decode()
    assert "Only findings at Hageby Bilservice." in html
    assert "MARKER-FIRE" not in html


def test_the_counts_of_others_findings_are_narrowed_to_the_premises_too(erik, two_places):
    other = two_places["other_premises"]
    response = _client(erik).get(URL, {"lokal": other.pk})
    assert [f.pk for f in response.context["page"].object_list] == [two_places["there"].pk]
    assert list(response.context["others"]) == []


def test_without_the_filter_every_readable_finding_is_listed(erik, two_places):
    response = _client(erik).get(URL)
    assert {f.pk for f in response.context["page"].object_list} == {two_places["here"].pk, two_places["there"].pk}


def test_the_search_and_the_export_keep_the_premises(erik, premises, two_places):
    client = _client(erik)
    html = client.get(URL, {"lokal": premises.pk}).content.decode()
    assert f'<input type="hidden" name="lokal" value="{premises.pk}">' in html
    assert f'href="/iakttagelser/export.csv?lokal={premises.pk}"' in html
    export = client.get(reverse("finding_export"), {"lokal": premises.pk}).content.decode("utf-8-sig")
    assert "Hageby Bilservice" in export
    assert "Torgkiosken" not in export


def test_a_coordinator_reads_nothing_that_was_not_released(anna, premises, two_places):
    response = _client(anna).get(URL, {"lokal": premises.pk})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert [(row["agency__name"], row["count"]) for row in response.context["others"]] == [
        ("Räddningstjänsten Östra Götaland", 1),
        ("Skatteverket", 1),
    ]
    assert "MARKER-FIRE" not in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5", "99999999999999999999"])
def test_a_bad_premises_value_is_refused(erik, two_places, value):
    response = _client(erik).get(URL, {"lokal": value})
    assert response.status_code == 400
    assert response.context["form"].errors == {"lokal": ["The premises in the address are not valid."]}
    assert "The premises in the address are not valid." in response.content.decode()


def test_the_largest_possible_premises_id_finds_nothing(erik, two_places):
    response = _client(erik).get(URL, {"lokal": str(2**63 - 1)})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
