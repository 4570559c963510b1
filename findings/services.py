"""Changes to findings. Keyword-only, one transaction each, every change written to the access log."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies import audit, permissions
from agencies.models import AccessAction

from .models import FindingRelease


@transaction.atomic
def finding_release(*, finding, by, legal_ground, explanation="", request=None):
    """Release the finding's details to every agency of its collaboration, on a legal ground."""
    if not permissions.may_release_finding(by, finding):
        raise PermissionDenied
    if legal_ground.agency_id != finding.agency_id or not legal_ground.is_active:
        raise ValidationError({"legal_ground": _("Choose one of your agency's legal grounds.")})
    if finding.releases.filter(withdrawn_at__isnull=True).exists():
        raise ValidationError(_("The finding is already released."))
    release = FindingRelease.objects.create(
        finding=finding, legal_ground=legal_ground, explanation=explanation, released_by=by
    )
    permissions.grant_finding_details(finding, finding.collaboration.agencies.all())
    permissions.ensure_still_readable(by, finding)
    audit.record(AccessAction.RELEASE, request=request, user=by, obj=finding)
    return release


@transaction.atomic
def finding_release_withdraw(*, finding, by, request=None):
    """Withdraw the release in force: from the next request on, only the owner reads the details."""
    if not permissions.may_release_finding(by, finding):
        raise PermissionDenied
    release = finding.releases.select_for_update().filter(withdrawn_at__isnull=True).first()
    if release is None:
        raise ValidationError(_("The finding is not released."))
    release.withdrawn_at = timezone.now()
    release.withdrawn_by = by
    release.save(update_fields=["withdrawn_at", "withdrawn_by"])
    permissions.revoke_finding_details(finding, finding.collaboration.agencies.all())
    permissions.ensure_still_readable(by, finding)
    audit.record(AccessAction.WITHDRAW, request=request, user=by, obj=finding)
    return release
