"""Who may see and do what: the one place that decides, for every view, export and job.

The ground floor of the house: it imports no domain app above it, so it takes querysets and
objects as arguments. Three rules shape it:

- Ownership is a foreign key. A record belongs to a collaboration, a finding to an agency;
  lists are scoped by filtering on those columns, with the user's ids resolved first.
- django-guardian holds only the genuine exceptions: a finding released to the collaboration
  is granted to each agency's group. A list is owned rows UNION granted rows; one object is
  checked against the grants of the user's agency groups.
- The superuser flag and model-wide permissions grant nothing here. Support staff work in the
  admin, which is logged.

Not visible → Http404; visible but not allowed → PermissionDenied (403).
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import remove_perm
from guardian.utils import get_group_obj_perms_model

from .models import Agency, Membership, Role

FINDING_DETAILS = "view_finding_details"

# What each role may do with the records of its collaboration (the README's "Who sees what").
PLANNING_ROLES = frozenset({Role.COORDINATOR})
CASE_ROLES = frozenset({Role.COORDINATOR, Role.INSPECTOR, Role.AGENCY_ADMIN})
FINDING_OWNER_ROLES = frozenset({Role.INSPECTOR, Role.AGENCY_ADMIN})
FINDING_WRITER_ROLES = frozenset({Role.INSPECTOR})
AGGREGATE_ROLES = frozenset({Role.COORDINATOR, Role.PRESS_OFFICER})


@dataclass
class Access:
    """The user's active memberships, resolved once per request."""

    memberships: list = field(default_factory=list)

    def collaboration_ids(self, roles=None):
        return {m.collaboration_id for m in self.memberships if roles is None or m.role in roles}

    def agency_ids(self, collaboration_id, roles=None):
        return {
            m.agency_id
            for m in self.memberships
            if m.collaboration_id == collaboration_id and (roles is None or m.role in roles)
        }

    def roles(self, collaboration_id=None):
        return {m.role for m in self.memberships if collaboration_id is None or m.collaboration_id == collaboration_id}

    def has_role(self, collaboration_id, roles):
        return bool(self.roles(collaboration_id) & set(roles))

    def scopes(self, roles):
        """{collaboration id: {agency ids}} for the memberships in `roles`."""
        result = {}
        for m in self.memberships:
            if m.role in roles:
                result.setdefault(m.collaboration_id, set()).add(m.agency_id)
        return result


def access_of(user):
    """The user's Access, cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Access()
    cached = getattr(user, "_los_access", None)
    if cached is None:
        memberships = list(
            Membership.objects.filter(user=user, is_active=True).select_related("agency", "collaboration")
        )
        cached = Access(memberships=memberships)
        user._los_access = cached
    return cached


def forget_access(user):
    """Drop the cached Access after the user's memberships change."""
    user.__dict__.pop("_los_access", None)


def active_memberships(user):
    return access_of(user).memberships


def roles_of(user):
    return access_of(user).roles()


# --- Collaboration-owned records: premises, businesses, operations, visits --------------


def scope_by_collaboration(queryset, user, roles=CASE_ROLES, field="collaboration"):
    """Rows of `queryset` that belong to a collaboration where the user holds one of `roles`."""
    ids = access_of(user).collaboration_ids(roles)
    if not ids:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": sorted(ids)})


def get_in_collaboration(queryset, user, pk, *, roles=CASE_ROLES, write_roles=None, field="collaboration"):
    """One record for a view: 404 outside the user's collaborations, 403 when the user may see
    it but `write_roles` are needed and missing."""
    obj = scope_by_collaboration(queryset, user, roles, field).filter(pk=pk).first()
    if obj is None:
        raise Http404
    if write_roles is not None:
        collaboration_id = _collaboration_id(obj, field)
        if not access_of(user).has_role(collaboration_id, write_roles):
            raise PermissionDenied
    return obj


def _collaboration_id(obj, field):
    value = obj
    for part in field.split("__"):
        value = getattr(value, part)
    return value.pk


def operations_for_agency_members(queryset, user):
    """Operations an inspector or agency admin sees: those their agency takes part in."""
    scopes = access_of(user).scopes(FINDING_OWNER_ROLES)
    if not scopes:
        return queryset.none()
    result = queryset.none()
    for collaboration_id, agency_ids in scopes.items():
        result = result | queryset.filter(collaboration_id=collaboration_id, agencies__in=sorted(agency_ids))
    return result.distinct()


