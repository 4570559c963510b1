"""No lost update: a finding is saved only if nobody saved it since the form was opened.

Every form that changes a finding carries the version it was opened at; the UPDATE is made
conditional on that version and bumps it, so of two concurrent saves exactly one wins.
"""

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

STALE_MESSAGE = _(
    "Someone else saved this finding after you opened it. Your changes are not saved; they are "
    "still in the form below. Check the finding as it is now and save again."
)


class StaleFinding(ValidationError):
    """The finding was saved by someone else since `expected_version` was read."""

    def __init__(self):
        super().__init__(STALE_MESSAGE, code="stale")


def save_if_unchanged(finding, *, expected_version, fields):
    """Write `fields` of `finding` if its version is still `expected_version`; bump the version.

    Raises StaleFinding otherwise and writes nothing. Call inside the service's transaction.
    """
    values = {name: getattr(finding, name) for name in fields}
    # .update() skips auto_now, so the change time is set here.
    finding.updated_at = values["updated_at"] = timezone.now()
    updated = (
        type(finding).objects.filter(pk=finding.pk, version=expected_version).update(**values, version=F("version") + 1)
    )
    if updated != 1:
        raise StaleFinding()
    finding.version = expected_version + 1
    return finding
