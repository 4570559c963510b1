"""The running figures of the half-year: exact for coordinators, suppressed for press officers."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from agencies.models import Role
from inspections.models import VisitOutcome
from reports.publication import Shown
from tests.clients import queries_of_get, signed_in_client
from tests.factories import (
    FindingFactory,
    MembershipFactory,
    OperationFactory,
    PremisesFactory,
    VisitFactory,
    local_time,
)
from tests.reports.summary_data import build_spring

AUTUMN_DAY = datetime.datetime(2026, 9, 15, 12, tzinfo=datetime.UTC)
URL = reverse("dashboard")


@pytest.fixture(autouse=True)
def autumn():
    with time_machine.travel(AUTUMN_DAY, tick=False):
        yield


@pytest.fixture
def spring(norrkoping, linkoping):
    return build_spring(norrkoping, linkoping)


def walk(value, path=()):
    """Every Shown inside a PublishedFigures, with the path to it."""
    if isinstance(value, Shown):
        yield path, value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from walk(getattr(value, field.name), (*path, field.name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, (*path, key))
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from walk(item, (*path, index))


def shown_values(published):
    return [shown for _path, shown in walk(published)]


def business_counts(published):
    """The counts that describe businesses: all but operations and visits, the authorities' own work
    (published as they are), and the money (suppressed by its number of premises)."""
    own_work = {"operations", "empact_operations", "operations_by_kind", "visits"}
    return [
        shown
        for path, shown in walk(published)
        if not shown.is_money
        and not own_work & set(path)
        and not (path[0] == "changes" and published.changes[path[1]].name in own_work)
    ]


def category_cell(html, label):
    """The text of the findings cell in the row of category `label`."""
    row = html.split(f"<td>{label}</td>", 1)[1]
    return row.split('<td class="num">', 1)[1].split("</td>", 1)[0]


def test_the_press_officer_sees_fewer_than_three_where_the_coordinator_sees_two(petra, anna, spring):
    # The police recorded trafficking indicators at two visits of the spring.
    as_petra = signed_in_client(petra).get(URL, {"halvar": "2026-1"})
    as_anna = signed_in_client(anna).get(URL, {"halvar": "2026-1"})
    assert category_cell(as_petra.content.decode(), "Human trafficking indicators") == "fewer than 3"
    assert category_cell(as_anna.content.decode(), "Human trafficking indicators") == "2"


def test_the_press_officer_is_never_shown_a_count_of_one_or_two(petra, spring):
    published = signed_in_client(petra).get(URL, {"halvar": "2026-1"}).context["published"]
    visible = [shown for shown in business_counts(published) if not shown.is_hidden]
    assert len(visible) > 15
    assert not [shown for shown in visible if shown.value in (1, 2)]
    assert any(shown.is_hidden for shown in shown_values(published))


def test_the_coordinator_sees_every_figure_exactly(anna, spring):
    response = signed_in_client(anna).get(URL, {"halvar": "2026-1"})
    published = response.context["published"]
    assert not any(shown.is_hidden for shown in shown_values(published))
    assert published.key["visits"].value == 5
    assert published.key["wrongly_paid"].value == Decimal("120000.00")
    assert "Do not pass them on." in response.content.decode()


def test_the_current_half_year_is_shown_so_far_by_default(anna, spring):
    response = signed_in_client(anna).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<option value="2026-2" selected>' in html
    assert "so far" in html
    # The 1 July visit is the only one of the autumn.
    assert response.context["published"].key["visits"].value == 1


def test_the_half_year_select_offers_the_last_six(anna):
    html = signed_in_client(anna).get(URL).content.decode()
    for value in ("2026-2", "2026-1", "2025-2", "2025-1", "2024-2", "2024-1"):
        assert f'value="{value}"' in html
    assert 'value="2023-2"' not in html


@pytest.mark.parametrize("value", ["2026-3", "abc", "2019-1", "", "2026-1-1"])
def test_a_bad_half_year_is_a_400_with_a_message(anna, value):
    response = signed_in_client(anna).get(URL, {"halvar": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose" in html
    assert "<title>Error: Figures so far" in html


def test_a_good_half_year_has_no_error_in_the_title(anna):
    html = signed_in_client(anna).get(URL, {"halvar": "2026-1"}).content.decode()
    assert "<title>Figures so far" in html


def test_the_key_figures_carry_the_labels_of_the_definitions(petra, spring):
    html = signed_in_client(petra).get(URL, {"halvar": "2026-1"}).content.decode()
    for label in ("Visits carried out", "Of which EMPACT action days", "Potential victims of human trafficking"):
        assert f"<dt>{label}</dt>" in html


def test_a_coordinator_of_one_collaboration_is_not_asked_which(anna):
    html = signed_in_client(anna).get(URL).content.decode()
    assert 'name="samverkan"' not in html


def test_a_coordinator_of_two_collaborations_chooses_between_them(anna, spring, linkoping, polisen):
    MembershipFactory(user=anna, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    client = signed_in_client(anna)
    assert 'name="samverkan"' in client.get(URL).content.decode()
    response = client.get(URL, {"halvar": "2026-1", "samverkan": linkoping.pk})
    assert response.context["collaboration"] == linkoping
    assert response.context["published"].key["visits"].value == 1


def test_a_collaboration_the_user_only_inspects_in_is_not_offered(anna, linkoping, polisen, norrkoping):
    MembershipFactory(user=anna, collaboration=linkoping, agency=polisen, role=Role.INSPECTOR)
    response = signed_in_client(anna).get(URL, {"samverkan": linkoping.pk})
    # anna coordinates one collaboration only: the parameter is not asked for and not used.
    assert response.status_code == 200
    assert response.context["collaboration"] == norrkoping
    assert 'name="samverkan"' not in response.content.decode()


def test_a_collaboration_outside_the_users_is_a_400(anna, linkoping, polisen):
    MembershipFactory(user=anna, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    other = OperationFactory().collaboration
    response = signed_in_client(anna).get(URL, {"samverkan": other.pk})
    assert response.status_code == 400
    assert "Choose one of the collaborations in the list." in response.content.decode()


@pytest.mark.parametrize("person", ["erik", "farah", "sara"])
def test_agency_members_do_not_get_the_dashboard(request, person):
    assert signed_in_client(request.getfixturevalue(person)).get(URL).status_code == 404


def test_the_charts_and_tables_are_accessible(anna, spring):
    html = signed_in_client(anna).get(URL, {"halvar": "2026-1"}).content.decode()
    assert html.count('role="img"') == 2
    assert html.count("<title id=") == 2
    assert html.count("<caption>") == 3
    assert '<th scope="col">' in html
    assert '<th scope="row">' in html


def test_the_definitions_are_printed_and_linked(petra):
    html = signed_in_client(petra).get(URL).content.decode()
    assert '<a href="#definitions">What the figures mean</a>' in html
    assert '<details id="definitions">' in html
    assert "Distinct premises with at least one visit carried out in the period" in html


def findings_in_spring(norrkoping, skatteverket, count):
    operation = OperationFactory(
        collaboration=norrkoping, start_date=datetime.date(2026, 3, 3), agencies=[skatteverket]
    )
    for index in range(count):
        visit = VisitFactory(
            operation=operation,
            premises=PremisesFactory(collaboration=norrkoping),
            scheduled_at=local_time(operation.start_date, 10, index),
            outcome=VisitOutcome.CARRIED_OUT,
        )
        FindingFactory(visit=visit, agency=skatteverket)


@pytest.mark.parametrize("person", ["anna", "petra"])
def test_the_queries_do_not_grow_with_the_findings(request, person, norrkoping, skatteverket):
    client = signed_in_client(request.getfixturevalue(person))
    url = f"{URL}?halvar=2026-1"
    findings_in_spring(norrkoping, skatteverket, 1)
    with_one = queries_of_get(client, url)
    findings_in_spring(norrkoping, skatteverket, 29)
    assert queries_of_get(client, url) == with_one
