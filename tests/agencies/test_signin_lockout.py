"""Sign-in lockout (django-axes): five failures for one username from one address lock that
pair out for 15 minutes, and nothing in the answer tells whether the username exists."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

PASSWORD = "korrekt-häst-batteri-häftklammer"
WRONG = "fel-lösenord-123456"
START = datetime.datetime(2025, 3, 10, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.LOS_REQUIRE_2FA = False


@pytest.fixture
def erik_with_password(erik):
    erik.set_password(PASSWORD)
    erik.save()
    return erik


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def error_text(response):
    match = re.search(r'<ul class="error-summary__list">(.*?)</ul>', response.content.decode(), re.S)
    assert match, "no error summary on the page"
    return match.group(1).strip()


def is_signed_in(client):
    return SESSION_KEY in client.session


def test_the_right_password_signs_in(client, erik_with_password):
    response = sign_in(client, "erik", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert is_signed_in(client)


def test_the_sixth_attempt_with_the_right_password_is_refused_after_five_failures(client, erik_with_password):
    statuses = [sign_in(client, "erik", WRONG).status_code for _ in range(5)]

    response = sign_in(client, "erik", PASSWORD)

    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert not is_signed_in(client)
    assert client.get(reverse("home")).status_code == 302


def test_the_lockout_page_is_the_sign_in_page_with_an_error_that_points_to_the_field(client, erik_with_password):
    for _ in range(5):
        response = sign_in(client, "erik", WRONG)

    body = response.content.decode()
    assert 'href="#id_username"' in error_text(response)
    assert 'name="password"' in body
    assert int(response["Retry-After"]) == 15 * 60


def test_the_lockout_is_per_username_and_address(client, erik_with_password, farah):
    for _ in range(5):
        sign_in(client, "erik", WRONG)

    assert sign_in(client, "erik", PASSWORD, REMOTE_ADDR="10.20.30.40").status_code == 302
    client.logout()
    assert sign_in(client, "farah", WRONG).status_code == 200


def test_the_lockout_ends_after_15_minutes(client, erik_with_password):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            sign_in(client, "erik", WRONG)

        traveller.shift(datetime.timedelta(minutes=14))
        assert sign_in(client, "erik", PASSWORD).status_code == 429

        traveller.shift(datetime.timedelta(minutes=1, seconds=1))
        response = sign_in(client, "erik", PASSWORD)

        assert response.status_code == 302
        assert is_signed_in(client)


def test_attempts_during_the_lockout_do_not_prolong_it(client, erik_with_password):
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            sign_in(client, "erik", WRONG)
        traveller.shift(datetime.timedelta(minutes=10))
        assert sign_in(client, "erik", WRONG).status_code == 429

        traveller.shift(datetime.timedelta(minutes=5, seconds=1))
        assert sign_in(client, "erik", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_the_failures(client, erik_with_password):
    for _ in range(4):
        sign_in(client, "erik", WRONG)
    sign_in(client, "erik", PASSWORD)
    client.logout()

    statuses = [sign_in(client, "erik", WRONG).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 200]


def test_unknown_user_and_wrong_password_get_the_same_answer(client, erik_with_password):
    wrong_password = sign_in(client, "erik", WRONG)
    unknown_user = sign_in(client, "nobody-by-this-name", WRONG)

    assert wrong_password.status_code == unknown_user.status_code == 200
    assert error_text(wrong_password) == error_text(unknown_user)


def test_a_deactivated_account_gets_the_same_answer_as_a_wrong_password(client, erik_with_password, farah):
    farah.set_password(PASSWORD)
    farah.is_active = False
    farah.save()

    deactivated = sign_in(client, "farah", PASSWORD)
    wrong_password = sign_in(client, "erik", WRONG)

    assert deactivated.status_code == wrong_password.status_code == 200
    assert error_text(deactivated) == error_text(wrong_password)


def test_unknown_users_are_locked_out_the_same_way_as_real_ones(client, erik_with_password):
    for _ in range(5):
        real = sign_in(client, "erik", WRONG)
        unknown = sign_in(client, "nobody-by-this-name", WRONG)

    assert real.status_code == unknown.status_code == 429
    assert error_text(real) == error_text(unknown)


def test_the_error_summary_links_each_missing_field(client, db):
    response = sign_in(client, "", "")

    errors = error_text(response)
    assert response.status_code == 200
    assert 'href="#id_username"' in errors
    assert 'href="#id_password"' in errors
