"""Signals (händelser): a coordinator records a tip, a police event, a complaint ... on
premises of their collaboration; the premises page lists them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services_premises as services
from ..forms_premises import SignalForm
from ._forms import add_service_errors, posted
from .premises import get_premises


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signal_create(request, pk):
    premises = get_premises(request.user, pk)
    form = SignalForm(posted(request), premises=premises)
    if request.method == "POST" and form.is_valid():
        try:
            services.signal_record(premises=premises, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The signal is recorded."))
            return redirect("premises_detail", pk=premises.pk)
    context = {"form": form, "premises": premises}
    return render(request, "inspections/signal_form.html", context, status=400 if form.errors else 200)
