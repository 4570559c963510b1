"""The briefing sheet of an operation, as a page and as a PDF, for the operation's readers."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from agencies import audit, permissions
from agencies.models import AccessAction
from inspections.models import Operation

from ..briefing import briefing_for
from ..rendering import render_pdf


def _briefing(request, pk):
    operation = permissions.get_operation(Operation.objects.select_related("collaboration"), request.user, pk)
    return {
        "briefing": briefing_for(operation, request.user),
        "operation": operation,
        "printed_at": timezone.now(),
        "reader": request.user,
    }


@login_required
@require_GET
@never_cache
def briefing_sheet(request, pk):
    context = _briefing(request, pk)
    # Every finding whose details the sheet shows is a read, as on its own page.
    audit.record_finding_reads(AccessAction.VIEW, request=request, findings=context["briefing"].findings_shown())
    return render(request, "reports/briefing.html", context)


@login_required
@require_GET
def briefing_pdf(request, pk):
    context = _briefing(request, pk)
    operation = context["operation"]
    title = _("Briefing sheet: %(name)s") % {"name": operation.name}
    language = get_language() or "sv"
    html = render_to_string("reports/briefing_pdf.html", {**context, "title": title, "language": language})
    pdf = render_pdf(html, title=title, lang=language)
    # What left the system, and for whom: the sheet shows what the reader's agency may read.
    audit.record(AccessAction.EXPORT, request=request, obj=operation)
    audit.record_finding_reads(AccessAction.EXPORT, request=request, findings=context["briefing"].findings_shown())
    response = HttpResponse(pdf, content_type="application/pdf")
    # The pk alone: an operation's name may hold any characters, a header may not.
    response["Content-Disposition"] = f'attachment; filename="genomgang-insats-{operation.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response
