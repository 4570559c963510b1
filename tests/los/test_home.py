import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from agencies.models import User
from inspections.models import Premises
from los.demo.seed import seed_demo

pytestmark = pytest.mark.django_db
NBSP = "\xa0"


@pytest.fixture
def demo():
    seed_demo(with_users=True)


def _start_page(username):
    client = Client()
    with time_machine.travel(datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC), tick=False):
        client.force_login(User.objects.get(username=username))
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_press_officer_is_led_to_the_figures_and_the_summaries_and_sees_no_names(demo):
    page = _start_page("petra")
    assert f'href="{reverse("dashboard")}"' in page
    assert f'href="{reverse("summary_list")}"' in page
    for name in Premises.objects.values_list("name", flat=True):
        assert name not in page


def test_an_inspector_sees_the_operations_of_their_agency(demo):
    page = _start_page("farah")
    assert "LOS-kväll december" in page
    assert "felaktigt utbetalt" not in page.lower()
