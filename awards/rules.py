"""Permissions of the awards app (django-rules). Objects are scoped by their `scope_unit`.

Who may act is decided here and only here; the state a record must be in (and the phase's flags)
is checked by the domain, because an active superuser passes every `has_perm`."""

import rules

from awards.enums import Level
from unions.enums import Role, UnitKind
from unions.rules import has_role, is_admin, is_staff, is_staff_over, is_staff_strictly_above
from unions.scope import Scope, unit_of


@rules.predicate
def may_nominate_for(user, obj):
    """The unit's own officer, or upper-level staff above it acting on its behalf."""
    scope = Scope.for_user(user)
    return scope.covers(obj, Role.GRASSROOTS_OFFICER) or scope.covers(obj, Role.UPPER_STAFF, strictly=True)


@rules.predicate
def is_upper_reviewer(user, obj):
    """Upper-level staff above the record's grassroots union (reviews, approves, forwards)."""
    return Scope.for_user(user).covers(obj, Role.UPPER_STAFF, strictly=True)


@rules.predicate
def is_city_reviewer_of(user, obj):
    """A city reviewer above the record's union (decides what was forwarded)."""
    return Scope.for_user(user).covers(obj, Role.CITY_REVIEWER, strictly=True)


@rules.predicate
def is_grassroots_unit(user, obj):
    unit = unit_of(obj)
    return unit is not None and unit.kind == UnitKind.GRASSROOTS


@rules.predicate
def is_editable(user, nomination):
    return nomination is not None and nomination.is_editable


@rules.predicate
def is_staff_over_decider(user, award):
    """Staff of the unit that issued the award's decision (or above the awardee's unit for records);
    a grassroots union revokes what it decided itself."""
    if award is None:
        return False
    unit = award.decision.unit if award.decision_id else award.unit.parent
    if award.decision_id and award.decision.level == Level.GRASSROOTS and may_decide_grassroots(user, unit):
        return True
    return unit is not None and is_staff_over(user, unit)


@rules.predicate
def has_nominating_role(user):
    return Scope.for_user(user).has_role(Role.GRASSROOTS_OFFICER, Role.UPPER_STAFF)


@rules.predicate
def is_district_staff_of(user, obj):
    """Upper-level staff of the district (or sector union) the record belongs to, or above it: who
    proposes the district's awardees to the city."""
    unit = unit_of(obj)
    return unit is not None and unit.kind == UnitKind.UPPER and Scope.for_user(user).covers(unit, Role.UPPER_STAFF)


may_decide_grassroots = is_grassroots_unit & may_nominate_for


@rules.predicate
def sets_own_level(user, quota):
    """A district sets its own upper-level quotas; quotas binding a unit otherwise come from above."""
    return quota is not None and getattr(quota, "level", None) == Level.UPPER


rules.add_perm("awards.view_awards", is_admin | has_role)
rules.add_perm("awards.nominate_for", is_admin | may_nominate_for)
rules.add_perm("awards.add_nomination", is_admin | has_nominating_role)
rules.add_perm("awards.change_nomination", is_admin | (may_nominate_for & is_editable))
rules.add_perm("awards.review_nomination", is_admin | is_upper_reviewer)
rules.add_perm("awards.review_city_nomination", is_admin | is_city_reviewer_of)
# On a district (or its decision): its proposal page; on an award: proposing its holder to the city.
rules.add_perm("awards.propose_for_unit", is_admin | is_district_staff_of)
rules.add_perm("awards.propose_to_city", is_admin | is_upper_reviewer)
rules.add_perm("awards.record_grassroots_decision", is_admin | may_decide_grassroots)
rules.add_perm("awards.view_queue", is_admin | is_staff)
rules.add_perm("awards.issue_decision", is_admin | is_staff)
rules.add_perm("awards.decide_for_unit", is_admin | is_staff_over)
rules.add_perm("awards.manage_quotas", is_admin | is_staff)
rules.add_perm("awards.revoke_award", is_admin | is_staff_over_decider)
rules.add_perm(
    "awards.set_quota",
    is_admin | is_staff_strictly_above | (is_staff_over & sets_own_level),
)
