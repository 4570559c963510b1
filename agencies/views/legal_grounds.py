from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import audit, permissions
from ..forms_legal_grounds import LegalGroundForm
from ..models import AccessAction, Agency, LegalGround


def _administered_agencies(user):
    agency_ids = set().union(*permissions.administered_agency_scopes(user).values())
    if not agency_ids:
        raise Http404
    return Agency.objects.filter(pk__in=sorted(agency_ids))


@login_required
@require_http_methods(["GET", "POST"])
def legal_ground_list(request):
    """The agency admin keeps the list of grounds their agency may release findings on."""
    agencies = _administered_agencies(request.user)
    form = LegalGroundForm(request.POST if request.method == "POST" else None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        ground = form.save()
        audit.record(AccessAction.CREATE, request=request, obj=ground, object_agency_id=ground.agency_id)
        messages.success(request, _("The legal ground is added."))
        return redirect("legal_ground_list")
    grounds = LegalGround.objects.filter(agency__in=agencies).select_related("agency")
    context = {"form": form, "grounds": grounds}
    return render(request, "agencies/legal_grounds.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def legal_ground_toggle(request, pk):
    agencies = _administered_agencies(request.user)
    ground = LegalGround.objects.filter(agency__in=agencies, pk=pk).first()
    if ground is None:
        raise Http404
    ground.is_active = not ground.is_active
    ground.save(update_fields=["is_active"])
    audit.record(AccessAction.CHANGE, request=request, obj=ground, object_agency_id=ground.agency_id)
    return redirect("legal_ground_list")
