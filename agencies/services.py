"""Changes to who works where: an agency admin adds people to their agency in a collaboration,
deactivates and reactivates their roles. Keyword-only, one transaction each, and every change
is written to the access log (IP address from `request` when there is one)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from . import audit, permissions, selectors
from .models import AccessAction, Membership, Role, User

NEW_USER_FIELDS = ("username", "first_name", "last_name", "email")


@transaction.atomic
def membership_add(*, by, collaboration, agency, role, user=None, new_user=None, request=None):
    """Give a person a role for `agency` in `collaboration`: either `user`, who already has a
    membership in that agency, or a new user made from `new_user` (a dict of username,
    first_name, last_name and email) with no usable password. Returns the membership."""
    if (user is None) == (new_user is None):
        raise ValueError("Pass either user or new_user.")
    if agency.pk not in permissions.administered_agency_scopes(by).get(collaboration.pk, set()):
        raise ValidationError(
            {"agency": _("You can only add people to an agency you administer in that collaboration.")}
        )
    if role not in Role.values:
        raise ValidationError({"role": _("Choose one of the roles.")})
    if role not in permissions.roles_an_agency_may_hold(agency):
        raise ValidationError(
            {"role": _("Only the municipality and the police appoint coordinators and press officers.")}
        )

    if user is not None:
        # Only the agency's own people may be added this way; the message is the same as for an
        # unknown name, so it tells nothing about people elsewhere.
        if not Membership.objects.filter(user=user, agency=agency).exists():
            raise ValidationError(
                {"user": _("No one at %(agency)s has that username or e-mail address.") % {"agency": agency}}
            )
        _refuse_duplicate(user=user, collaboration=collaboration, agency=agency, role=role)
    else:
        user = _user_create(new_user)

    membership = Membership(user=user, collaboration=collaboration, agency=agency, role=role)
    membership.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:
        # Someone added the same role a moment ago.
        raise ValidationError({"role": _("%(person)s already has this role.") % {"person": user}}) from exc

    if new_user is not None:
        _log(AccessAction.CREATE, by=by, request=request, membership=membership, user=user)
    elif not user.is_active:
        # Back at work after every role had ended: the account is opened again.
        user.is_active = True
        user.save(update_fields=["is_active"])
        _log(AccessAction.CHANGE, by=by, request=request, membership=membership, user=user)
    # After the write the admin must still see what they wrote; otherwise everything rolls back.
    if not permissions.memberships_administered_by(Membership.objects.all(), by).filter(pk=membership.pk).exists():
        raise PermissionDenied
    _log(AccessAction.CREATE, by=by, request=request, membership=membership)

    permissions.forget_access(user)
    if user.pk == by.pk:
        permissions.forget_access(by)
    # The new membership must lie inside what the admin administers, else nothing is kept.
    if not permissions.memberships_administered_by(Membership.objects.all(), by).filter(pk=membership.pk).exists():
        raise PermissionDenied
    return membership


@transaction.atomic
def membership_deactivate(*, by, membership, request=None):
    """End a role. When the person then has no active role anywhere, their account is
    deactivated and their sessions end. An admin cannot end their own last admin role."""
    membership = _lock_administered(by, membership)
    if not membership.is_active:
        return membership
    permissions.forget_access(by)
    if selectors.is_own_last_admin_membership(by, membership):
        raise ValidationError(
            _("You cannot deactivate your own last administrator role. Ask another administrator of your agency.")
        )
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    _log(AccessAction.CHANGE, by=by, request=request, membership=membership)

    person = membership.user
    if not Membership.objects.filter(user=person, is_active=True).exists():
        from .services_account import user_deactivate

        user_deactivate(user=person, by=by)
    permissions.forget_access(person)
    permissions.forget_access(by)
    return membership


@transaction.atomic
def membership_reactivate(*, by, membership, request=None):
    """Give a deactivated role back; a deactivated account is opened again with it."""
    membership = _lock_administered(by, membership)
    if membership.is_active:
        return membership
    membership.is_active = True
    membership.save(update_fields=["is_active"])
    _log(AccessAction.CHANGE, by=by, request=request, membership=membership)

    person = membership.user
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
        _log(AccessAction.CHANGE, by=by, request=request, membership=membership, user=person)
    permissions.forget_access(person)
    permissions.forget_access(by)
    return membership


def _lock_administered(by, membership):
    """The membership again, locked for this transaction; PermissionDenied if `by` does not
    administer it (views have already answered 404 in that case)."""
    queryset = Membership.objects.select_for_update(of=("self",)).select_related("user", "agency", "collaboration")
    locked = permissions.memberships_administered_by(queryset, by).filter(pk=membership.pk).first()
    if locked is None:
        raise PermissionDenied
    return locked


def _refuse_duplicate(*, user, collaboration, agency, role):
    existing = Membership.objects.filter(user=user, collaboration=collaboration, agency=agency, role=role).first()
    if existing is None:
        return
    if existing.is_active:
        message = _("%(person)s already has this role.")
    else:
        message = _("%(person)s already has this role, but it is deactivated. Reactivate it in the list of people.")
    raise ValidationError({"role": message % {"person": user}})


def _user_create(data):
    """A new user who chooses their own password through a one-time link."""
    values = {name: (data.get(name) or "").strip() for name in NEW_USER_FIELDS}
    errors = {}
    for name in NEW_USER_FIELDS:
        if not values[name]:
            errors[name] = _("This field is required.")
    if values["username"]:
        try:
            User.username_validator(values["username"])
        except ValidationError as exc:
            errors["username"] = exc.messages
        else:
            if User.objects.filter(username__iexact=values["username"]).exists():
                errors["username"] = _("That username is taken. Choose another one.")
    if errors:
        raise ValidationError(errors)
    values["email"] = User.objects.normalize_email(values["email"])
    user = User(**values)
    user.set_unusable_password()
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        # The same username was taken a moment ago.
        raise ValidationError({"username": _("That username is taken. Choose another one.")}) from exc
    return user


def _log(action, *, by, request, membership, user=None):
    """One access-log row about the membership, or about the user when `user` is given; both
    belong to the membership's agency, so its admins read them."""
    audit.record(
        action,
        request=request,
        user=by,
        obj=user or membership,
        object_agency_id=membership.agency_id,
        agency_id=membership.agency_id,
        collaboration_id=membership.collaboration_id,
    )
