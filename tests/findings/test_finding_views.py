import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry, LegalGround
from findings.models import Category, FindingRelease, Indicator
from tests.clients import signed_in_client as _client
from tests.factories import FindingFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_ledger():
    return Category.objects.get(agency_kind="tax", code="staff-ledger")


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("finding_list"))
    assert response.status_code == 200
    return len(queries)


def test_the_findings_list_costs_the_same_queries_for_1_and_50_rows(erik, skatteverket, visit, staff_ledger):
    client = _client(erik)
    FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger)
    _list_queries(client)  # warms the per-process content-type cache
    with_one = _list_queries(client)
    for _ in range(49):
        FindingFactory(visit=VisitFactory(operation=visit.operation), agency=skatteverket, category=staff_ledger)
    assert _list_queries(client) == with_one


def test_reading_the_details_writes_the_access_log(erik, skatteverket, visit, staff_ledger):
    finding = FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger, note="kassan saknas")
    response = _client(erik).get(reverse("finding_detail", kwargs={"pk": finding.pk}))
    assert response.status_code == 200
    row = AccessLogEntry.objects.get(action=AccessAction.VIEW)
    assert (row.username, row.object_id, row.object_agency_id) == ("erik", str(finding.pk), skatteverket.pk)
    assert "kassan" not in str(row.__dict__)


def test_a_refused_read_is_logged(farah, skatteverket, visit, staff_ledger):
    finding = FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger)
    response = _client(farah).get(reverse("finding_detail", kwargs={"pk": finding.pk}))
    assert response.status_code == 403
    row = AccessLogEntry.objects.get(action=AccessAction.DENIED)
    assert (row.username, row.object_id, row.status_code) == ("farah", str(finding.pk), 403)


def test_release_and_withdrawal_are_logged(erik, skatteverket, visit, staff_ledger):
    finding = FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger)
    ground = LegalGround.objects.create(agency=skatteverket, name="10 kap. 2 § OSL")
    client = _client(erik)
    response = client.post(reverse("finding_release", kwargs={"pk": finding.pk}), {"legal_ground": ground.pk})
    assert response.status_code == 302
    client.post(reverse("finding_withdraw", kwargs={"pk": finding.pk}))
    release = FindingRelease.objects.get()
    assert release.released_by == erik and release.withdrawn_by == erik
    release_rows = AccessLogEntry.objects.filter(action__in=[AccessAction.RELEASE, AccessAction.WITHDRAW])
    assert list(release_rows.order_by("id").values_list("action", flat=True)) == ["release", "withdraw"]


def test_a_release_on_another_agencys_legal_ground_is_refused(
    erik, skatteverket, raddningstjansten, visit, staff_ledger
):
    finding = FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger)
    foreign = LegalGround.objects.create(agency=raddningstjansten, name="10 kap. 27 § OSL")
    response = _client(erik).post(reverse("finding_release", kwargs={"pk": finding.pk}), {"legal_ground": foreign.pk})
    assert response.status_code == 400
    assert "legal_ground" in response.context["form"].errors
    assert not FindingRelease.objects.exists()


def test_a_release_without_a_legal_ground_is_refused(erik, skatteverket, visit, staff_ledger):
    finding = FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger)
    response = _client(erik).post(reverse("finding_release", kwargs={"pk": finding.pk}), {})
    assert response.status_code == 400
    assert response.context["form"].errors["legal_ground"] == ["Choose the legal ground for the release."]
    assert not FindingRelease.objects.exists()


def test_release_and_withdrawal_need_the_csrf_token(erik, skatteverket, visit, staff_ledger):
    finding = FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger)
    ground = LegalGround.objects.create(agency=skatteverket, name="10 kap. 2 § OSL")
    client = _client(erik, enforce_csrf_checks=True)
    url = reverse("finding_release", kwargs={"pk": finding.pk})
    assert client.post(url, {"legal_ground": ground.pk}).status_code == 403
    assert client.post(reverse("finding_withdraw", kwargs={"pk": finding.pk})).status_code == 403
    assert not FindingRelease.objects.exists()


def test_the_csv_export_is_logged_and_neutralises_formulas(erik, skatteverket, visit, staff_ledger):
    FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger, note='=HYPERLINK("http://x")')
    response = _client(erik).get(reverse("finding_export"))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert "'=HYPERLINK" in text
    assert AccessLogEntry.objects.filter(action=AccessAction.EXPORT, username="erik").exists()


def _detail_queries(client, finding):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("finding_detail", kwargs={"pk": finding.pk}))
    assert response.status_code == 200
    return len(queries), response


def test_the_detail_page_loads_the_finding_with_what_it_shows(erik, skatteverket, visit, staff_ledger):
    finding = FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger)
    _count, response = _detail_queries(_client(erik), finding)
    shown = response.context["finding"]
    assert {"agency", "category", "visit", "collaboration"} <= set(shown._state.fields_cache)
    assert {"premises", "operation"} <= set(shown.visit._state.fields_cache)
    assert {"indicators", "releases"} <= set(shown._prefetched_objects_cache)


def test_the_detail_page_costs_the_same_for_1_and_many_indicators_and_releases(erik, skatteverket, visit, staff_ledger):
    # Indicators belong to the police's checklist; the page lists whatever a finding carries.
    finding = FindingFactory(visit=visit, agency=skatteverket, category=staff_ledger)
    finding.indicators.set(Indicator.objects.all()[:1])
    ground = LegalGround.objects.create(agency=skatteverket, name="10 kap. 2 § OSL")
    client = _client(erik)
    client.post(reverse("finding_release", kwargs={"pk": finding.pk}), {"legal_ground": ground.pk})
    _detail_queries(client, finding)  # warms the per-process caches
    with_one, _response = _detail_queries(client, finding)
    finding.indicators.set(Indicator.objects.all())
    for _ in range(4):
        client.post(reverse("finding_withdraw", kwargs={"pk": finding.pk}))
        client.post(reverse("finding_release", kwargs={"pk": finding.pk}), {"legal_ground": ground.pk})
    assert FindingRelease.objects.filter(finding=finding).count() == 5
    with_many, response = _detail_queries(client, finding)
    assert len(response.context["finding"].indicators.all()) == Indicator.objects.count() > 1
    assert with_many == with_one
