"""Who may see what: the one place that decides, for every view, export and job.

The ground floor of the house: it imports no domain app above it, so it takes querysets
and objects as arguments. Scoping is by foreign key (a record belongs to a collaboration,
a finding to an agency), which keeps lists cheap at national scale.
"""

from .models import Membership, Role


def active_memberships(user):
    """The memberships that give this user any access right now (none for anonymous or inactive users)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("agency", "collaboration")
        .order_by("collaboration__name", "role")
    )


def roles_of(user):
    """The set of roles the user holds in any collaboration."""
    return {m.role for m in active_memberships(user)}


def collaboration_ids(user, roles=None):
    """Ids of the collaborations where the user holds one of `roles` (any role when None)."""
    memberships = active_memberships(user)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    return set(memberships.values_list("collaboration_id", flat=True))


def scope_by_collaboration(queryset, user, roles=None, field="collaboration"):
    """Rows of `queryset` that belong to a collaboration where the user holds one of `roles`."""
    return queryset.filter(**{f"{field}__in": collaboration_ids(user, roles)})


PLANNING_ROLES = {Role.COORDINATOR}
AGGREGATE_ROLES = {Role.COORDINATOR, Role.PRESS_OFFICER}
