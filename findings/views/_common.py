"""What the findings views share: the finding a change starts from, and the answer to a save
that someone else's newer save overtook."""

from agencies import audit, permissions
from agencies.models import AccessAction
from findings.models import Finding
from findings.versioning import STALE_MESSAGE

# What the forms and pages of a change show around the finding.
_SHOWN_WITH_A_CHANGE = ("agency", "category", "visit__premises", "visit__operation")


def finding_for_change(request, pk):
    """The finding, for its owning agency's inspectors: 404 if the user may not know of it, 403
    if they may not change it."""
    findings = Finding.objects.select_related(*_SHOWN_WITH_A_CHANGE)
    return permissions.get_finding_for_change(findings, request.user, pk)


def conflict_form(request, pk, make_form):
    """After a version conflict (409): the finding as it is now, and a form built by
    `make_form(data, finding)` that keeps the person's input with the current version, so a
    second save after checking goes through. The page shows the finding anew: a read, logged."""
    current = finding_for_change(request, pk)
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = make_form(data, current)
    form.is_valid()
    form.add_error(None, STALE_MESSAGE)
    audit.record(AccessAction.VIEW, request=request, obj=current)
    return current, form