def operations_visible_to(queryset, user):
    """Operations a user may see: all of their collaborations for coordinators, those their
    agency takes part in for inspectors and agency admins. Press officers see none."""
    planned = scope_by_collaboration(queryset, user, PLANNING_ROLES).order_by().values("pk")
    taking_part = operations_for_agency_members(queryset.model.objects.all(), user).order_by().values("pk")
    return queryset.filter(pk__in=planned.union(taking_part))


def get_operation(queryset, user, pk, *, for_planning=False):
    """One operation: 404 if the user may not see it, 403 if `for_planning` and the user does
    not coordinate its collaboration."""
    operation = operations_visible_to(queryset, user).filter(pk=pk).first()
    if operation is None:
        raise Http404
    if for_planning and not may_plan(user, operation.collaboration_id):
        raise PermissionDenied
    return operation


def visits_visible_to(queryset, user):
    """Visits of the operations the user may see (the same rule, one join away)."""
    access = access_of(user)
    planned = access.collaboration_ids(PLANNING_ROLES)
    condition = Q(operation__collaboration_id__in=sorted(planned)) if planned else Q(pk__in=[])
    for collaboration_id, agency_ids in access.scopes(FINDING_OWNER_ROLES).items():
        taking_part = Q(operation__collaboration_id=collaboration_id, operation__agencies__in=sorted(agency_ids))
        condition |= taking_part
    return queryset.filter(pk__in=queryset.model.objects.filter(condition).values("pk"))


def get_visit(queryset, user, pk, *, for_planning=False):
    """One visit, by the rules of its operation."""
    visit = visits_visible_to(queryset, user).filter(pk=pk).select_related("operation").first()
    if visit is None:
        raise Http404
    if for_planning and not may_plan(user, visit.operation.collaboration_id):
        raise PermissionDenied
    return visit


def _in_scopes(user, roles, field):
    """Q for rows whose (collaboration, `field`) lies in the user's scopes for `roles`;
    matches nothing for a user without such memberships."""
    condition = Q(pk__in=[])
    for collaboration_id, agency_ids in access_of(user).scopes(roles).items():
        condition |= Q(collaboration_id=collaboration_id, **{f"{field}__in": sorted(agency_ids)})
    return condition


def may_plan(user, collaboration_id):
    """Coordinators keep the premises register and plan operations of their collaboration."""
    return access_of(user).has_role(collaboration_id, PLANNING_ROLES)


def planning_collaboration_ids(user):
    return access_of(user).collaboration_ids(PLANNING_ROLES)


# --- Findings ---------------------------------------------------------------------------


def findings_known_to(queryset, user):
    """Findings whose existence the user may know: agency, category and count, no details.

    Coordinators, inspectors and agency admins know of every finding in their collaborations;
    press officers see findings only as aggregates in summaries.
    """
    return scope_by_collaboration(queryset, user, CASE_ROLES)


def findings_visible_to(queryset, user):
    """Findings whose details the user may read: own agency's UNION released to their agency."""
    ids = readable_finding_ids_subquery(queryset.model, user)
    return queryset.none() if ids is None else queryset.filter(pk__in=ids)


def readable_finding_ids_subquery(model, user):
    """The ids of the findings the user may read, as one subquery (None: not one)."""
    branches = _readable_branches(model, user)
    if branches is None:
        return None
    owned, granted = branches
    ids = None
    for rows in [*(each.values("pk") for each in owned), *(each.values("content_object_id") for each in granted)]:
        ids = _union(ids, rows)
    return ids


# The columns of readable_findings_by_date: names that are fields of neither model in the union.
READABLE_ID, READABLE_AT = "readable_id", "readable_at"


def readable_findings_by_date(model, user):
    """The findings the user may read as rows of READABLE_ID and READABLE_AT (when the finding
    was recorded), each finding once; None: not one.

    A list can count them and cut its page from this union alone, without going back to the
    findings table for every row the user may read.
    """
    branches = _readable_branches(model, user)
    if branches is None:
        return None
    owned, granted = branches
    rows = [
        *(each.values(**{READABLE_ID: F("id"), READABLE_AT: F("created_at")}) for each in owned),
        *(
            each.values(**{READABLE_ID: F("content_object_id"), READABLE_AT: F("content_object__created_at")})
            for each in granted
        ),
    ]
    # UNION, not UNION ALL: a finding of the user's own agency that is also released is one row.
    return rows[0].union(*rows[1:])


