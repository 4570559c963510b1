"""The catalogues in the admin: support staff keep categories, actions and indicators; they
retire entries instead of deleting them, and find no case data there."""

import pytest
from django.urls import NoReverseMatch, reverse

from findings.models import ActionOption, Category, Indicator
from tests.clients import signed_in_client
from tests.factories import FindingFactory, UserFactory

from .factories import staff_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.mark.parametrize("model", [Category, ActionOption, Indicator])
def test_the_changelists_render_with_the_help_on_retiring(root, model):
    name = f"admin:findings_{model._meta.model_name}_changelist"
    response = signed_in_client(root).get(reverse(name))
    assert response.status_code == 200
    assert "Untick “in use”" in response.content.decode()


def test_categories_are_filtered_by_agency_kind_and_searched(root):
    client = signed_in_client(root)
    url = reverse("admin:findings_category_changelist")
    by_kind = client.get(url, {"agency_kind__exact": "fire_rescue"}).context["cl"].result_list
    assert {c.agency_kind for c in by_kind} == {"fire_rescue"}
    found = client.get(url, {"q": "staff ledger"}).context["cl"].result_list
    assert [c.code for c in found] == ["staff-ledger"]


def test_a_category_is_edited_in_the_admin(root):
    category = staff_ledger()
    url = reverse("admin:findings_category_change", args=[category.pk])
    client = signed_in_client(root)
    assert client.get(url).status_code == 200
    data = {
        "name": "Personalliggare saknas",
        "name_en": "Staff ledger missing",
        "severity": "3",
        "position": "7",
        "is_active": "",
        "asks_count": "on",
        "uses_indicators": "",
        # Read-only once created: a changed kind in the submission is ignored.
        "agency_kind": "police",
    }
    response = client.post(url, {k: v for k, v in data.items() if v})
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name, category.name_en, category.severity, category.position) == (
        "Personalliggare saknas",
        "Staff ledger missing",
        3,
        7,
    )
    assert (category.is_active, category.asks_count, category.uses_indicators) == (False, True, False)
    assert category.agency_kind == "tax"


def test_a_category_in_use_cannot_be_deleted_it_is_retired(root, erik, skatteverket, visit):
    category = staff_ledger()
    FindingFactory(visit=visit, agency=skatteverket, category=category)
    response = signed_in_client(root).post(
        reverse("admin:findings_category_delete", args=[category.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Category.objects.filter(pk=category.pk).exists()


@pytest.mark.parametrize("model_name", ["finding", "paymententry", "evidence", "findingrelease", "referral"])
def test_case_data_is_not_in_the_admin(model_name):
    with pytest.raises(NoReverseMatch):
        reverse(f"admin:findings_{model_name}_changelist")


def test_a_category_is_retired_from_the_changelist(root):
    category = staff_ledger()
    url = reverse("admin:findings_category_changelist") + "?q=staff+ledger"
    client = signed_in_client(root)
    assert [c.pk for c in client.get(url).context["cl"].result_list] == [category.pk]
    row = {
        "id": category.pk,
        "name": category.name,
        "name_en": "Staff ledger (retired)",
        "severity": category.severity,
        "position": category.position,
    }
    data = {f"form-0-{key}": value for key, value in row.items()}
    data.update({"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "_save": "Save"})
    response = client.post(url, data)
    assert response.status_code == 302
    category.refresh_from_db()
    assert (category.name_en, category.is_active) == ("Staff ledger (retired)", False)
