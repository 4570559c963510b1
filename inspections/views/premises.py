"""The premises register, for coordinators: the list with its filters, the premises page, and
creating and editing premises.

To anyone who coordinates no collaboration these routes do not exist (404); premises of a
collaboration the user does not coordinate are not found either.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agencies import permissions

from .. import selectors_premises as selectors
from .. import services_premises as services
from ..forms_premises import PremisesFilterForm, PremisesForm
from ..models import Premises
from ._forms import add_service_errors, posted

PAGE_SIZE = 50


def coordinated_premises(user):
    """The premises of the collaborations the user coordinates; 404 for anyone else."""
    if not permissions.planning_collaboration_ids(user):
        raise Http404
    return permissions.scope_by_collaboration(Premises.objects.all(), user, permissions.PLANNING_ROLES)


def get_premises(user, pk):
    """One premises of a collaboration the user coordinates, or 404."""
    queryset = Premises.objects.select_related("business", "collaboration")
    return permissions.get_in_collaboration(queryset, user, pk, roles=permissions.PLANNING_ROLES)


@login_required
@require_GET
def premises_list(request):
    premises = coordinated_premises(request.user)
    form = PremisesFilterForm(request.GET)
    page = None
    if form.is_valid():
        rows = selectors.premises_register(premises, **form.filters())
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("sida"))
    template = "inspections/premises_results.html" if request.htmx else "inspections/premises_list.html"
    response = render(request, template, {"form": form, "page": page}, status=200 if page is not None else 400)
    # The same address answers with the whole page or only the results.
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def premises_detail(request, pk):
    premises = get_premises(request.user, pk)
    context = {
        "premises": premises,
        "visits": selectors.premises_visits(premises),
        "signals": selectors.premises_signals(premises),
        "finding_counts": selectors.premises_finding_counts(premises),
        "findings_url": f"{reverse('finding_list')}?{urlencode({'lokal': premises.pk})}",
    }
    return render(request, "inspections/premises_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def premises_create(request):
    coordinated_premises(request.user)
    form = PremisesForm(posted(request), collaboration_ids=permissions.planning_collaboration_ids(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            premises = services.premises_create(
                collaboration=form.chosen_collaboration(), by=request.user, **form.premises_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The premises %(name)s are registered.") % {"name": premises.name})
            return redirect("premises_detail", pk=premises.pk)
    context = {"form": form, "title": _("Register premises")}
    return render(request, "inspections/premises_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def premises_edit(request, pk):
    premises = get_premises(request.user, pk)
    form = PremisesForm(posted(request), initial=PremisesForm.initial_for(premises))
    if request.method == "POST" and form.is_valid():
        try:
            premises = services.premises_update(premises=premises, by=request.user, **form.premises_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("premises_detail", pk=premises.pk)
    context = {"form": form, "premises": premises, "title": _("Change premises")}
    return render(request, "inspections/premises_form.html", context, status=400 if form.errors else 200)


# The fields checked as the coordinator leaves them; each check reads only the typed value.
CHECKED_FIELDS = ("name", "address", "postal_code", "city", "org_number")


@login_required
@require_POST
def premises_check_field(request):
    """Inline validation: the form's field, re-rendered with its message, as the coordinator
    leaves it. Nothing is saved and nothing is looked up, so it tells no more than the field's
    own rules (a Luhn check, a postal code's shape)."""
    coordinated_premises(request.user)
    name = request.POST.get("_field", "")
    if name not in CHECKED_FIELDS:
        raise Http404
    form = PremisesForm(request.POST, collaboration_ids=permissions.planning_collaboration_ids(request.user))
    form.is_valid()  # the form's own rules only: no service runs, nothing is written
    return render(request, "inspections/_checked_field.html", {"field": form[name]})