def _readable_branches(model, user):
    """([owned findings], [grants]) that together are what the user may read; None: nothing.

    Collaborations where the user acts for the same agencies share one branch, so an inspector
    of a regional office in 42 collaborations costs two branches, not 84.
    """
    access = access_of(user)
    granted_scopes = access.scopes(CASE_ROLES)
    if not granted_scopes:
        return None
    grant_model = get_group_obj_perms_model(model)
    owned = [
        model.objects.filter(collaboration_id__in=collaboration_ids, agency_id__in=agency_ids).order_by()
        for agency_ids, collaboration_ids in _by_agencies(access.scopes(FINDING_OWNER_ROLES))
    ]
    granted = [
        grant_model.objects.filter(
            group__agency__in=agency_ids,
            permission__codename=FINDING_DETAILS,
            collaboration_id__in=collaboration_ids,
        ).order_by()
        for agency_ids, collaboration_ids in _by_agencies(granted_scopes)
    ]
    return owned, granted


def _by_agencies(scopes):
    """{collaboration: agencies} as [(agencies, collaborations)], one entry per set of agencies."""
    grouped = {}
    for collaboration_id, agency_ids in scopes.items():
        grouped.setdefault(frozenset(agency_ids), []).append(collaboration_id)
    return [(sorted(agency_ids), sorted(collaboration_ids)) for agency_ids, collaboration_ids in grouped.items()]


def _union(left, right):
    # UNION ALL: a finding both owned and released appears twice, which IN () does not mind,
    # and PostgreSQL is spared sorting the ids to remove duplicates.
    return right if left is None else left.union(right, all=True)


def may_read_finding(user, finding):
    """True when the user may read this finding's details."""
    access = access_of(user)
    if finding.agency_id in access.agency_ids(finding.collaboration_id, FINDING_OWNER_ROLES):
        return True
    agency_ids = access.agency_ids(finding.collaboration_id, CASE_ROLES)
    if not agency_ids:
        return False
    groups = Group.objects.filter(agency__in=sorted(agency_ids))
    return any(ObjectPermissionChecker(group).has_perm(FINDING_DETAILS, finding) for group in groups)


def get_finding_for_details(queryset, user, pk):
    """The finding for its detail page: 404 if the user may not know it exists, 403 if they may
    know of it but not read it."""
    finding = findings_known_to(queryset, user).filter(pk=pk).first()
    if finding is None:
        raise Http404
    if not may_read_finding(user, finding):
        raise PermissionDenied
    return finding


def visits_for_inspector(queryset, user):
    """ "My visits": visits of operations that an agency the user inspects for took part in."""
    condition = Q(pk__in=[])
    for collaboration_id, agency_ids in access_of(user).scopes(FINDING_WRITER_ROLES).items():
        condition |= Q(operation__collaboration_id=collaboration_id, operation__agencies__in=sorted(agency_ids))
    return queryset.filter(pk__in=queryset.model.objects.filter(condition).values("pk"))


def recording_agency(user, visit):
    """The agency the user records findings for at this visit, or None: an agency they
    inspect for that took part in the visit's operation."""
    return recording_agency_at(user, visit.operation)


def recording_agency_at(user, operation):
    """The agency the user records findings for at the operation's visits, or None."""
    agency_ids = access_of(user).agency_ids(operation.collaboration_id, FINDING_WRITER_ROLES)
    if not agency_ids:
        return None
    return operation.agencies.filter(pk__in=sorted(agency_ids)).order_by("name").first()


def get_visit_for_recording(queryset, user, pk):
    """A visit to record findings at: 404 if the user may not see it, 403 if no agency they
    inspect for took part. Returns (visit, agency)."""
    visit = get_visit(queryset, user, pk)
    agency = recording_agency(user, visit)
    if agency is None:
        raise PermissionDenied
    return visit, agency


def get_evidence(queryset, user, pk):
    """An evidence file for download: 404 unless the user may know its finding exists, 403
    unless they may read the finding's details (own agency, or released)."""
    known = scope_by_collaboration(queryset, user, CASE_ROLES, field="finding__collaboration")
    evidence = known.filter(pk=pk).select_related("finding").first()
    if evidence is None:
        raise Http404
    if not may_read_finding(user, evidence.finding):
        raise PermissionDenied
    return evidence


