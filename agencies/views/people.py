"""The agency admin's screens: who works for their agency in each collaboration, adding people,
ending and restoring roles, and the page where a new person chooses a password.

To anyone who administers no agency these routes do not exist (404), whatever the method.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import permissions, selectors, services
from ..forms_people import ExistingPersonForm, NewPersonForm


def agency_admin_required(view):
    """Sign-in first; then 404 for anyone who administers no agency, before any method check,
    so the screens do not reveal themselves."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not permissions.administered_agency_scopes(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _membership_or_404(request, pk):
    # A refusal here is written to the access log by the middleware that logs every 404 on a
    # route naming an object.
    membership = selectors.administered_membership(user=request.user, pk=pk)
    if membership is None:
        raise Http404
    return membership


@agency_admin_required
@require_http_methods(["GET", "HEAD"])
def people(request):
    """The people of each administered agency, per collaboration, with their roles."""
    sections = selectors.people_overview(request.user)
    return render(request, "agencies/people.html", {"sections": sections})


@agency_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def people_add_existing(request):
    """Give a role to someone who already works for the agency in LOS."""
    form = ExistingPersonForm(request.POST or None, admin=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                by=request.user,
                collaboration=form.cleaned_data["collaboration"],
                agency=form.cleaned_data["agency"],
                role=form.cleaned_data["role"],
                user=form.cleaned_data["user"],
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _added_message(membership))
            return redirect("people")
    context = {
        "form": form,
        "title": _("Add a colleague who already uses LOS"),
        "intro": _("For someone who already has a role for your agency, in this or another collaboration."),
    }
    return render(request, "agencies/people_add.html", context, status=400 if form.errors else 200)


@never_cache
@agency_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def people_add_new(request):
    """Create an account for a new person; the admin is shown a one-time link for them."""
    form = NewPersonForm(request.POST or None, admin=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.membership_add(
                by=request.user,
                collaboration=form.cleaned_data["collaboration"],
                agency=form.cleaned_data["agency"],
                role=form.cleaned_data["role"],
                new_user=form.new_user_data(),
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # Shown once, on this answer only: the page is not cached and the link not stored.
            context = {
                "membership": membership,
                "link": request.build_absolute_uri(selectors.set_password_path(membership.user)),
                "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            }
            return render(request, "agencies/people_added.html", context)
    context = {
        "form": form,
        "title": _("Add a new person"),
        "intro": _("An account is created, and you get a link with which the person chooses a password."),
    }
    return render(request, "agencies/people_add.html", context, status=400 if form.errors else 200)


@agency_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def people_deactivate(request, pk):
    """Ask for confirmation, then end the role."""
    membership = _membership_or_404(request, pk)
    if request.method == "POST":
        try:
            services.membership_deactivate(by=request.user, membership=membership, request=request)
        except ValidationError as exc:
            context = {"membership": membership, "errors": exc.messages}
            return render(request, "agencies/people_deactivate.html", context, status=400)
        messages.success(request, _("%(person)s no longer has the role %(role)s.") % _names(membership))
        return redirect("people")
    context = {"membership": membership, "refused": selectors.is_own_last_admin_membership(request.user, membership)}
    return render(request, "agencies/people_deactivate.html", context)


@agency_admin_required
@require_POST
def people_reactivate(request, pk):
    membership = _membership_or_404(request, pk)
    services.membership_reactivate(by=request.user, membership=membership, request=request)
    messages.success(request, _("%(person)s has the role %(role)s again.") % _names(membership))
    return redirect("people")


def _names(membership):
    return {"person": membership.user, "role": membership.get_role_display().lower()}


def _added_message(membership):
    return _("%(person)s now has the role %(role)s for %(agency)s in %(collaboration)s.") % {
        **_names(membership),
        "agency": membership.agency,
        "collaboration": membership.collaboration,
    }


# The new person's own pages: reached through the one-time link, so open without signing in.
# Signing in afterwards goes through the ordinary sign-in page (lockout, two-factor).
set_password = auth_views.PasswordResetConfirmView.as_view(
    template_name="agencies/people_set_password.html",
    success_url=reverse_lazy("people_password_done"),
    post_reset_login=False,
)
password_done = auth_views.PasswordResetCompleteView.as_view(template_name="agencies/people_password_done.html")
