"""Reads of referrals. Every read starts from agencies/permissions.py; none reads a finding's
details, so a row carries what every agency of the collaboration may know."""

from django.db.models import Case, IntegerField, Value, When

from agencies import permissions

from .models import Finding, Referral, ReferralStatus

# What a row shows: the premises, the visit, the operation, who referred to whom, the category.
_ROW_RELATIONS = (
    "to_agency",
    "created_by",
    "handled_by",
    "finding__agency",
    "finding__category",
    "finding__visit__premises",
    "finding__visit__operation",
)
# The note is left out of the rows' query, so it never travels with them. Deferring does not
# make it unreachable: a template that touched `finding.note` would load it, one query per
# row. The list's constant query count (tests/findings/test_referral_list.py) is what catches
# that, together with its check that no note reaches the page.
_NOT_FETCHED = ("finding__note",)


def _rows(referrals):
    return referrals.select_related(*_ROW_RELATIONS).defer(*_NOT_FETCHED)


def referrals_received(user):
    """Referrals to the user's agencies: open ones first, then the newest."""
    received = permissions.referrals_received_by(Referral.objects.all(), user)
    open_first = Case(When(status=ReferralStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    return _rows(received).order_by(open_first, "-created_at", "-id")


def referrals_sent(user):
    """Referrals of the findings of the user's agencies, newest first."""
    return _rows(permissions.referrals_sent_by(Referral.objects.all(), user)).order_by("-created_at", "-id")


def referrals_of_finding(finding):
    """Who the finding was referred to, for its detail page (whose reader may read the finding)."""
    return finding.referrals.select_related("to_agency", "created_by", "handled_by").order_by("created_at", "id")


def readable_finding_ids(user, referrals):
    """Ids of the referred findings whose details the user may read (own or released): one query,
    so a list links to a finding only when its details are open to the reader."""
    finding_ids = {referral.finding_id for referral in referrals}
    if not finding_ids:
        return set()
    readable = permissions.findings_visible_to(Finding.objects.filter(pk__in=sorted(finding_ids)), user)
    return set(readable.values_list("pk", flat=True))