def may_record_finding(user, visit, agency):
    """Inspectors record findings for their own agency at visits of operations it took part in."""
    access = access_of(user)
    collaboration_id = visit.operation.collaboration_id
    return (
        agency.pk in access.agency_ids(collaboration_id, FINDING_WRITER_ROLES)
        and visit.operation.agencies.filter(pk=agency.pk).exists()
    )


def may_change_finding(user, finding):
    """The owning agency's inspectors change a finding: its lifecycle, ledger and evidence."""
    return finding.agency_id in access_of(user).agency_ids(finding.collaboration_id, FINDING_WRITER_ROLES)


def get_finding_for_change(queryset, user, pk):
    """A finding to change: 404 if the user may not know it exists, 403 if they may not change it."""
    finding = findings_known_to(queryset, user).filter(pk=pk).first()
    if finding is None:
        raise Http404
    if not may_change_finding(user, finding):
        raise PermissionDenied
    return finding


def findings_owned_by(queryset, user, roles=FINDING_OWNER_ROLES):
    """Findings of the agencies the user works for in `roles` (no released ones): their own work."""
    return queryset.filter(_in_scopes(user, roles, "agency_id"))


def ensure_still_readable(user, finding):
    """After a write the writer must still read the finding; otherwise PermissionDenied rolls
    the write's transaction back (NetBox's rule: a write never leaves the writer's view)."""
    if not may_read_finding(user, finding):
        raise PermissionDenied


def may_release_finding(user, finding):
    """The owning agency (its inspectors and admin) releases and withdraws."""
    return finding.agency_id in access_of(user).agency_ids(finding.collaboration_id, FINDING_OWNER_ROLES)


def agency_group(agency):
    """The auth group that holds the agency's grants, created on first use."""
    if agency.group_id is None:
        with transaction.atomic():
            agency = Agency.objects.select_for_update().get(pk=agency.pk)
            if agency.group_id is None:
                agency.group = Group.objects.create(name=f"los-agency-{agency.pk}")
                agency.save(update_fields=["group"])
    return agency.group


def grant_finding_details(finding, agencies):
    """Grant the finding's details to each agency's group (a release), in one insert.

    The rows are django-guardian's (its checker reads them); they are written here rather than
    by assign_perm because each also carries the finding's collaboration.
    """
    grant_model = get_group_obj_perms_model(finding)
    permission = Permission.objects.get(
        content_type=ContentType.objects.get_for_model(finding), codename=FINDING_DETAILS
    )
    grants = [
        grant_model(
            group_id=agency.group_id or agency_group(agency).pk,
            permission=permission,
            content_object=finding,
            collaboration_id=finding.collaboration_id,
        )
        for agency in agencies
    ]
    # A grant that is already there stays as it is: granting twice changes nothing.
    grant_model.objects.bulk_create(grants, ignore_conflicts=True)


def revoke_finding_details(finding, agencies):
    for agency in agencies:
        remove_perm(FINDING_DETAILS, agency_group(agency), finding)


# --- Referrals between agencies ---------------------------------------------------------


def referrals_visible_to(queryset, user):
    """Referrals the user's agency received or sent (inspectors and agency admins)."""
    return queryset.filter(referrals_received_by_condition(user) | referrals_sent_by_condition(user))


def referrals_received_by_condition(user):
    return _in_scopes(user, FINDING_OWNER_ROLES, "to_agency_id")


def referrals_sent_by_condition(user):
    return _in_scopes(user, FINDING_OWNER_ROLES, "finding__agency_id")


def referrals_received_by(queryset, user):
    """Referrals to the agencies the user inspects for or administers."""
    return queryset.filter(referrals_received_by_condition(user))


def referrals_sent_by(queryset, user):
    """Referrals of the findings of the user's agencies."""
    return queryset.filter(referrals_sent_by_condition(user))


def get_referral(queryset, user, pk):
    referral = referrals_visible_to(queryset, user).filter(pk=pk).first()
    if referral is None:
        raise Http404
    return referral


def may_handle_referral(user, referral):
    """The receiving agency's inspectors and admin mark a referral handled."""
    return referral.to_agency_id in access_of(user).agency_ids(referral.collaboration_id, FINDING_OWNER_ROLES)


# --- Agency administration and the access log -------------------------------------------

