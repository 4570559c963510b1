"""Changes to a finding's money ledger. Keyword-only, one transaction each, logged.

An entry is never edited or removed: a correction is a new entry that supersedes the one it
corrects, so a figure already published can be traced back. The rules live here and are
checked here even when a form checked them first; the database backs the rest (bounds, one
correction per entry, no UPDATE or DELETE on PostgreSQL).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies import audit, permissions
from agencies.models import AccessAction

from . import rules
from .models import MAX_AMOUNT, MIN_AMOUNT, EntryStatus, PaymentEntry

AMOUNT_OUT_OF_BOUNDS = gettext_lazy("The amount must be more than 0 kr and at most 100 000 000 kr.")
ALREADY_CORRECTED = gettext_lazy("This entry has already been corrected; correct the newest entry.")
OTHER_FINDING = gettext_lazy("An entry can only correct an entry of the same finding.")


class AlreadyCorrected(ValidationError):
    """The entry has a correction already (perhaps saved a moment ago by someone else)."""

    def __init__(self):
        super().__init__({"supersedes": ValidationError(ALREADY_CORRECTED, code="already_corrected")})


# --- Rules shared with the form ----------------------------------------------------------


def entry_rule_errors(*, finding, amount, status, decision_date):
    """{field: [messages]} for an entry's amount, status and decision date on `finding`."""
    errors = {}
    if amount is not None and not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        errors["amount"] = [AMOUNT_OUT_OF_BOUNDS]
    if decision_date is not None:
        if decision_date > timezone.localdate():
            errors["decision_date"] = [_("The decision date cannot be in the future.")]
        elif rules.is_before_visit_day(finding.visit, decision_date):
            # A decision about what was found cannot come before it was found.
            day = date_format(rules.visit_day(finding.visit))
            errors["decision_date"] = [_("The decision date cannot be before the visit (%(day)s).") % {"day": day}]
    elif status == EntryStatus.DECIDED:
        errors["decision_date"] = [_("A decided amount needs its decision date.")]
    return errors


def _full_clean(entry, errors):
    """The model's own checks with the rules' errors, all at once, each message once.

    Fields a rule already refused are left out of the model's checks, which would say the
    same in other words. So is `supersedes`: one correction per entry is the service's rule,
    told in its own words, and backed by the unique constraint at the INSERT.
    """
    try:
        entry.full_clean(exclude=[*errors, "supersedes"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if field not in errors:
                errors[field] = messages
    if errors:
        raise ValidationError(errors)


def _check_may_change(by, finding):
    if not permissions.may_change_finding(by, finding):
        raise PermissionDenied


def _is_corrected(entry):
    return PaymentEntry.objects.filter(supersedes_id=entry.pk).exists()


def _new_entry(*, finding, by, kind, support_kind, amount, status, decision_date, supersedes=None):
    """An unsaved entry on `finding`, checked by the model and the ledger's rules together."""
    entry = PaymentEntry(
        finding=finding,
        kind=kind,
        support_kind=support_kind,
        amount=amount,
        status=status,
        decision_date=decision_date,
        supersedes=supersedes,
        created_by=by,
    )
    _full_clean(entry, entry_rule_errors(finding=finding, amount=amount, status=status, decision_date=decision_date))
    return entry


def _log_created(entry, *, by, request):
    # The row names the new entry; the finding's agency and collaboration let its admin see it.
    finding = entry.finding
    audit.record(
        AccessAction.CREATE,
        request=request,
        user=by,
        obj=entry,
        object_agency_id=finding.agency_id,
        collaboration_id=finding.collaboration_id,
    )


# --- Entries -----------------------------------------------------------------------------


@transaction.atomic
def ledger_entry_add(*, finding, by, kind, support_kind, amount, status, decision_date=None, request=None):
    """Record an amount tied to the finding."""
    _check_may_change(by, finding)
    entry = _new_entry(
        finding=finding,
        by=by,
        kind=kind,
        support_kind=support_kind,
        amount=amount,
        status=status,
        decision_date=decision_date,
    )
    entry.save(force_insert=True)
    permissions.ensure_still_readable(by, finding)
    _log_created(entry, by=by, request=request)
    return entry


@transaction.atomic
def ledger_entry_correct(
    *, entry, by, kind, support_kind, amount, status, decision_date=None, finding=None, request=None
):
    """Correct `entry` with a new entry that supersedes it; `entry` itself stays as it was.

    `finding`, when given, is the finding the correction is made on and must be the entry's.
    Only the newest entry of a chain can be corrected: of two people correcting the same entry
    at once, the first wins and the second is told to correct the newest entry.
    """
    _check_may_change(by, entry.finding)
    # Held to the end of the transaction: a second correction of the same entry waits here
    # and then finds the first one.
    locked = PaymentEntry.objects.select_for_update(of=("self",)).select_related("finding__visit").get(pk=entry.pk)
    if finding is not None and finding.pk != locked.finding_id:
        raise ValidationError({"supersedes": OTHER_FINDING})
    if _is_corrected(locked):
        raise AlreadyCorrected()
    finding = locked.finding
    correction = _new_entry(
        finding=finding,
        by=by,
        kind=kind,
        support_kind=support_kind,
        amount=amount,
        status=status,
        decision_date=decision_date,
        supersedes=locked,
    )
    try:
        with transaction.atomic():
            correction.save(force_insert=True)
    except IntegrityError:
        # The unique `supersedes` caught a correction the lock did not keep out (a caller
        # that did not lock). Anything else is not ours to explain.
        if not _is_corrected(locked):
            raise
        raise AlreadyCorrected() from None
    permissions.ensure_still_readable(by, finding)
    _log_created(correction, by=by, request=request)
    return correction
