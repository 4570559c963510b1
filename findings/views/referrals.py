"""Referrals: the section of a finding's detail page, referring a finding to another agency,
and the list of referrals an agency received and sent.

No page here shows a finding's note, action, money or evidence: a referral tells the receiving
agency where to look, and links to the finding only when its owner has released it.
"""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from agencies import permissions
from inspections.views._forms import add_service_errors, messages_of

from .. import selectors_referrals as selectors
from .. import services_referrals as services
from ..forms_referrals import ReferralForm
from ..models import Referral
from ..referrals import referable_agencies, suggestions_among
from ._common import finding_for_change

PAGE_SIZE = 50


@dataclass
class ReferralSection:
    """What the finding's detail page shows of its referrals."""

    may_refer: bool
    referrals: list
    suggestions: list = field(default_factory=list)
    others: list = field(default_factory=list)


def detail_context(request, finding):
    """What the finding's detail page shows of this area: for the owning inspectors the
    suggestions and a choice of every other agency; for every reader the referrals made."""
    may_refer = permissions.may_change_finding(request.user, finding)
    section = ReferralSection(may_refer=may_refer, referrals=list(selectors.referrals_of_finding(finding)))
    if may_refer:
        agencies = list(referable_agencies(finding))
        section.suggestions = suggestions_among(finding, agencies)
        suggested = {suggestion.agency.pk for suggestion in section.suggestions}
        section.others = [agency for agency in agencies if agency.pk not in suggested]
    return {"referral_section": section}


@login_required
@require_POST
def referral_create(request, pk):
    finding = finding_for_change(request, pk)
    form = ReferralForm(request.POST)
    if form.is_valid():
        to_agency = form.cleaned_data["to_agency"]
        try:
            services.referral_create(finding=finding, to_agency=to_agency, by=request.user, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(agency)s has been given a task about this finding. The details stay with your agency.")
                % {"agency": to_agency.name},
            )
            return redirect("finding_detail", pk=finding.pk)
    context = {"finding": finding, "errors": messages_of(form.errors)}
    return render(request, "findings/referral_refused.html", context, status=400)


def _page(request, queryset, parameter):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get(parameter))


def _list_context(request):
    user = request.user
    if not permissions.access_of(user).collaboration_ids(permissions.FINDING_OWNER_ROLES):
        raise Http404
    received = _page(request, selectors.referrals_received(user), "sida")
    sent = _page(request, selectors.referrals_sent(user), "skickade")
    rows = [*received.object_list, *sent.object_list]
    handleable = {referral.pk for referral in received.object_list if permissions.may_handle_referral(user, referral)}
    return {
        "received": received,
        "sent": sent,
        "readable": selectors.readable_finding_ids(user, rows),
        "handleable": handleable,
    }


@login_required
@require_GET
def referral_list(request):
    return render(request, "findings/referral_list.html", _list_context(request))


@login_required
@require_POST
def referral_handle(request, pk):
    referral = permissions.get_referral(Referral.objects.select_related("to_agency"), request.user, pk)
    if not permissions.may_handle_referral(request.user, referral):
        raise PermissionDenied
    try:
        services.referral_handle(referral=referral, by=request.user, request=request)
    except ValidationError as exc:
        context = {**_list_context(request), "errors": exc.messages}
        return render(request, "findings/referral_list.html", context, status=400)
    messages.success(request, _("The referral is marked as handled."))
    return redirect("referral_list")
