"""Evidence files of a finding: attaching one, downloading one, and the list on the finding's page.

No URL serves the evidence folder; a file leaves it only through `evidence_download`, after the
same check as the finding's details, and every download is written to the access log.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods
from django.views.defaults import page_not_found

from agencies import audit, permissions
from agencies.models import AccessAction
from findings import services_evidence
from findings.evidence_files import EXTENSIONS, TOO_LARGE
from findings.forms_evidence import EvidenceForm
from findings.models import Evidence
from inspections.views._forms import add_service_errors, posted

from ._common import finding_for_change

# A body this far above the file limit is refused from its Content-Length alone, unread; one
# a little above it is read, so the person gets the message at the field with their form.
REFUSE_BODY_ABOVE = 25 * 1000 * 1000


def detail_context(request, finding):
    """The finding's files, in one query, and whether the user may attach more."""
    files = list(Evidence.objects.filter(finding=finding).select_related("uploaded_by"))
    for file in files:
        file.name_parts = name_parts(file.original_name)
    return {"evidence_files": files, "may_attach_evidence": permissions.may_change_finding(request.user, finding)}


def name_parts(name, longest=24):
    """The file name in pieces, for the template to put a line-break opportunity between them:
    phone file names ("IMG_20250310_...") have no spaces and would widen a phone's page."""
    parts = re.findall(r"[^_.\s]*[_.\s]?", name)
    return [part[i : i + longest] for part in parts if part for i in range(0, len(part), longest)]


# The CSRF check reads the body (the token may be in it), so the view is exempt from the
# middleware and checks the token itself, once the size is known to be reasonable.
@csrf_exempt
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def evidence_add(request, pk):
    finding = finding_for_change(request, pk)
    if request.method == "POST" and _declared_length(request) > REFUSE_BODY_ABOVE:
        context = {"finding": finding, "form": EvidenceForm.refused(TOO_LARGE)}
        # No "Connection: close" here: WSGI leaves hop-by-hop headers to the server, which
        # deals with the body that was not read.
        return render(request, "findings/evidence_form.html", context, status=413)
    return _evidence_form(request, finding)


@csrf_protect
def _evidence_form(request, finding):
    data = posted(request)
    form = EvidenceForm(data, request.FILES if data is not None else None)
    if request.method == "POST" and form.is_valid():
        try:
            services_evidence.evidence_add(
                finding=finding, by=request.user, upload=form.cleaned_data["upload"], request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The file is attached to the finding."))
            return redirect("finding_detail", pk=finding.pk)
    context = {"finding": finding, "form": form}
    return render(request, "findings/evidence_form.html", context, status=400 if form.errors else 200)


def _declared_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@login_required
@require_GET
def evidence_download(request, pk):
    evidence = permissions.get_evidence(Evidence.objects.all(), request.user, pk)
    finding = evidence.finding
    try:
        handle = storages["evidence"].open(evidence.stored_name, "rb")
    except FileNotFoundError:
        # The row outlived its file (a restore, a disk fault): nothing to serve, and no
        # refusal to log either, so the plain "not found" page.
        return page_not_found(request, Http404())
    audit.record(
        AccessAction.DOWNLOAD,
        request=request,
        obj=evidence,
        object_agency_id=finding.agency_id,
        collaboration_id=finding.collaboration_id,
    )
    filename = f"bevis-{finding.pk}-{evidence.pk}{EXTENSIONS.get(evidence.content_type, '')}"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response
