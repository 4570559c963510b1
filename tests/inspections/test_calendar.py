import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections.models import OperationKind, OperationStatus
from tests.clients import signed_in_client as _client
from tests.factories import OperationFactory, UserFactory

pytestmark = pytest.mark.django_db

MARCH_2025 = {"manad": "2025-03"}


def _days_showing(response, operation):
    return [day.date for week in response.context["calendar"].weeks for day in week if operation in day.operations]


def test_the_grid_runs_from_the_monday_before_the_first_to_the_sunday_after_the_last(anna):
    response = _client(anna).get(reverse("calendar"), MARCH_2025)
    assert response.status_code == 200
    weeks = response.context["calendar"].weeks
    # 1 March 2025 is a Saturday and 31 March a Monday: six rows, 24 February to 6 April.
    assert (weeks[0][0].date, weeks[-1][-1].date) == (datetime.date(2025, 2, 24), datetime.date(2025, 4, 6))
    assert len(weeks) == 6
    assert all(day.date.weekday() == 0 for day in (week[0] for week in weeks))
    assert [day.in_month for day in weeks[0]] == [False] * 5 + [True] * 2
    body = response.content.decode()
    assert '<th scope="col"><abbr title="Monday">Mon</abbr></th>' in body
    assert body.index('title="Monday"') < body.index('title="Sunday"')
    assert "<h2>March 2025</h2>" in body
    assert '<caption class="visually-hidden">Operations in March 2025</caption>' in body


def test_an_operation_of_two_days_shows_on_both_days(anna, operation):
    response = _client(anna).get(reverse("calendar"), MARCH_2025)
    assert _days_showing(response, operation) == [datetime.date(2025, 3, 10), datetime.date(2025, 3, 11)]
    href = f'href="{reverse("operation_detail", args=[operation.pk])}"'
    assert response.content.decode().count(href) == 2


def test_an_operation_reaching_into_the_next_month_shows_in_both(anna, norrkoping, kommunen):
    spanning = OperationFactory(
        collaboration=norrkoping,
        agencies=[kommunen],
        start_date=datetime.date(2025, 3, 30),
        end_date=datetime.date(2025, 4, 8),
    )
    client = _client(anna)
    march = _days_showing(client.get(reverse("calendar"), MARCH_2025), spanning)
    april = _days_showing(client.get(reverse("calendar"), {"manad": "2025-04"}), spanning)
    # March's grid ends on Sunday 6 April; April's starts on Monday 31 March.
    assert (march[0], march[-1], len(march)) == (datetime.date(2025, 3, 30), datetime.date(2025, 4, 6), 8)
    assert (april[0], april[-1], len(april)) == (datetime.date(2025, 3, 31), datetime.date(2025, 4, 8), 9)


def test_erik_sees_only_the_operations_the_tax_agency_takes_part_in(
    erik, anna, operation, norrkoping, linkoping, kommunen, skatteverket
):
    without_tax = OperationFactory(
        collaboration=norrkoping, agencies=[kommunen], name="Utan skatt", start_date=datetime.date(2025, 3, 20)
    )
    elsewhere = OperationFactory(
        collaboration=linkoping, agencies=[skatteverket], name="Linköpingsinsats", start_date=datetime.date(2025, 3, 5)
    )
    seen_by_erik = _client(erik).get(reverse("calendar"), MARCH_2025)
    body = seen_by_erik.content.decode()
    assert "Vårinsats Hageby" in body
    assert "Utan skatt" not in body
    assert "Linköpingsinsats" not in body
    assert _days_showing(seen_by_erik, without_tax) == []
    seen_by_anna = _client(anna).get(reverse("calendar"), MARCH_2025).content.decode()
    assert "Vårinsats Hageby" in seen_by_anna and "Utan skatt" in seen_by_anna
    assert elsewhere.name not in seen_by_anna


def test_an_agency_admin_sees_the_operations_of_the_agency(sara, operation):
    response = _client(sara).get(reverse("calendar"), MARCH_2025)
    assert response.status_code == 200
    assert _days_showing(response, operation) == [datetime.date(2025, 3, 10), datetime.date(2025, 3, 11)]


