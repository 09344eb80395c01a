"""Permission predicates for the organisation tree. Objects are scoped by their `scope_unit`
(an OrgUnit); an OrgUnit is its own scope unit."""

import rules

from unions.enums import STAFF_ROLES, Role, UnitKind
from unions.queries import roles_of


def unit_of(obj):
    if obj is None:
        return None
    return getattr(obj, "scope_unit", obj)


@rules.predicate
def has_role(user):
    return bool(roles_of(user))


@rules.predicate
def is_staff(user):
    return any(role in STAFF_ROLES for role, *_ in roles_of(user))


@rules.predicate
def in_scope(user, obj):
    unit = unit_of(obj)
    return unit is not None and any(unit.path.startswith(path) for _r, path, *_ in roles_of(user))


@rules.predicate
def is_staff_over(user, obj):
    """A staff role on the object's unit or one of its ancestors."""
    unit = unit_of(obj)
    return unit is not None and any(
        role in STAFF_ROLES and unit.path.startswith(path) for role, path, *_ in roles_of(user)
    )


@rules.predicate
def is_staff_strictly_above(user, obj):
    unit = unit_of(obj)
    return unit is not None and any(
        role in STAFF_ROLES and unit.path.startswith(path) and unit.path != path for role, path, *_ in roles_of(user)
    )


@rules.predicate
def is_officer_of(user, obj):
    """The grassroots officer of the object's own unit."""
    unit = unit_of(obj)
    return unit is not None and any(
        role == Role.GRASSROOTS_OFFICER and unit.path.startswith(path) for role, path, *_ in roles_of(user)
    )


@rules.predicate
def is_city_reviewer(user):
    return any(role == Role.CITY_REVIEWER for role, *_ in roles_of(user))


@rules.predicate
def unit_can_have_children(user, obj):
    unit = unit_of(obj)
    return unit is not None and unit.kind != UnitKind.GRASSROOTS


is_admin = rules.is_superuser

rules.add_perm("unions.view_tree", is_admin | has_role)
rules.add_perm("unions.view_unit", is_admin | in_scope)
rules.add_perm("unions.change_unit", is_admin | is_staff_strictly_above)
rules.add_perm("unions.add_unit", is_admin | (is_staff_over & unit_can_have_children))
rules.add_perm("unions.view_member", is_admin | in_scope)
rules.add_perm("unions.change_member", is_admin | is_officer_of | is_staff_over)
rules.add_perm("unions.manage_roles", is_admin | is_staff_over)
rules.add_perm("unions.manage_blocks", is_admin | is_city_reviewer)
