"""The candidate page of an operation: who may see it, what it lists, what it costs."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Role
from findings.models import Category
from inspections.models import PremisesType, SignalKind, VisitOutcome
from tests.clients import signed_in_client as _client
from tests.factories import (
    FindingFactory,
    MembershipFactory,
    OperationFactory,
    PremisesFactory,
    SignalFactory,
    UserFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def _url(operation, **query):
    url = reverse("operation_candidates", kwargs={"pk": operation.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _names(response):
    return [c.premises.name for c in response.context["page"].object_list]


def test_premises_already_on_the_operation_are_not_proposed(anna, operation, visit, norrkoping):
    PremisesFactory(collaboration=norrkoping, name="Kiosken Hörnet", premises_type=PremisesType.KIOSK)
    response = _client(anna).get(_url(operation))
    assert response.status_code == 200
    assert _names(response) == ["Kiosken Hörnet"]
    assert "Hageby Bilservice" not in response.content.decode()


def test_premises_of_another_collaboration_never_appear(anna, operation, norrkoping, linkoping):
    PremisesFactory(collaboration=norrkoping, name="Norrköpings Kiosk")
    PremisesFactory(collaboration=linkoping, name="PREMISES-LINKOPING")
    response = _client(anna).get(_url(operation))
    assert _names(response) == ["Norrköpings Kiosk"]
    assert "PREMISES-LINKOPING" not in response.content.decode()


def test_each_row_shows_rank_score_reasons_and_the_add_form(anna, operation, norrkoping, polisen):
    premises = PremisesFactory(
        collaboration=norrkoping, name="Hageby Biltvätt", premises_type=PremisesType.CAR_WASH, address="Torggatan 2"
    )
    SignalFactory(premises=premises, kind=SignalKind.POLICE_EVENT, received_on=datetime.date(2025, 3, 1))
    PremisesFactory(collaboration=norrkoping, name="Ödehuset", premises_type=PremisesType.OTHER)
    url = _url(operation, premises_type="car_wash")
    response = _client(anna).get(url)
    body = html.unescape(response.content.decode())
    assert _names(response) == ["Hageby Biltvätt"]
    assert f'<a href="{reverse("premises_detail", args=[premises.pk])}">Hageby Biltvätt</a>' in body
    assert '<span class="score">38</span>' in body  # 10 + 20 never visited + 8 car wash
    assert '<ul class="reasons">' in body
    assert "1 signal in the last 180 days (1 police event) – 10 points" in body
    assert "Never visited – 20 points" in body
    assert "Torggatan 2, 602 21 Norrköping" in body
    assert f'<form method="post" action="{reverse("visit_add", args=[operation.pk])}"' in body
    assert f'<input type="hidden" name="premises" value="{premises.pk}">' in body
    assert f'<input type="hidden" name="next" value="{url}">' in body
    assert f'href="{reverse("operation_detail", args=[operation.pk])}"' in body


def test_the_type_filter_narrows_the_list(anna, operation, norrkoping):
    PremisesFactory(collaboration=norrkoping, name="Kiosk A", premises_type=PremisesType.KIOSK)
    PremisesFactory(collaboration=norrkoping, name="Verkstad B", premises_type=PremisesType.CAR_REPAIR)
    response = _client(anna).get(_url(operation, premises_type="kiosk"))
    assert _names(response) == ["Kiosk A"]


@pytest.mark.parametrize("value", ["spaceship", "1' OR 1=1", "x" * 500])
def test_an_unknown_type_is_refused_at_the_field(anna, operation, norrkoping, value):
    PremisesFactory(collaboration=norrkoping, name="Kiosk A")
    response = _client(anna).get(_url(operation), {"premises_type": value})
    assert response.status_code == 400
    assert response.context["form"].errors == {"premises_type": ["Choose one of the types in the list."]}
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Kiosk A" not in body


def test_the_weights_are_explained_from_the_dataclass(anna, operation):
    body = html.unescape(_client(anna).get(_url(operation)).content.decode())
    assert "<summary>How the score is computed</summary>" in body
    assert '<th scope="row">Police event, per signal in the last 180 days</th><td class="num">10</td>' in body
    assert '<th scope="row">Never visited</th><td class="num">20</td>' in body


def test_the_page_never_shows_a_findings_note(anna, operation, norrkoping, skatteverket):
    premises = PremisesFactory(collaboration=norrkoping, name="Lagret")
    earlier = VisitFactory(
        operation=OperationFactory(collaboration=norrkoping, start_date=datetime.date(2025, 1, 20)),
        premises=premises,
        outcome=VisitOutcome.CARRIED_OUT,
    )
    category = Category.objects.get(agency_kind="tax", code="undeclared-work")
    FindingFactory(visit=earlier, agency=skatteverket, category=category, note="SECRET-NOTE-TEXT")
    body = _client(anna).get(_url(operation)).content.decode()
    assert "1 open finding, severity 3 in total – 15 points" in body
    assert "SECRET-NOTE-TEXT" not in body


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_page_costs_the_same_queries_for_1_and_50_premises(anna, operation, norrkoping, polisen):
    client = _client(anna)

    def add_premises(n):
        premises = PremisesFactory(collaboration=norrkoping, name=f"Lokal {n:02d}")
        SignalFactory(premises=premises, kind=SignalKind.TIP, received_on=datetime.date(2025, 2, 1))
        VisitFactory(
            operation=OperationFactory(collaboration=norrkoping, start_date=datetime.date(2024, 6, 1)),
            premises=premises,
            outcome=VisitOutcome.CARRIED_OUT,
        )

    add_premises(0)
    _queries(client, _url(operation))  # warms the per-process caches
    with_one, _ = _queries(client, _url(operation))
    for n in range(1, 50):
        add_premises(n)
    with_fifty, response = _queries(client, _url(operation))
    assert len(response.context["page"].object_list) == 50
    assert with_fifty == with_one


def test_the_list_is_paged_by_fifty_and_keeps_the_filter(anna, operation, norrkoping):
    for n in range(51):
        PremisesFactory(collaboration=norrkoping, name=f"Kiosk {n:02d}", premises_type=PremisesType.KIOSK)
    PremisesFactory(collaboration=norrkoping, name="Verkstaden", premises_type=PremisesType.CAR_REPAIR)
    client = _client(anna)
    first = client.get(_url(operation, premises_type="kiosk"))
    assert len(first.context["page"].object_list) == 50
    assert "?premises_type=kiosk&amp;sida=2" in first.content.decode()
    second = client.get(_url(operation, premises_type="kiosk", sida=2))
    assert _names(second) == ["Kiosk 50"]
    assert '<td class="num" data-label="Rank">51</td>' in second.content.decode()
    assert client.get(_url(operation, sida="abc")).status_code == 200


def test_an_inspector_of_a_participating_agency_may_not_plan(erik, operation):
    assert _client(erik).get(_url(operation)).status_code == 403


def test_a_press_officer_finds_no_such_page(petra, operation):
    assert _client(petra).get(_url(operation)).status_code == 404


def test_a_coordinator_of_linkoping_finds_no_such_page(operation, linkoping, polisen):
    lars = UserFactory(username="lars-linkoping")
    MembershipFactory(user=lars, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    assert _client(lars).get(_url(operation)).status_code == 404


def test_the_page_is_read_only(anna, operation):
    assert _client(anna).post(_url(operation)).status_code == 405
