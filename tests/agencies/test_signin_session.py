"""Sessions: a new key at sign-in, 30 minutes of idleness ends them, secure cookies, and a
deactivated user is signed out everywhere."""

import datetime

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import AccessAction, AccessLogEntry
from agencies.services_account import user_deactivate, user_two_factor_reset

PASSWORD = "korrekt-häst-batteri-häftklammer"
START = datetime.datetime(2025, 3, 10, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.LOS_REQUIRE_2FA = False


def signed_in(client):
    return client.get(reverse("home")).status_code == 200


def test_signing_in_gives_the_session_a_new_key(client, erik):
    erik.set_password(PASSWORD)
    erik.save()
    session = client.session
    session["seen_before_sign_in"] = True
    session.save()
    key_before = session.session_key

    response = client.post(reverse("login"), {"username": "erik", "password": PASSWORD})

    assert response.status_code == 302
    key_after = client.cookies["sessionid"].value
    assert key_after != key_before
    assert not Session.objects.filter(session_key=key_before).exists()
    assert client.session[SESSION_KEY] == str(erik.pk)


def test_the_session_cookie_is_http_only_and_secure_in_production(client, erik, settings):
    erik.set_password(PASSWORD)
    erik.save()

    response = client.post(reverse("login"), {"username": "erik", "password": PASSWORD})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["secure"]  # tests run with DEBUG off, as production does


def test_a_session_untouched_for_31_minutes_no_longer_signs_in(client, erik):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(erik)
        assert signed_in(client)

        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_each_request_keeps_the_session_alive_for_another_30_minutes(client, erik):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(erik)
        for _ in range(3):
            traveller.shift(datetime.timedelta(minutes=25))
            assert signed_in(client)


def test_a_deactivated_user_is_anonymous_on_the_next_request(client, erik):
    client.force_login(erik)
    assert signed_in(client)

    erik.is_active = False
    erik.save()

    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_user_deactivate_deletes_every_session_of_the_user_and_no_other(erik, anna):
    on_tablet, on_laptop, annas = Client(), Client(), Client()
    on_tablet.force_login(erik)
    on_laptop.force_login(erik)
    annas.force_login(anna)
    eriks_keys = {on_tablet.session.session_key, on_laptop.session.session_key}

    user_deactivate(user=erik, by=anna)

    erik.refresh_from_db()
    assert not erik.is_active
    assert not Session.objects.filter(session_key__in=eriks_keys).exists()
    assert Session.objects.filter(session_key=annas.session.session_key).exists()
    assert not signed_in(on_tablet)
    assert not signed_in(on_laptop)
    assert signed_in(annas)


def test_user_deactivate_is_written_to_the_access_log(erik, anna):
    user_deactivate(user=erik, by=anna)

    entry = AccessLogEntry.objects.get(action=AccessAction.CHANGE)
    assert (entry.user_id, entry.object_type, entry.object_id) == (anna.pk, "agencies.user", str(erik.pk))


def test_user_two_factor_reset_removes_the_app_and_ends_the_sessions(client, erik, anna, settings):
    settings.LOS_REQUIRE_2FA = True
    TOTPDevice.objects.create(user=erik, name="Authenticator app", confirmed=True)
    client.force_login(erik)
    key = client.session.session_key

    user_two_factor_reset(user=erik, by=anna)

    assert not TOTPDevice.objects.filter(user=erik).exists()
    assert not Session.objects.filter(session_key=key).exists()
    assert AccessLogEntry.objects.filter(action=AccessAction.DELETE, user_id=anna.pk).count() == 1
    erik.refresh_from_db()
    assert erik.is_active
