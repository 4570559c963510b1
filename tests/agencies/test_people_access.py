"""Who reaches the people screens: only agency admins. To everyone else the routes do not exist.

The routes are read from the URL resolver, so a screen added under /personal/ is covered the
day it is added; the pages of the one-time password link are the only ones open to others.
"""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from agencies.models import Membership

# Reached by the new person through the one-time link; they have their own tests.
OPEN_ROUTES = {"people_set_password", "people_password_done"}


def _people_routes(patterns=None, prefix=""):
    """(url name, the route's parameters) of every route under /personal/."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _people_routes(entry.url_patterns, route)
        elif route.startswith("personal/"):
            yield entry.name, set(entry.pattern.converters)


PEOPLE_ROUTES = dict(_people_routes())
ADMIN_ROUTES = sorted(set(PEOPLE_ROUTES) - OPEN_ROUTES)

pytestmark = pytest.mark.usefixtures("no_second_factor")


@pytest.fixture
def people(sara, anna, erik, farah, petra):
    return {"sara": sara, "anna": anna, "erik": erik, "farah": farah, "petra": petra}


def _url(name, erik):
    """The route's URL, about erik's membership where it takes one: one sara may change."""
    params = PEOPLE_ROUTES[name]
    kwargs = {"pk": Membership.objects.get(user=erik).pk} if "pk" in params else None
    if {"uidb64", "token"} <= params:
        kwargs = {
            "uidb64": urlsafe_base64_encode(force_bytes(erik.pk)),
            "token": default_token_generator.make_token(erik),
        }
    return reverse(name, kwargs=kwargs)


def test_the_routes_are_found():
    assert {"people", "people_add_new", "people_add_existing", "people_deactivate", "people_reactivate"} <= set(
        ADMIN_ROUTES
    )


@pytest.mark.parametrize("name", ADMIN_ROUTES)
@pytest.mark.parametrize("who", ["anna", "erik", "farah", "petra"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_people_who_administer_no_agency_get_404_on_every_route(people, name, who, method):
    client = Client()
    client.force_login(people[who])
    url = _url(name, people["erik"])

    response = getattr(client, method)(url)

    assert response.status_code == 404
    assert Membership.objects.filter(is_active=True).count() == 5
    assert Membership.objects.count() == 5


def test_a_deactivated_admin_gets_404(people, sara):
    Membership.objects.filter(user=sara).update(is_active=False)
    client = Client()
    client.force_login(sara)

    assert client.get(reverse("people")).status_code == 404


@pytest.mark.parametrize("name", ADMIN_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_sign_in(people, name, method):
    url = _url(name, people["erik"])

    response = getattr(Client(), method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Membership.objects.filter(is_active=True).count() == 5


@pytest.mark.parametrize("name", sorted(PEOPLE_ROUTES))
def test_every_post_needs_the_csrf_token(people, name, sara):
    client = Client(enforce_csrf_checks=True)
    client.force_login(sara)
    url = _url(name, people["erik"])

    response = client.post(url)

    assert response.status_code == 403
    assert Membership.objects.filter(is_active=True).count() == 5


def test_the_set_password_form_needs_the_csrf_token(people):
    erik = people["erik"]
    client = Client(enforce_csrf_checks=True)
    form_url = client.get(_url("people_set_password", erik)).url

    response = client.post(form_url, {"new_password1": "tre glada hästar", "new_password2": "tre glada hästar"})

    assert response.status_code == 403
    erik.refresh_from_db()
    assert not erik.has_usable_password()
