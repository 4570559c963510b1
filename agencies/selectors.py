"""Reads for the agency admin screens. Every answer is scoped through `agencies.permissions`."""

from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import permissions
from .models import Agency, Collaboration, Membership, Role, User

# Roles listed in the order of the Role choices, not alphabetically.
_ROLE_ORDER = {value: index for index, value in enumerate(Role.values)}


@dataclass
class RoleRow:
    membership: Membership
    may_deactivate: bool


@dataclass
class PersonRow:
    user: User
    roles: list = field(default_factory=list)

    @property
    def is_active(self):
        return self.user.is_active and any(row.membership.is_active for row in self.roles)


@dataclass
class PeopleSection:
    """The people of one administered agency in one collaboration."""

    collaboration: Collaboration
    agency: Agency
    people: list = field(default_factory=list)


def administered_collaborations(user):
    """Collaborations in which the user administers an agency."""
    return Collaboration.objects.filter(pk__in=sorted(permissions.administered_agency_scopes(user)))


def administered_agencies(user):
    """Agencies the user administers, in any collaboration."""
    scopes = permissions.administered_agency_scopes(user)
    return Agency.objects.filter(pk__in=sorted(set().union(*scopes.values())))


def administered_membership(*, user, pk):
    """One membership of an agency the user administers, or None when it is not theirs to see."""
    queryset = Membership.objects.select_related("user", "agency", "collaboration")
    return permissions.memberships_administered_by(queryset, user).filter(pk=pk).first()


def is_own_last_admin_membership(user, membership):
    """True when `membership` is the user's own and their only active administrator role."""
    if membership.user_id != user.pk or membership.role != Role.AGENCY_ADMIN or not membership.is_active:
        return False
    others = [
        m for m in permissions.access_of(user).memberships if m.role == Role.AGENCY_ADMIN and m.pk != membership.pk
    ]
    return not others


def people_overview(user):
    """The administered agencies' people, one section per collaboration and agency, each person
    with their roles there. One query, however many people there are."""
    memberships = (
        permissions.memberships_administered_by(Membership.objects.all(), user)
        .select_related("user", "agency", "collaboration")
        .order_by("collaboration__name", "agency__name", "user__last_name", "user__first_name", "user__username")
    )
    sections = {}
    for membership in memberships:
        key = (membership.collaboration_id, membership.agency_id)
        section = sections.get(key)
        if section is None:
            section = sections[key] = PeopleSection(collaboration=membership.collaboration, agency=membership.agency)
        if not section.people or section.people[-1].user.pk != membership.user_id:
            section.people.append(PersonRow(user=membership.user))
        may_deactivate = membership.is_active and not is_own_last_admin_membership(user, membership)
        section.people[-1].roles.append(RoleRow(membership=membership, may_deactivate=may_deactivate))
    for section in sections.values():
        for person in section.people:
            person.roles.sort(key=lambda row: _ROLE_ORDER.get(row.membership.role, len(_ROLE_ORDER)))
    return list(sections.values())


def colleagues_matching(*, agency, identifier):
    """Users with this exact username, else this e-mail address, among those who already have a
    membership in `agency`. Nobody else in the system is searched, so no other agency's staff
    can be found this way. At most two are returned: enough to tell a unique match."""
    identifier = (identifier or "").strip()
    if not identifier:
        return []
    colleagues = User.objects.filter(pk__in=Membership.objects.filter(agency=agency).values("user_id"))
    by_username = list(colleagues.filter(username=identifier)[:1])
    if by_username:
        return by_username
    return list(colleagues.filter(email__iexact=identifier).order_by("pk")[:2])


def set_password_path(user):
    """The one-time link a new person follows to choose a password. It stops working once a
    password is set, and after PASSWORD_RESET_TIMEOUT."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("people_set_password", kwargs={"uidb64": uidb64, "token": token})
