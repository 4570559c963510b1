"""Recording a signal (händelse) on premises: a tip, a police event ... from an agency of the
premises' collaboration, on a date that has come."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import AgencyKind, Role
from inspections.models import Signal, SignalKind
from tests.clients import signed_in_client as _client
from tests.factories import AgencyFactory, MembershipFactory, PremisesFactory, UserFactory

pytestmark = pytest.mark.django_db


def _url(premises):
    return reverse("signal_create", kwargs={"pk": premises.pk})


def _typed(agency, **fields):
    values = {
        "kind": SignalKind.POLICE_EVENT,
        "received_on": "2025-02-14",
        "source_agency": agency.pk,
        "summary": "Larm om inbrott nattetid",
    }
    return values | fields


@pytest.fixture
def lars(linkoping, polisen):
    user = UserFactory(username="lars")
    MembershipFactory(user=user, collaboration=linkoping, agency=polisen, role=Role.COORDINATOR)
    return user


def test_a_coordinator_records_a_signal_and_returns_to_the_premises(anna, premises, polisen):
    response = _client(anna).post(_url(premises), _typed(polisen), follow=True)
    assert response.redirect_chain == [(reverse("premises_detail", kwargs={"pk": premises.pk}), 302)]
    assert "The signal is recorded." in response.content.decode()
    signal = Signal.objects.get()
    assert (signal.premises, signal.kind, signal.received_on) == (
        premises,
        SignalKind.POLICE_EVENT,
        datetime.date(2025, 2, 14),
    )
    assert (signal.source_agency, signal.summary, signal.created_by) == (polisen, "Larm om inbrott nattetid", anna)
    assert "Larm om inbrott nattetid" in response.content.decode()


def test_the_form_offers_only_the_agencies_of_the_collaboration_and_today(anna, premises, linkoping):
    AgencyFactory(name="Linköpings kommun", kind=AgencyKind.MUNICIPALITY)
    form = _client(anna).get(_url(premises)).context["form"]
    assert [a.name for a in form.fields["source_agency"].queryset] == [
        "Norrköpings kommun",
        "Polismyndigheten",
        "Räddningstjänsten Östra Götaland",
        "Skatteverket",
    ]
    assert form.initial["received_on"] == timezone.localdate()


def test_today_is_accepted(anna, premises, kommunen):
    today = timezone.localdate().isoformat()
    assert _client(anna).post(_url(premises), _typed(kommunen, received_on=today, summary="")).status_code == 302
    assert Signal.objects.get().summary == ""


def test_a_date_in_the_future_is_refused_at_the_date(anna, premises, polisen):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = _client(anna).post(_url(premises), _typed(polisen, received_on=tomorrow))
    assert response.status_code == 400
    assert response.context["form"].errors == {"received_on": ["The date cannot be in the future."]}
    assert 'class="error-summary"' in response.content.decode()
    assert not Signal.objects.exists()


@pytest.mark.parametrize("typed", ["2025-02-30", "14/2 2025", "99999-01-01", "1999-12-31", ""])
def test_a_date_that_is_not_a_real_recent_day_is_refused(anna, premises, polisen, typed):
    response = _client(anna).post(_url(premises), _typed(polisen, received_on=typed))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["received_on"]
    assert not Signal.objects.exists()


def test_an_agency_of_another_collaboration_is_refused_at_the_source(anna, premises, linkoping):
    lkpg_kommun = AgencyFactory(name="Linköpings kommun", kind=AgencyKind.MUNICIPALITY)
    linkoping.agencies.add(lkpg_kommun)
    response = _client(anna).post(_url(premises), _typed(lkpg_kommun))
    assert response.status_code == 400
    assert response.context["form"].errors == {"source_agency": ["Choose one of the agencies of the collaboration."]}
    assert not Signal.objects.exists()


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "-1"])
def test_a_source_that_is_no_agency_is_refused(anna, premises, value):
    response = _client(anna).post(_url(premises), {"kind": "tip", "received_on": "2025-02-14", "source_agency": value})
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["source_agency"]


def test_an_unknown_kind_is_refused(anna, premises, polisen):
    response = _client(anna).post(_url(premises), _typed(polisen, kind="rumour"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["kind"]
    assert not Signal.objects.exists()


def test_a_coordinator_of_linkoping_cannot_record_on_norrkopings_premises(lars, premises, polisen):
    client = _client(lars)
    assert client.get(_url(premises)).status_code == 404
    assert client.post(_url(premises), _typed(polisen)).status_code == 404
    assert not Signal.objects.exists()


def test_a_coordinator_of_linkoping_records_on_its_own_premises(lars, linkoping, polisen):
    own = PremisesFactory(collaboration=linkoping)
    assert _client(lars).post(_url(own), _typed(polisen)).status_code == 302


@pytest.mark.parametrize("person", ["erik", "farah", "petra"])
def test_inspectors_and_press_officers_find_no_signal_form(request, premises, polisen, person):
    client = _client(request.getfixturevalue(person))
    assert client.get(_url(premises)).status_code == 404
    assert client.post(_url(premises), _typed(polisen)).status_code == 404
    assert not Signal.objects.exists()
