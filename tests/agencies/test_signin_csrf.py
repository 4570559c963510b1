"""Every sign-in POST needs the CSRF token: without it 403, with it the form is handled."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "korrekt-häst-batteri-häftklammer"


@pytest.fixture
def strict():
    return Client(enforce_csrf_checks=True)


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.LOS_REQUIRE_2FA = True


def with_token(client, path):
    """Loads the page as a browser would and returns the token its form carries."""
    assert client.get(path).status_code == 200
    return client.cookies["csrftoken"].value


def test_the_sign_in_post_needs_the_token(strict, erik):
    erik.set_password(PASSWORD)
    erik.save()
    credentials = {"username": "erik", "password": PASSWORD}

    assert strict.post(reverse("login"), credentials).status_code == 403
    token = with_token(strict, reverse("login"))
    assert strict.post(reverse("login"), {**credentials, "csrfmiddlewaretoken": token}).status_code == 302


@pytest.mark.parametrize("url_name", ["two_factor_enrol", "two_factor_verify"])
def test_the_two_factor_posts_need_the_token(strict, erik, url_name):
    if url_name == "two_factor_verify":
        TOTPDevice.objects.create(user=erik, name="Authenticator app", confirmed=True)
    strict.force_login(erik)
    path = reverse(url_name)

    assert strict.post(path, {"code": "123456"}).status_code == 403
    token = with_token(strict, path)
    assert strict.post(path, {"code": "12", "csrfmiddlewaretoken": token}).status_code == 400


def test_signing_out_needs_the_token(strict, erik):
    strict.force_login(erik)

    assert strict.post(reverse("logout")).status_code == 403
    token = with_token(strict, reverse("two_factor_enrol"))
    assert strict.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
