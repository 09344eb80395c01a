"""Permissions of the initiatives app (django-rules). Objects are scoped by their `scope_unit`.

Who decides at a level: the grassroots union's own officer (or upper-level staff above it, acting on
its behalf) at the grassroots level; upper-level staff over the union at the upper level; a city
reviewer over it at the city level. Councils follow the same rule on their own unit."""

import rules

from initiatives.enums import UNIT_KIND_LEVEL, Level
from unions.enums import Role
from unions.rules import has_role, is_admin, is_city_reviewer, is_staff_strictly_above
from unions.scope import Scope, unit_of


def _decides(user, unit, level, *, strictly):
    scope = Scope.for_user(user)
    if level == Level.GRASSROOTS:
        return scope.covers(unit, Role.GRASSROOTS_OFFICER) or scope.covers(unit, Role.UPPER_STAFF, strictly=True)
    if level == Level.UPPER:
        return scope.covers(unit, Role.UPPER_STAFF, strictly=strictly)
    return scope.covers(unit, Role.CITY_REVIEWER, strictly=strictly)


@rules.predicate
def may_submit_for(user, obj):
    """The union's own officer, or upper-level staff above it acting on its behalf."""
    scope = Scope.for_user(user)
    return scope.covers(obj, Role.GRASSROOTS_OFFICER) or scope.covers(obj, Role.UPPER_STAFF, strictly=True)


@rules.predicate
def decides_current_level(user, initiative):
    """Who takes the initiative up, returns, recognises or proposes it at the level it is at now."""
    if initiative is None:
        return False
    return _decides(user, initiative.unit, initiative.level, strictly=initiative.level != Level.GRASSROOTS)


@rules.predicate
def runs_council(user, council):
    """Who names a council's members: the deciding role on the council's own unit."""
    unit = unit_of(council)
    if unit is None:
        return False
    level = getattr(council, "level", None) or UNIT_KIND_LEVEL[unit.kind]
    return _decides(user, unit, level, strictly=False)


@rules.predicate
def has_submitting_role(user):
    return Scope.for_user(user).has_role(Role.GRASSROOTS_OFFICER, Role.UPPER_STAFF)


@rules.predicate
def sits_on_a_council(user):
    """A council member with no role (an expert, a retired engineer) still scores through the app."""
    from initiatives.models import CouncilMember

    if not getattr(user, "is_authenticated", False):
        return False
    return CouncilMember.objects.filter(user=user, left_at__isnull=True).exists()


@rules.predicate
def is_editable(user, initiative):
    return initiative is not None and initiative.is_editable


rules.add_perm("initiatives.view_initiatives", is_admin | has_role | sits_on_a_council)
rules.add_perm("initiatives.add_initiative", is_admin | has_submitting_role)
rules.add_perm("initiatives.submit_initiative", is_admin | may_submit_for)
rules.add_perm("initiatives.change_initiative", is_admin | (may_submit_for & is_editable))
rules.add_perm("initiatives.review_initiative", is_admin | decides_current_level)
rules.add_perm("initiatives.revoke_initiative", is_admin | decides_current_level | is_staff_strictly_above)
rules.add_perm("initiatives.manage_council", is_admin | runs_council)
rules.add_perm("initiatives.add_council", is_admin | has_role)
rules.add_perm("initiatives.manage_criteria", is_admin | is_city_reviewer)
