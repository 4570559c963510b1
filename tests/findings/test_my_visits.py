"""My visits: an inspector's visits of operations their agency took part in, today's first, then
the coming ones, then the earlier ones, each with the number of findings their agency recorded."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.clients import signed_in_client
from tests.factories import FindingFactory, OperationFactory, UserFactory, VisitFactory, local_time

from .factories import fire_safety, staff_ledger

pytestmark = pytest.mark.django_db

URL = reverse("my_visits")
TODAY = datetime.date(2025, 3, 12)


@pytest.fixture(autouse=True)
def _on_12_march_2025():
    with time_machine.travel(local_time(TODAY, 9), tick=False):
        yield


@pytest.fixture
def march(norrkoping, skatteverket, raddningstjansten):
    """An operation of the whole month with the tax agency and the fire and rescue service."""
    return OperationFactory(
        collaboration=norrkoping,
        name="Marsinsatsen",
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 3, 31),
        agencies=[skatteverket, raddningstjansten],
    )


def at(operation, day, hour, name):
    return VisitFactory(operation=operation, scheduled_at=local_time(day, hour), premises__name=name)


def names(rows):
    return [visit.premises.name for visit in rows]


def test_todays_visits_come_first_then_the_coming_then_the_earlier_latest_first(erik, march):
    at(march, datetime.date(2025, 3, 2), 18, "Början av mars")
    at(march, TODAY, 21, "Ikväll sent")
    at(march, datetime.date(2025, 3, 20), 18, "Om en vecka")
    at(march, TODAY, 18, "Ikväll")
    at(march, datetime.date(2025, 3, 11), 23, "Igår kväll")
    at(march, datetime.date(2025, 3, 13), 18, "Imorgon")
    response = signed_in_client(erik).get(URL)
    assert response.status_code == 200
    assert names(response.context["today"]) == ["Ikväll", "Ikväll sent"]
    assert names(response.context["coming"]) == ["Imorgon", "Om en vecka"]
    assert names(response.context["page"].object_list) == ["Igår kväll", "Början av mars"]
    page = response.content.decode()
    assert page.index("Ikväll") < page.index("Imorgon") < page.index("Igår kväll")


def test_a_row_shows_time_premises_operation_and_the_agencys_findings_there(
    erik, farah, march, skatteverket, raddningstjansten
):
    visit = at(march, TODAY, 18, "Hageby Bilservice")
    FindingFactory.create_batch(2, visit=visit, agency=skatteverket, category=staff_ledger())
    FindingFactory(visit=visit, agency=raddningstjansten, category=fire_safety())
    response = signed_in_client(erik).get(URL)
    row = response.context["today"][0]
    assert row.own_findings == 2
    page = response.content.decode()
    assert "2025-03-12 18:00" in page
    assert "Hageby Bilservice" in page and visit.premises.address in page and "Marsinsatsen" in page
    assert reverse("visit_work", args=[visit.pk]) in page
    assert signed_in_client(farah).get(URL).context["today"][0].own_findings == 1


def test_only_visits_of_operations_the_agency_took_part_in_are_listed(
    erik, norrkoping, linkoping, march, kommunen, skatteverket
):
    at(march, TODAY, 18, "Vår insats")
    without_tax = OperationFactory(collaboration=norrkoping, start_date=TODAY, agencies=[kommunen])
    at(without_tax, TODAY, 19, "Kommunens egen")
    elsewhere = OperationFactory(collaboration=linkoping, start_date=TODAY, agencies=[skatteverket])
    VisitFactory(operation=elsewhere, scheduled_at=local_time(TODAY, 20), premises__name="Linköpingslokalen")
    response = signed_in_client(erik).get(URL)
    assert names(response.context["today"]) == ["Vår insats"]
    assert "Kommunens egen" not in response.content.decode()


@pytest.mark.parametrize("who", ["anna", "petra", "sara", "root"])
def test_people_who_do_not_inspect_get_404(anna, petra, sara, who):
    users = {"anna": anna, "petra": petra, "sara": sara}
    if who == "root":
        users["root"] = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert signed_in_client(users[who]).get(URL).status_code == 404


def test_fifty_earlier_visits_fit_on_a_page_and_the_rest_come_on_the_next(erik, march):
    for n in range(51):
        at(march, datetime.date(2025, 3, 1), 0, f"Lokal {n:02d}")
    client = signed_in_client(erik)
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 50
    assert "?sida=2" in first.content.decode()
    assert len(client.get(URL, {"sida": 2}).context["page"].object_list) == 1
    assert client.get(URL, {"sida": "abc"}).status_code == 200


def _make_visits(count, operation, agency, start):
    """`count` visits in each group, each with one finding of the agency."""
    for n in range(count):
        for day in (TODAY, TODAY + datetime.timedelta(days=5), TODAY - datetime.timedelta(days=5)):
            visit = at(operation, day, 18, f"{day} {start + n}")
            FindingFactory(visit=visit, agency=agency, category=staff_ledger())


def test_the_list_costs_the_same_queries_for_one_and_fifty_visits(erik, march, skatteverket, django_assert_num_queries):
    client = signed_in_client(erik)
    _make_visits(1, march, skatteverket, 0)
    client.get(URL)  # warms the per-process caches
    with CaptureQueriesContext(connection) as one:
        response = client.get(URL)
    assert [len(response.context[k]) for k in ("today", "coming")] == [1, 1]
    _make_visits(49, march, skatteverket, 1)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(URL)
    assert [len(response.context[k]) for k in ("today", "coming")] == [50, 50]
    assert len(response.context["page"].object_list) == 50
    assert {row.own_findings for row in response.context["page"].object_list} == {1}
