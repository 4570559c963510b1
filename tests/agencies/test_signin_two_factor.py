"""Two-step verification (TOTP): with LOS_REQUIRE_2FA on, nobody signed in reaches anything
but the way out and the way through without a code from their authenticator app."""

import datetime
import re
import time
from base64 import b32encode
from urllib.parse import urlencode

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import AccessAction, AccessLogEntry

START = datetime.datetime(2025, 3, 10, 8, 0, 5, tzinfo=datetime.UTC)
ENROL = "/konto/tvastegs/ny/"
VERIFY = "/konto/tvastegs/"


@pytest.fixture
def client(client):
    # Messages are asserted in the source language.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def required(settings):
    settings.LOS_REQUIRE_2FA = True


@pytest.fixture
def not_required(settings):
    settings.LOS_REQUIRE_2FA = False


@pytest.fixture
def eriks_app(erik):
    return TOTPDevice.objects.create(user=erik, name="Authenticator app", confirmed=True)


def code_now(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def a_wrong_code(device):
    """A code that is none of the ones the device accepts now (it allows one step either way)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    accepted = {totp.token()}
    for offset in (-1, 1):
        totp.time = time.time() + offset * device.step
        accepted.add(totp.token())
    return next(f"{n:06d}" for n in range(123456, 10**6) if n not in accepted)


def test_the_urls_are_the_agreed_ones():
    assert reverse("two_factor_enrol") == ENROL
    assert reverse("two_factor_verify") == VERIFY


def test_a_user_without_an_app_is_sent_to_enrolment(client, erik, required):
    client.force_login(erik)

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{ENROL}?{urlencode({'next': '/'})}"


def test_signing_in_with_a_password_leads_on_to_enrolment(client, erik, required):
    erik.set_password("korrekt-häst-batteri-häftklammer")
    erik.save()

    response = client.post(
        reverse("login"), {"username": "erik", "password": "korrekt-häst-batteri-häftklammer"}, follow=True
    )

    assert response.redirect_chain[-1][0].startswith(ENROL)
    assert response.status_code == 200


def test_enrolment_shows_a_qr_code_drawn_on_the_server_and_the_key_as_text(client, erik, required):
    client.force_login(erik)

    response = client.get(ENROL)

    body = response.content.decode()
    device = TOTPDevice.objects.get(user=erik)
    assert response.status_code == 200
    assert not device.confirmed
    assert "<svg" in body and '<title id="qr-code-title">' in body
    assert "<script" not in body.split("<main", 1)[1]
    shown_key = re.search(r"<code[^>]*>([A-Z2-7 ]+)</code>", body).group(1)
    assert shown_key.replace(" ", "") == b32encode(device.bin_key).decode().rstrip("=")
    assert 'autocomplete="one-time-code"' in body
    assert 'inputmode="numeric"' in body
    assert '<label for="id_code">' in body


def test_reloading_enrolment_keeps_the_same_key(client, erik, required):
    client.force_login(erik)
    client.get(ENROL)
    client.get(ENROL)

    assert TOTPDevice.objects.filter(user=erik).count() == 1


def test_a_correct_code_confirms_the_app_and_reaches_the_start_page(client, erik, required):
    client.force_login(erik)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=erik)

    response = client.post(ENROL, {"code": code_now(device), "next": "/"}, follow=True)

    device.refresh_from_db()
    assert device.confirmed
    assert response.redirect_chain == [("/", 302)]
    assert response.status_code == 200
    assert response.templates[0].name == "home.html"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, object_type="otp_totp.totpdevice", object_id=str(device.pk)
    ).exists()


def test_a_wrong_code_at_enrolment_is_refused_with_400_and_nothing_changes(client, erik, required):
    client.force_login(erik)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=erik)

    response = client.post(ENROL, {"code": a_wrong_code(device)})

    body = response.content.decode()
    device.refresh_from_db()
    assert response.status_code == 400
    assert 'class="field-error" id="id_code_error"' in body
    assert 'href="#id_code"' in body
    assert "The code is wrong or has expired" in body
    assert not device.confirmed
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("home")).url.startswith(ENROL)


def test_a_code_that_is_not_six_digits_is_refused_with_400(client, erik, required):
    client.force_login(erik)
    client.get(ENROL)

    response = client.post(ENROL, {"code": "12ab"})

    assert response.status_code == 400
    assert "Enter the 6 digits your authenticator app shows." in response.content.decode()


def test_a_user_with_an_app_is_asked_for_a_code_and_then_reaches_the_page(client, erik, eriks_app, required):
    client.force_login(erik)

    asked = client.get(reverse("account"))
    answered = client.post(VERIFY, {"code": code_now(eriks_app), "next": reverse("account")})

    assert asked.status_code == 302
    assert asked.url == f"{VERIFY}?{urlencode({'next': reverse('account')})}"
    assert answered.status_code == 302
    assert answered.url == reverse("account")
    assert client.get(reverse("account")).status_code == 200


def test_a_wrong_code_at_sign_in_is_refused_with_400_and_logged(client, erik, eriks_app, required):
    client.force_login(erik)

    response = client.post(VERIFY, {"code": a_wrong_code(eriks_app)})

    assert response.status_code == 400
    assert "The code is wrong or has expired" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    assert AccessLogEntry.objects.filter(action=AccessAction.LOGIN_FAILED, user_id=erik.pk).exists()


def test_wrong_codes_slow_down_the_next_try(client, erik, eriks_app, required):
    client.force_login(erik)
    with time_machine.travel(START, tick=False) as traveller:
        client.post(VERIFY, {"code": a_wrong_code(eriks_app)})

        too_soon = client.post(VERIFY, {"code": code_now(eriks_app)})
        traveller.shift(datetime.timedelta(seconds=2))
        in_time = client.post(VERIFY, {"code": code_now(eriks_app)})

    assert too_soon.status_code == 400
    assert "Too many wrong codes" in too_soon.content.decode()
    assert in_time.status_code == 302


def test_verifying_gives_the_session_a_new_key(client, erik, eriks_app, required):
    client.force_login(erik)
    key_before = client.session.session_key

    client.post(VERIFY, {"code": code_now(eriks_app)})

    assert client.cookies["sessionid"].value != key_before
    assert not Session.objects.filter(session_key=key_before).exists()


def test_the_admin_site_needs_verification_too(client, erik, required):
    erik.is_staff = erik.is_superuser = True
    erik.save()
    client.force_login(erik)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.url.startswith(ENROL)


@pytest.mark.parametrize("path", ["/healthz", "/static/css/los.css"])
def test_health_and_static_files_need_no_verification(client, erik, required, path):
    client.force_login(erik)

    assert client.get(path).status_code != 302


def test_signing_out_needs_no_verification(client, erik, required):
    client.force_login(erik)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.get(reverse("home")).url.startswith(reverse("login"))


def test_the_language_can_be_changed_before_verification(client, erik, required):
    client.force_login(erik)

    response = client.post(reverse("set_language"), {"language": "sv", "next": ENROL})

    assert response.status_code == 302
    assert response.url == ENROL


def test_htmx_requests_are_sent_on_with_a_client_side_redirect(client, erik, required):
    client.force_login(erik)

    response = client.get(reverse("home"), headers={"HX-Request": "true"})

    assert response["HX-Redirect"].startswith(ENROL)


def test_without_the_requirement_there_is_no_detour(client, erik, not_required):
    client.force_login(erik)

    assert client.get(reverse("home")).status_code == 200


def test_a_user_who_set_up_an_app_is_asked_for_it_even_when_not_required(client, erik, eriks_app, not_required):
    client.force_login(erik)

    assert client.get(reverse("home")).url.startswith(VERIFY)


def test_the_account_page_says_whether_two_step_verification_is_on(client, erik, not_required):
    client.force_login(erik)

    before = client.get(reverse("account")).content.decode()
    device = TOTPDevice.objects.create(user=erik, name="Authenticator app", confirmed=True)
    client.post(VERIFY, {"code": code_now(device)})
    after = client.get(reverse("account")).content.decode()

    assert "Off: no authenticator app is set up." in before
    assert f'href="{ENROL}"' in before
    assert "On: an authenticator app was set up on" in after
    assert "Verified with a code from your app." in after


def test_enrolment_is_closed_once_an_app_is_confirmed(client, erik, eriks_app, required):
    client.force_login(erik)
    client.post(VERIFY, {"code": code_now(eriks_app)})

    response = client.get(ENROL)

    assert response.status_code == 302
    assert response.url == reverse("account")
    assert TOTPDevice.objects.filter(user=erik).count() == 1


def test_next_must_be_a_page_of_this_site(client, erik, eriks_app, required):
    client.force_login(erik)

    response = client.post(VERIFY, {"code": code_now(eriks_app), "next": "https://evil.example/"})

    assert response.url == reverse("home")
