"""Two-step verification before anything else: a signed-in user who has not entered a code
from their authenticator app in this session reaches only the pages that let them do so."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_htmx.http import HttpResponseClientRedirect

from . import otp


class TwoFactorRequiredMiddleware:
    """Sends an unverified user to set up an app (no confirmed device yet) or to enter a code.

    Installed after OTPMiddleware, which provides `user.is_verified()`. Covers every URL,
    the admin site included, except the way out and the way through.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The exempt paths first: /healthz must answer without touching the session (and so the
        # database) when the database is down.
        if self._is_exempt(request.path):
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and not user.is_verified():
            has_device = otp.has_confirmed_device(user)
            # Required for all when LOS_REQUIRE_2FA is on; for anyone who set up an app anyway.
            if settings.LOS_REQUIRE_2FA or has_device:
                return self._send_to_verification(request, has_device)
        return self.get_response(request)

    @staticmethod
    def _is_exempt(path):
        exempt = {
            reverse("logout"),
            reverse("two_factor_verify"),
            reverse("two_factor_enrol"),
            reverse("healthz"),
            reverse("set_language"),
        }
        return path in exempt or path.startswith(settings.STATIC_URL)

    @staticmethod
    def _send_to_verification(request, has_device):
        url = reverse("two_factor_verify" if has_device else "two_factor_enrol")
        # Come back to the page asked for, but never replay a form post after the detour.
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)
