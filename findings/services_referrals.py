"""Referrals change here: an owning inspector refers a finding, the receiving agency handles it.

A referral never releases the finding: the receiving agency learns the premises, the visit,
the operation, the referring agency and the category, which every agency of the collaboration
may know already. The details stay with the owner until it releases them.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import audit, permissions
from agencies.models import AccessAction, Agency

from .models import Referral, ReferralStatus


@transaction.atomic
def referral_create(*, finding, to_agency, by, request=None):
    """Give `to_agency` a task about the finding. Only the owning agency's inspectors refer,
    and only to another agency of the finding's collaboration, once per agency."""
    if not permissions.may_change_finding(by, finding):
        raise PermissionDenied
    if to_agency.pk == finding.agency_id:
        raise ValidationError({"to_agency": _("The finding is already your agency's: choose another agency.")})
    if not Agency.objects.filter(pk=to_agency.pk, collaborations=finding.collaboration_id).exists():
        raise ValidationError(
            {"to_agency": _("%(agency)s is not part of this collaboration.") % {"agency": to_agency.name}}
        )
    duplicate = _("%(agency)s has already been referred this finding.") % {"agency": to_agency.name}
    if Referral.objects.filter(finding=finding, to_agency=to_agency).exists():
        raise ValidationError({"to_agency": duplicate})
    try:
        # A savepoint, so a referral made at the same moment by a colleague ends as a message.
        with transaction.atomic():
            referral = Referral.objects.create(
                collaboration_id=finding.collaboration_id, finding=finding, to_agency=to_agency, created_by=by
            )
    except IntegrityError as exc:
        raise ValidationError({"to_agency": duplicate}) from exc
    _ensure_still_visible(by, referral)
    # The row names the referral; the finding's agency lets its admin see what was referred.
    audit.record(AccessAction.CREATE, request=request, user=by, obj=referral, object_agency_id=finding.agency_id)
    return referral


@transaction.atomic
def referral_handle(*, referral, by, request=None):
    """The receiving agency marks the task done; a referral is handled once."""
    if not permissions.may_handle_referral(by, referral):
        raise PermissionDenied
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != ReferralStatus.OPEN:
        raise ValidationError(_("This referral has already been marked as handled."))
    locked.status = ReferralStatus.DONE
    locked.handled_by = by
    locked.handled_at = timezone.now()
    locked.save(update_fields=["status", "handled_by", "handled_at"])
    _ensure_still_visible(by, locked)
    audit.record(AccessAction.CHANGE, request=request, user=by, obj=locked, object_agency_id=locked.to_agency_id)
    return locked


def _ensure_still_visible(user, referral):
    """After a write the writer must still see the referral, which is what was written (the
    receiving agency may not read the finding); otherwise the transaction rolls back."""
    if not permissions.referrals_visible_to(Referral.objects.filter(pk=referral.pk), user).exists():
        raise PermissionDenied
