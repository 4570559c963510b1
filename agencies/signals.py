"""Sign-in events written to the access log: sign-in, failed sign-in, lockout and sign-out.

A failed attempt keeps the username that was typed, whether or not such a user exists: the
row is the same either way, so the log itself never tells whether an account exists.
The password is never passed on.
"""

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from . import audit
from .models import AccessAction, User


def on_logged_in(sender, request, user, **kwargs):
    audit.record(AccessAction.LOGIN, request=request, user=user)


def on_logged_out(sender, request, user, **kwargs):
    # Signing out without a session (an expired one) has nobody to log.
    if user is not None and user.is_authenticated:
        audit.record(AccessAction.LOGOUT, request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get(User.USERNAME_FIELD, credentials.get("username", ""))
    # Anonymous on purpose: the row must not depend on who, if anyone, is signed in.
    # `record` cuts the typed text to the column and drops control characters.
    audit.record(AccessAction.LOGIN_FAILED, request=request, user=AnonymousUser(), username=username)


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    audit.record(AccessAction.LOCKOUT, request=request, user=AnonymousUser(), username=username or "")


def connect():
    user_logged_in.connect(on_logged_in, dispatch_uid="los_access_log_login")
    user_logged_out.connect(on_logged_out, dispatch_uid="los_access_log_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="los_access_log_login_failed")
    # django-axes raises the lockout; its signals module needs its models, so it is imported
    # only when the app is installed.
    if apps.is_installed("axes"):
        from axes.signals import user_locked_out

        user_locked_out.connect(on_locked_out, dispatch_uid="los_access_log_lockout")
