"""Which findings count as still open, for planning (filters and the risk ranking).

Findings sit one floor up, so planning reaches them through the reverse relation
premises → visits → findings and names the statuses here; a test keeps this list equal to
the findings app's own (`findings.models.OPEN_STATUSES`).
"""

from django.db.models import Exists, OuterRef

OPEN_FINDING_STATUSES = ("open", "action_taken", "follow_up_due", "not_corrected", "escalated")


def has_open_findings(premises_ref="pk"):
    """An Exists() expression: the premises has at least one open finding, of any agency.

    That a finding exists (agency, category, count) is known to every case role of the
    collaboration; its details are not, so nothing here reads them.
    """
    from .models import Visit

    return Exists(Visit.objects.filter(premises=OuterRef(premises_ref), findings__status__in=OPEN_FINDING_STATUSES))
