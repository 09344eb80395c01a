"""Accounts and role assignments. Staff manage accounts and roles within their own subtree only."""

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from unions.domain.security import mark_temporary_password
from unions.enums import Role, UnitKind
from unions.models import RoleAssignment
from unions.scope import Scope
from unionsite.errors import DomainError
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.people import full_name
from unionsite.shortcuts import require

# Which role may be held on which kind of unit.
ROLE_UNIT_KINDS = {
    Role.GRASSROOTS_OFFICER: {UnitKind.GRASSROOTS},
    Role.UPPER_STAFF: {UnitKind.UPPER},
    Role.CITY_REVIEWER: {UnitKind.CITY},
}

# Unambiguous characters for temporary passwords read out or copied by hand.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"  # nosec B105 # an alphabet, not a password


def temporary_password(length=12):
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))


def _role_changes(assignment, *, granted):
    """What the history keeps of a role granted or revoked: its code, the unit and the login."""
    values = {"role": assignment.role, "unit": str(assignment.unit), "username": assignment.user.get_username()}
    return {key: [None, value] if granted else [value, None] for key, value in values.items()}


def assign_role(*, by, user, unit, role):
    """Grant `role` on `unit` to `user`. Needs unions.manage_roles on the unit (a staff role on it or
    above it). History: a row on the assignment, on the unit and on the account. The database holds
    one live grant per account, unit and role: a grant made twice at once is refused the second time."""
    require(by, "unions.manage_roles", unit)
    if unit.kind not in ROLE_UNIT_KINDS[role]:
        raise ValidationError(
            _("The role “%(role)s” cannot be held on a %(kind)s.")
            % {"role": Role(role).label, "kind": UnitKind(unit.kind).label.lower()}
        )
    if not unit.active:
        raise ValidationError(_("Roles cannot be granted on a closed unit."))
    already = _("%(user)s already holds this role on this unit.") % {"user": user}
    if RoleAssignment.objects.filter(user=user, unit=unit, role=role).exists():
        raise DomainError(already)
    try:
        with transaction.atomic():
            assignment = RoleAssignment.objects.create(user=user, unit=unit, role=role, granted_by=by)
            changes = _role_changes(assignment, granted=True)
            for target in (assignment, unit, user):
                record_change(target, by=by, action=ChangeRecord.Action.OTHER, changes=changes)
    except IntegrityError:
        raise DomainError(already) from None
    Scope.forget(user)
    return assignment


def revoke_role(assignment, *, by, note=""):
    """Take a role away, with the reason: the assignment stays in the records, marked revoked (by
    whom, when, why), and no longer counts anywhere. Needs unions.manage_roles on the assignment's
    unit; nobody revokes their own role (they would lock themselves out). History: rows on the
    assignment, the unit and the account."""
    require(by, "unions.manage_roles", assignment.unit)
    if assignment.user_id == by.pk:
        raise ValidationError(_("You cannot revoke your own role."))
    note = (note or "").strip()
    if not note:
        raise DomainError({"note": [_("Give the reason for revoking the role.")]})
    with transaction.atomic():
        revoked = RoleAssignment.objects.filter(pk=assignment.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by, revoke_reason=note
        )
        if not revoked:
            raise DomainError(_("This role was already revoked."))
        changes = _role_changes(assignment, granted=False)
        for target in (assignment, assignment.unit, assignment.user):
            record_change(target, by=by, action=ChangeRecord.Action.OTHER, changes=changes, note=note)
    Scope.forget(assignment.user)


def create_account(*, by, username, unit, role, first_name="", last_name="", email=""):
    """Create a login holding `role` on `unit` (in the actor's subtree). Returns (user, temporary
    password): the password is shown once to the staff member and stored only as a hash, and must be
    changed at the first login. A username taken meanwhile (the same form posted twice at once) is
    refused like one taken before."""
    require(by, "unions.manage_roles", unit)
    User = get_user_model()
    taken = DomainError({"username": [_("The username “%(username)s” is taken.") % {"username": username}]})
    if User.objects.filter(username__iexact=username).exists():
        raise taken
    password = temporary_password()
    try:
        with transaction.atomic():
            user = User(username=username, first_name=first_name, last_name=last_name, email=email)
            user.set_password(password)
            user.save()
            mark_temporary_password(user)
            record_change(
                user,
                by=by,
                action=ChangeRecord.Action.CREATE,
                changes={"username": [None, username], "name": [None, full_name(user)]},
            )
            assign_role(by=by, user=user, unit=unit, role=role)
    except IntegrityError:
        raise taken from None
    return user, password


def deactivate_account(account, *, by, note=""):
    """Stop an account from logging in. Needs unions.manage_account (all its roles inside the actor's
    staff subtree). History: transition on the account."""
    require(by, "unions.manage_account", account)
    with transaction.atomic():
        account = get_user_model().objects.select_for_update().get(pk=account.pk)
        if not account.is_active:
            raise ValidationError(_("This account is already deactivated."))
        account.is_active = False
        account.save(update_fields=["is_active"])
        record_change(
            account, by=by, action=ChangeRecord.Action.TRANSITION, changes={"is_active": [True, False]}, note=note
        )
    return account


def reset_password(account, *, by):
    """Give the account a new temporary password and return it (shown once; to be changed at the next
    login). Needs unions.manage_account. History: a row on the account (never the password)."""
    require(by, "unions.manage_account", account)
    password = temporary_password()
    with transaction.atomic():
        account.set_password(password)
        account.save(update_fields=["password"])
        mark_temporary_password(account)
        changes = {"temporary_password": [None, True]}  # the password itself is never recorded
        record_change(account, by=by, action=ChangeRecord.Action.OTHER, changes=changes)
    return password