def test_empact_and_cancelled_operations_say_so_in_words(anna, norrkoping, kommunen):
    OperationFactory(
        collaboration=norrkoping,
        agencies=[kommunen],
        name="Aktionsdag",
        kind=OperationKind.EMPACT,
        start_date=datetime.date(2025, 3, 3),
        end_date=datetime.date(2025, 3, 3),
    )
    OperationFactory(
        collaboration=norrkoping,
        agencies=[kommunen],
        name="Inställd kväll",
        status=OperationStatus.CANCELLED,
        start_date=datetime.date(2025, 3, 14),
        end_date=datetime.date(2025, 3, 14),
    )
    body = _client(anna).get(reverse("calendar"), MARCH_2025).content.decode()
    assert body.count("calendar__event--empact") == 1
    assert body.count("calendar__event--cancelled") == 1
    assert "Aktionsdag<br>" in body and "EMPACT · Norrköpings kommun" in body
    assert "Inställd kväll (cancelled)<br>" in body
    assert "LOS operation · Norrköpings kommun" in body


def test_names_are_escaped(anna, norrkoping, kommunen):
    OperationFactory(collaboration=norrkoping, agencies=[kommunen], name="<script>x()</script>")
    body = _client(anna).get(reverse("calendar"), MARCH_2025).content.decode()
    assert "<script>x()" not in body
    assert "&lt;script&gt;x()&lt;/script&gt;" in body


def test_without_a_month_it_shows_this_month_and_marks_today(anna):
    today = timezone.localdate()
    response = _client(anna).get(reverse("calendar"))
    assert response.status_code == 200
    assert response.context["calendar"].first == today.replace(day=1)
    today_cells = [day for week in response.context["calendar"].weeks for day in week if day.is_today]
    assert [day.date for day in today_cells] == [today]
    assert response.content.decode().count("calendar__today") == 1


def test_previous_and_next_link_to_the_neighbouring_months(anna):
    body = _client(anna).get(reverse("calendar"), {"manad": "2025-01"}).content.decode()
    url = reverse("calendar")
    assert f'href="{url}?manad=2024-12" rel="prev">← December 2024</a>' in body
    assert f'href="{url}?manad=2025-02" rel="next">February 2025 →</a>' in body
    assert f'href="{url}">Today</a>' in body


def test_there_is_no_link_beyond_the_first_and_last_month(anna):
    client = _client(anna)
    first = client.get(reverse("calendar"), {"manad": "2000-01"}).content.decode()
    last = client.get(reverse("calendar"), {"manad": "2100-12"}).content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_month_names_follow_the_language(anna):
    body = _client(anna, language="sv").get(reverse("calendar"), MARCH_2025).content.decode()
    assert "<h2>mars 2025</h2>" in body
    assert '<abbr title="måndag">mån</abbr>' in body


@pytest.mark.parametrize("value", ["2026-13", "2026-00", "abc", "99999-01", "1999-12", "2101-01", "2025-3", "x" * 500])
def test_a_bad_month_is_refused_with_a_message(anna, value):
    response = _client(anna).get(reverse("calendar"), {"manad": value})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Write a month between 2000-01 and 2100-12 as year and month, for example 2025-03." in body
    assert 'class="error-summary"' in body
    # The page still shows this month, so the reader can go on from there.
    assert response.context["calendar"].first == timezone.localdate().replace(day=1)


def test_the_press_officer_has_no_calendar(petra):
    assert _client(petra).get(reverse("calendar")).status_code == 404


def test_a_superuser_without_a_membership_has_no_calendar(db):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert _client(root).get(reverse("calendar")).status_code == 404


def test_the_calendar_answers_only_get(anna):
    assert _client(anna).post(reverse("calendar"), MARCH_2025).status_code == 405


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("calendar"), MARCH_2025)
    assert response.status_code == 200
    return len(queries), len(
        {op.pk for week in response.context["calendar"].weeks for d in week for op in d.operations}
    )


@pytest.mark.parametrize("user_name", ["anna", "erik"])
def test_the_calendar_costs_the_same_queries_for_1_and_50_operations(
    request, user_name, norrkoping, skatteverket, kommunen, raddningstjansten
):
    user = request.getfixturevalue(user_name)
    client = _client(user)
    OperationFactory(collaboration=norrkoping, agencies=[skatteverket, kommunen])
    _queries(client)  # warms the per-process caches
    with_one, shown = _queries(client)
    assert shown == 1
    for n in range(49):
        OperationFactory(
            collaboration=norrkoping,
            agencies=[skatteverket, raddningstjansten, kommunen],
            start_date=datetime.date(2025, 3, 1 + n % 28),
        )
    assert _queries(client) == (with_one, 50)
