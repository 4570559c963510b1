"""Changes to accounts: deactivation, and setting up and passing two-step verification."""

import math
from importlib import import_module

import django_otp
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .models import AccessAction

_AUTH_USER_ID = "_auth_user_id"  # django.contrib.auth's session key for the signed-in user


def user_deactivate(*, user, by):
    """Deactivates `user` and ends every session they have open; logged as a change by `by`.

    Django already refuses an inactive user on their next request; deleting the sessions
    also drops what they held (a passed verification, a half-filled form) at once.
    """
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        _end_sessions(user)
        audit.record(AccessAction.CHANGE, user=by, obj=user)


def user_two_factor_reset(*, user, by):
    """Removes the user's authenticator apps (a lost or replaced phone) and ends their sessions;
    at the next sign-in they set up an app again. Logged as deletions by `by`."""
    with transaction.atomic():
        for device in TOTPDevice.objects.devices_for_user(user):
            audit.record(AccessAction.DELETE, user=by, obj=device)
            device.delete()
        _end_sessions(user)


def _end_sessions(user):
    # Through the session engine, so a cached copy goes too (cached_db keeps one).
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for session_key in _live_session_keys(user):
        store.delete(session_key)


def _live_session_keys(user):
    # The session table has no user column, so each live row is decoded and compared. With a
    # few hundred officials signed in at most, that is a short scan done only on deactivation.
    # (It needs a database-backed engine, db or cached_db, as configured.)
    user_id = str(user.pk)
    live = Session.objects.filter(expire_date__gt=timezone.now()).only("session_key", "session_data")
    return [s.session_key for s in live.iterator() if str(s.get_decoded().get(_AUTH_USER_ID)) == user_id]


def totp_device_pending(*, user):
    """The authenticator app the user is setting up: an unconfirmed device, made on first use,
    so reloading the page shows the same QR code."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_device_confirm(*, request, device, code):
    """Confirms the device being set up once `code` from it is right, and counts this session
    as verified. Raises ValidationError when the code is wrong; nothing else changes then."""
    _check_code(request, device, code)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.devices_for_user(device.user, confirmed=False).delete()
    audit.record(AccessAction.CREATE, request=request, obj=device)
    _mark_verified(request, device)


def session_verify(*, request, code):
    """Counts this session as verified when `code` comes from one of the user's confirmed
    apps. Raises ValidationError otherwise."""
    devices = list(TOTPDevice.objects.devices_for_user(request.user, confirmed=True).order_by("pk"))
    if not devices:
        raise ValidationError(_("Set up an authenticator app first."), code="no_device")
    error = None
    for device in devices:
        try:
            _check_code(request, device, code)
        except ValidationError as exc:
            error = error or exc
        else:
            _mark_verified(request, device)
            return device
    raise error


def _check_code(request, device, code):
    # Every check runs in its own transaction (django_otp.verify_token) and the error is
    # raised only after it committed, so a wrong code always counts towards the throttle.
    allowed, details = device.verify_is_allowed()
    if not allowed:
        wait = max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))
        raise ValidationError(
            ngettext(
                "Too many wrong codes. Wait %(seconds)d second and try again.",
                "Too many wrong codes. Wait %(seconds)d seconds and try again.",
                wait,
            )
            % {"seconds": wait},
            code="throttled",
        )
    if django_otp.verify_token(request.user, device.persistent_id, code) is None:
        audit.record(AccessAction.LOGIN_FAILED, request=request, obj=device)
        raise ValidationError(
            _("The code is wrong or has expired. Enter the code your app shows now."), code="wrong_code"
        )


def _mark_verified(request, device):
    device.refresh_from_db()
    django_otp.login(request, device)
    # A new session key for the more trusted session, as at sign-in.
    request.session.cycle_key()
