"""Signing in and out, the lockout page, two-step verification and the account page."""

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies import otp, services_account
from agencies.forms_account import CodeForm, SignInForm


class SignInView(LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True


def locked_out(request, original_response=None, credentials=None):
    """The sign-in page with the lockout message, answered with 429 (AXES_LOCKOUT_CALLABLE).

    Unknown usernames are locked out exactly like real ones, so this page tells nothing about
    whether an account exists.
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = math.ceil(cool_off.total_seconds() / 60)
    message = ngettext(
        "Too many failed attempts to sign in. Wait %(minutes)d minute and try again, "
        "or contact your agency administrator.",
        "Too many failed attempts to sign in. Wait %(minutes)d minutes and try again, "
        "or contact your agency administrator.",
        minutes,
    ) % {"minutes": minutes}
    context = {
        "form": SignInForm(request, initial={"username": username}),
        "lockout_message": message,
        "next": _safe_next(request, default=""),
    }
    response = render(request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_enrol(request):
    """Set up an authenticator app: scan the QR code (or type the key), then prove it with a code."""
    if otp.has_confirmed_device(request.user):
        if request.user.is_verified():
            return redirect("account")
        return redirect(_with_next(reverse("two_factor_verify"), request))
    device = services_account.totp_device_pending(user=request.user)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services_account.totp_device_confirm(request=request, device=device, code=form.cleaned_data["code"])
            except ValidationError as exc:
                form.add_error("code", exc)
            else:
                messages.success(
                    request,
                    _("Two-step verification is set up. From now on you enter a code from your app when you sign in."),
                )
                return redirect(_safe_next(request))
        status = 400
    context = {
        "form": form,
        "qr_code": otp.qr_code_svg(device.config_url, title=_("QR code to scan with your authenticator app")),
        "secret": otp.readable_secret(device),
        "next": _safe_next(request, default=""),
    }
    return render(request, "account/two_factor_enrol.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """Enter the code from the authenticator app to finish signing in."""
    if request.user.is_verified():
        return redirect(_safe_next(request))
    if not otp.has_confirmed_device(request.user):
        return redirect(_with_next(reverse("two_factor_enrol"), request))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services_account.session_verify(request=request, code=form.cleaned_data["code"])
            except ValidationError as exc:
                form.add_error("code", exc)
            else:
                return redirect(_safe_next(request))
        status = 400
    context = {"form": form, "next": _safe_next(request, default="")}
    return render(request, "account/two_factor_verify.html", context, status=status)


@login_required
@require_GET
def account(request):
    """The user's own account: whether two-step verification is on for it."""
    device = TOTPDevice.objects.devices_for_user(request.user, confirmed=True).order_by("pk").first()
    context = {
        "device": device,
        "required": settings.LOS_REQUIRE_2FA,
        "verified": request.user.is_verified(),
    }
    return render(request, "account/overview.html", context)


def _safe_next(request, default=None):
    """The `next` page asked for, if it is a page of this site; else the start page."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse(settings.LOGIN_REDIRECT_URL) if default is None else default


def _with_next(url, request):
    next_url = _safe_next(request, default="")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url
