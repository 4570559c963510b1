"""Signing in, failing to, being locked out and signing out each leave a row with the address."""

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from agencies.models import AccessAction, AccessLogEntry

PASSWORD = "korrekt-hast-batteri-17"
WRONG_PASSWORD = "fel-losenord-som-inte-far-sparas"
ADDRESS = "192.0.2.10"


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    # The production hasher is slow on purpose; these tests only need a password to match.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def erik_with_password(erik):
    erik.set_password(PASSWORD)
    erik.save()
    return erik


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ADDRESS)


def _rows(action):
    return list(AccessLogEntry.objects.filter(action=action).order_by("id"))


def test_signing_in_writes_a_row_with_the_user_and_address(client, erik_with_password):
    _sign_in(client, "erik", PASSWORD)
    [row] = _rows(AccessAction.LOGIN)
    assert (row.user_id, row.username, row.ip_address) == (erik_with_password.pk, "erik", ADDRESS)


def test_a_failed_sign_in_writes_the_same_row_whether_or_not_the_user_exists(client, erik_with_password):
    _sign_in(client, "erik", WRONG_PASSWORD)
    _sign_in(client, "nobody", WRONG_PASSWORD)
    known, unknown = _rows(AccessAction.LOGIN_FAILED)
    assert (known.username, unknown.username) == ("erik", "nobody")

    def without_name(row):
        return (
            row.user_id,
            row.agency_id,
            row.collaboration_id,
            row.object_type,
            row.object_id,
            row.object_agency_id,
            row.ip_address,
            row.status_code,
        )

    assert without_name(known) == without_name(unknown) == (None, None, None, "", "", None, ADDRESS, None)
    assert not _rows(AccessAction.LOGIN)


def test_a_failed_sign_in_never_stores_the_password(client, erik_with_password):
    _sign_in(client, "erik", WRONG_PASSWORD)
    stored = AccessLogEntry.objects.values_list()
    assert stored
    assert not any(WRONG_PASSWORD in str(value) for row in stored for value in row)


def test_the_typed_username_is_cut_to_the_column(client, db):
    # Longer than the column, short enough for the lockout counter's own column.
    _sign_in(client, "x" * 200, WRONG_PASSWORD)
    [row] = _rows(AccessAction.LOGIN_FAILED)
    assert row.username == "x" * 150


def test_signing_out_writes_a_row_with_the_user_and_address(client, erik_with_password):
    client.force_login(erik_with_password)
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)
    [row] = _rows(AccessAction.LOGOUT)
    assert (row.user_id, row.username, row.ip_address) == (erik_with_password.pk, "erik", ADDRESS)


def test_signing_out_without_a_session_writes_nothing(client, db):
    client.post(reverse("logout"), REMOTE_ADDR=ADDRESS)
    assert not _rows(AccessAction.LOGOUT)


@pytest.mark.skipif(
    not apps.is_installed("axes") or not getattr(settings, "AXES_ENABLED", True),
    reason="lockout comes from django-axes",
)
def test_a_lockout_writes_a_row_with_the_typed_username_and_address(client, erik_with_password):
    for _attempt in range(10):
        _sign_in(client, "erik", WRONG_PASSWORD)
        if _rows(AccessAction.LOCKOUT):
            break
    [row] = _rows(AccessAction.LOCKOUT)
    assert (row.user_id, row.username, row.ip_address) == (None, "erik", ADDRESS)
