"""Permission predicates for the organisation tree. Objects are scoped by their `scope_unit`
(an OrgUnit); an OrgUnit is its own scope unit. The predicates ask the one scope object; the admin
rule (`is_admin`) is combined in each permission, so predicates never test for superusers."""

import rules

from unions.enums import Role, UnitKind
from unions.scope import Scope, unit_of


@rules.predicate
def has_role(user):
    return bool(Scope.for_user(user).grants)


@rules.predicate
def is_staff(user):
    return any(g.is_staff for g in Scope.for_user(user).grants)


@rules.predicate
def in_scope(user, obj):
    return Scope.for_user(user).covers(obj)


@rules.predicate
def is_staff_over(user, obj):
    """A staff role on the object's unit or one of its ancestors."""
    return Scope.for_user(user).covers(obj, staff=True)


@rules.predicate
def is_staff_strictly_above(user, obj):
    return Scope.for_user(user).covers(obj, staff=True, strictly=True)


@rules.predicate
def is_officer_of(user, obj):
    """The grassroots officer of the object's own unit."""
    return Scope.for_user(user).covers(obj, Role.GRASSROOTS_OFFICER)


@rules.predicate
def is_city_reviewer(user):
    return any(g.role == Role.CITY_REVIEWER for g in Scope.for_user(user).grants)


@rules.predicate
def unit_can_have_children(user, obj):
    unit = unit_of(obj)
    return unit is not None and unit.kind != UnitKind.GRASSROOTS


@rules.predicate
def manages_account(user, account):
    """Every role the account holds lies within the actor's staff subtrees (never above or beside them).

    An account with no role, a superuser, or the actor's own account is left to the administrators."""
    if account is None or account.is_superuser or account.pk == user.pk:
        return False
    staff_paths = [g.path for g in Scope.for_user(user).grants if g.is_staff]
    if not staff_paths:
        return False
    paths = account_role_paths(account)
    return bool(paths) and all(any(p.startswith(staff) for staff in staff_paths) for p in paths)


def account_role_paths(account):
    cached = getattr(account, "_unionsite_role_paths", None)
    if cached is None:
        from unions.models import RoleAssignment

        cached = list(RoleAssignment.objects.filter(user=account).values_list("unit__path", flat=True))
        account._unionsite_role_paths = cached
    return cached


@rules.predicate
def not_self_or_superuser(user, account):
    return account is not None and account.pk != user.pk and not account.is_superuser


@rules.predicate
def is_admin(user):
    """An active superuser: the one admin rule (unions.scope.Scope.is_admin)."""
    return Scope.for_user(user).is_admin


rules.add_perm("unions.view_tree", is_admin | has_role)
rules.add_perm("unions.view_unit", is_admin | in_scope)
rules.add_perm("unions.change_unit", is_admin | is_staff_strictly_above)
rules.add_perm("unions.add_unit", is_admin | (is_staff_over & unit_can_have_children))
rules.add_perm("unions.view_member", is_admin | in_scope)
rules.add_perm("unions.change_member", is_admin | is_officer_of | is_staff_over)
rules.add_perm("unions.manage_roles", is_admin | is_staff_over)
rules.add_perm("unions.merge_into_unit", is_admin | is_staff_over)
rules.add_perm("unions.manage_blocks", is_admin | is_city_reviewer)
rules.add_perm("unions.view_accounts", is_admin | is_staff)
rules.add_perm("unions.manage_account", (is_admin & not_self_or_superuser) | manages_account)
# The project's change log (unionsite.changelog): the whole city's history, for its reviewers and admins.
rules.add_perm("unionsite.view_change_log", is_admin | is_city_reviewer)