# LOS is run by the municipality and the police: only they plan operations and speak to the
# press. Every other agency's admin appoints inspectors and admins of their own agency.
_LEADING_AGENCY_KINDS = {"municipality", "police"}


def roles_an_agency_may_hold(agency):
    if agency.kind in _LEADING_AGENCY_KINDS:
        return set(Role.values)
    return {Role.INSPECTOR, Role.AGENCY_ADMIN}


def administered_agency_scopes(user):
    """{collaboration id: {agency ids}} the user administers."""
    return access_of(user).scopes({Role.AGENCY_ADMIN})


def memberships_administered_by(queryset, user):
    """Memberships of the agencies the user administers, in those collaborations."""
    result = queryset.none()
    for collaboration_id, agency_ids in administered_agency_scopes(user).items():
        result = result | queryset.filter(collaboration_id=collaboration_id, agency_id__in=sorted(agency_ids))
    return result


def access_log_visible_to(queryset, user):
    """Rows about the administered agencies' own records or made by their own people."""
    agency_ids = sorted(set().union(*administered_agency_scopes(user).values()) or set())
    if not agency_ids:
        return queryset.none()
    members = Membership.objects.filter(agency_id__in=agency_ids).values("user_id")
    by_object = queryset.filter(object_agency_id__in=agency_ids).order_by().values("pk")
    by_actor = queryset.filter(user_id__in=members).order_by().values("pk")
    return queryset.filter(pk__in=by_object.union(by_actor))


# --- Summaries and figures --------------------------------------------------------------
# Press officers prepare and publish the summaries of their collaboration; coordinators read
# them and the figures; each participating agency's admin answers for its own figures.
SUMMARY_MANAGER_ROLES = frozenset({Role.PRESS_OFFICER})


def summaries_visible_to(queryset, user):
    """Summaries of the collaborations where the user is press officer or coordinator, and
    those that ask one of the agencies the user administers to confirm its figures."""
    condition = Q(collaboration_id__in=sorted(access_of(user).collaboration_ids(AGGREGATE_ROLES)))
    for collaboration_id, agency_ids in administered_agency_scopes(user).items():
        condition |= Q(collaboration_id=collaboration_id, confirmations__agency_id__in=sorted(agency_ids))
    return queryset.filter(pk__in=queryset.model.objects.filter(condition).values("pk"))


def get_summary(queryset, user, pk, *, for_managing=False):
    """One summary: 404 if the user may not see it, 403 if `for_managing` and the user is not
    a press officer of its collaboration."""
    summary = summaries_visible_to(queryset, user).filter(pk=pk).first()
    if summary is None:
        raise Http404
    if for_managing and not may_manage_summaries(user, summary.collaboration_id):
        raise PermissionDenied
    return summary


def may_manage_summaries(user, collaboration_id):
    return access_of(user).has_role(collaboration_id, SUMMARY_MANAGER_ROLES)


def summary_manager_collaboration_ids(user):
    """Collaborations whose summaries the user may request and publish."""
    return access_of(user).collaboration_ids(SUMMARY_MANAGER_ROLES)


def confirming_agency_ids(user, summary):
    """The agencies of `summary` whose figures the user answers for (as their admin)."""
    return access_of(user).agency_ids(summary.collaboration_id, {Role.AGENCY_ADMIN})


def figures_collaboration_ids(user):
    """Collaborations whose running figures the user may see on the dashboard."""
    return access_of(user).collaboration_ids(AGGREGATE_ROLES)


def sees_unsuppressed_figures(user, collaboration_id):
    """Coordinators see exact small counts; a press officer, who speaks to the public, sees
    only what may be published. Someone with both roles gets the published view: hide when unsure."""
    roles = access_of(user).roles(collaboration_id)
    return Role.COORDINATOR in roles and Role.PRESS_OFFICER not in roles


def own_records_export_scopes(user):
    """{collaboration id: {agency ids}} whose own records the user may export: their admins."""
    return administered_agency_scopes(user)


def confirmations_answered_by(queryset, user):
    """Summary confirmations the user answers for: those of the agencies the user administers,
    in the summaries of the collaboration where the user administers them."""
    condition = Q(pk__in=[])
    for collaboration_id, agency_ids in administered_agency_scopes(user).items():
        condition |= Q(summary__collaboration_id=collaboration_id, agency_id__in=sorted(agency_ids))
    return queryset.filter(condition)
