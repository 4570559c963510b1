"""The follow-ups list: the agency's due follow-ups, overdue first and oldest first, for its
inspectors and admin; nobody else's."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from findings.models import FindingStatus
from tests.clients import signed_in_client
from tests.factories import OperationFactory, PremisesFactory, VisitFactory, local_time

from .factories import fire_finding, tax_finding

pytestmark = pytest.mark.django_db

S = FindingStatus
TODAY = datetime.date(2025, 5, 1)
URL = reverse("follow_ups")


@pytest.fixture(autouse=True)
def _on_the_first_of_may():
    with time_machine.travel(local_time(TODAY, 9), tick=False):
        yield


def _due(visit, agency, day, *, premises_name=None):
    """A finding due on `day`, at a visit of its own so that each row names other premises."""
    if premises_name:
        visit = VisitFactory(
            operation=visit.operation,
            premises=PremisesFactory(collaboration=visit.operation.collaboration, name=premises_name),
        )
    return tax_finding(visit, agency, S.FOLLOW_UP_DUE, follow_up_date=day)


@pytest.fixture
def due(visit, skatteverket):
    """Erik's agency's follow-ups, made in an order unlike the list's."""
    return {
        "later": _due(visit, skatteverket, datetime.date(2025, 6, 1), premises_name="Kiosken Later"),
        "soon_last": _due(visit, skatteverket, datetime.date(2025, 5, 31), premises_name="Kiosken Soon B"),
        "recent": _due(visit, skatteverket, datetime.date(2025, 4, 28), premises_name="Kiosken Recent"),
        "today": _due(visit, skatteverket, TODAY, premises_name="Kiosken Today"),
        "oldest": _due(visit, skatteverket, datetime.date(2025, 4, 10), premises_name="Kiosken Oldest"),
    }


def _listed(response):
    return [finding.pk for group in response.context["groups"] for finding in group.rows]


def test_overdue_come_first_oldest_first_then_soon_then_later(erik, due):
    response = signed_in_client(erik).get(URL)
    assert response.status_code == 200
    order = ["oldest", "recent", "today", "soon_last", "later"]
    assert _listed(response) == [due[name].pk for name in order]
    groups = [(group.key, len(group.rows)) for group in response.context["groups"]]
    assert groups == [("overdue", 2), ("soon", 2), ("later", 1)]
    assert [row.days_overdue for row in response.context["groups"][0].rows] == [21, 3]
    html = response.content.decode()
    assert html.index("Kiosken Oldest") < html.index("Kiosken Recent") < html.index("Kiosken Later")
    assert "Due within 30 days" in html


def test_the_heading_counts_the_overdue(erik, due):
    response = signed_in_client(erik).get(URL)
    assert response.context["overdue_count"] == 2
    heading = response.content.decode().split("<h1>")[1].split("</h1>")[0]
    assert "2 overdue" in heading


def test_a_follow_up_becomes_overdue_the_day_after_its_date(erik, due):
    with time_machine.travel(local_time(TODAY + datetime.timedelta(days=1), 9), tick=False):
        response = signed_in_client(erik).get(URL)
    overdue = response.context["groups"][0]
    assert [row.pk for row in overdue.rows] == [due["oldest"].pk, due["recent"].pk, due["today"].pk]
    assert overdue.rows[-1].days_overdue == 1


def test_only_the_agencys_own_due_findings_are_listed(
    erik, farah, skatteverket, raddningstjansten, linkoping, visit, due
):
    fire = fire_finding(visit, raddningstjansten, S.FOLLOW_UP_DUE, follow_up_date=datetime.date(2025, 3, 20))
    settled = tax_finding(visit, skatteverket, S.CORRECTED, follow_up_date=datetime.date(2025, 3, 20))
    elsewhere_visit = VisitFactory(operation=OperationFactory(collaboration=linkoping, agencies=[skatteverket]))
    elsewhere = tax_finding(elsewhere_visit, skatteverket, S.FOLLOW_UP_DUE, follow_up_date=datetime.date(2025, 3, 20))
    eriks = set(_listed(signed_in_client(erik).get(URL)))
    assert eriks == {finding.pk for finding in due.values()}
    assert not eriks & {fire.pk, settled.pk, elsewhere.pk}
    farahs = signed_in_client(farah).get(URL)
    assert _listed(farahs) == [fire.pk]
    assert farahs.context["overdue_count"] == 1


def test_the_agency_admin_sees_the_list_but_not_the_change_link(erik, sara, due):
    response = signed_in_client(sara).get(URL)
    assert response.status_code == 200
    assert len(_listed(response)) == 5
    html = response.content.decode()
    assert reverse("finding_detail", kwargs={"pk": due["oldest"].pk}) in html
    assert reverse("finding_transition", kwargs={"pk": due["oldest"].pk}) not in html
    assert (
        reverse("finding_transition", kwargs={"pk": due["oldest"].pk})
        in signed_in_client(erik).get(URL).content.decode()
    )


@pytest.mark.parametrize("who", ["anna", "petra"])
def test_others_do_not_find_the_list(request, who, due):
    assert signed_in_client(request.getfixturevalue(who)).get(URL).status_code == 404


def test_nothing_due_says_so(erik):
    response = signed_in_client(erik).get(URL)
    assert "No follow-up is due." in response.content.decode()
    assert "overdue" not in response.content.decode().split("<h1>")[1].split("</h1>")[0]


def _queries(client, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL + query)
    assert response.status_code == 200
    return len(queries), response


def test_the_list_costs_the_same_queries_for_1_and_50_rows(erik, skatteverket, visit):
    client = signed_in_client(erik)
    _due(visit, skatteverket, datetime.date(2025, 4, 1), premises_name="Första")
    _queries(client)  # warms the per-process caches
    with_one, _response = _queries(client)
    for n in range(49):
        _due(visit, skatteverket, datetime.date(2025, 4, 2) + datetime.timedelta(days=n), premises_name=f"Lokal {n}")
    with_fifty, response = _queries(client)
    assert len(_listed(response)) == 50
    assert with_fifty == with_one


def test_the_list_is_paged(erik, skatteverket, visit):
    for n in range(51):
        tax_finding(
            visit, skatteverket, S.FOLLOW_UP_DUE, follow_up_date=datetime.date(2025, 3, 11) + datetime.timedelta(days=n)
        )
    client = signed_in_client(erik)
    first = client.get(URL)
    assert len(_listed(first)) == 50
    assert "?sida=2" in first.content.decode()
    second = client.get(URL, {"sida": 2})
    assert [row.follow_up_date for group in second.context["groups"] for row in group.rows] == [
        datetime.date(2025, 4, 30)
    ]
