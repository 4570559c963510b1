"""Matrix rows for the money-ledger routes: adding an amount to a finding and correcting one.

Only the owning agency's inspectors change a finding's ledger: erik the tax finding, farah the
fire finding. The others who know of the finding get 403; outside the collaboration, 404.
An empty POST is a submission and comes back 400 with the form's messages; a complete one
saves and returns to the finding.
"""

from decimal import Decimal

from findings.models import EntryStatus, PaymentEntry, PaymentKind, SupportKind
from tests.matrix.route import Route, finding_changers, finding_pk


def setup(world):
    """One entry on each target's finding, recorded by someone of the owning agency."""
    world.entries = {
        target: PaymentEntry.objects.create(
            finding=finding,
            kind=PaymentKind.WRONGLY_PAID,
            support_kind=SupportKind.WAGE_SUBSIDY,
            amount=Decimal("150000.00"),
            status=EntryStatus.ESTIMATED,
        )
        for target, finding in world.findings.items()
    }


def _entry(w, t):
    return {"pk": w.findings[t].pk, "entry_pk": w.entries[t].pk}


def _complete(w, t):
    return {"kind": "stopped", "support_kind": "sick_pay", "amount": "12 500,50 kr", "status": "estimated"}


ROUTES = {
    "ledger_entry_add": (
        Route(expect=finding_changers(200), kwargs=finding_pk),
        Route(method="post", expect=finding_changers(400), kwargs=finding_pk),
        Route(method="post", expect=finding_changers(302), kwargs=finding_pk, data=_complete),
    ),
    "ledger_entry_correct": (
        Route(expect=finding_changers(200), kwargs=_entry),
        Route(method="post", expect=finding_changers(400), kwargs=_entry),
        Route(method="post", expect=finding_changers(302), kwargs=_entry, data=_complete),
    ),
}
