"""Permissions of the awards app (django-rules). Objects are scoped by their `scope_unit`."""

import rules

from awards.domain import may_decide_grassroots, may_nominate
from unions.enums import Role
from unions.queries import has_any_role
from unions.rules import is_admin, is_staff, is_staff_over, is_staff_strictly_above, unit_of


@rules.predicate
def may_nominate_for(user, obj):
    unit = unit_of(obj)
    return unit is not None and may_nominate(user, unit)


@rules.predicate
def is_editable(user, nomination):
    return nomination is not None and nomination.is_editable


@rules.predicate
def is_staff_over_decider(user, award):
    """Staff of the unit that issued the award's decision (or above the awardee's unit for records)."""
    if award is None:
        return False
    unit = award.decision.unit if award.decision_id else award.unit.parent
    if award.decision_id and award.decision.level == "grassroots" and may_decide_grassroots(user, unit):
        return True  # a grassroots union revokes what it decided itself
    return unit is not None and is_staff_over(user, unit)


@rules.predicate
def has_nominating_role(user):
    return has_any_role(user, Role.GRASSROOTS_OFFICER, Role.UPPER_STAFF)


@rules.predicate
def may_decide_grassroots_for(user, unit):
    return unit is not None and may_decide_grassroots(user, unit)


rules.add_perm("awards.record_grassroots_decision", is_admin | may_decide_grassroots_for)
rules.add_perm("awards.add_nomination", is_admin | has_nominating_role)
rules.add_perm("awards.change_nomination", is_admin | (may_nominate_for & is_editable))
rules.add_perm("awards.view_queue", is_admin | is_staff)
rules.add_perm("awards.issue_decision", is_admin | is_staff)
rules.add_perm("awards.manage_quotas", is_admin | is_staff)
rules.add_perm("awards.revoke_award", is_admin | is_staff_over_decider)


@rules.predicate
def sets_own_level(user, quota):
    """A district sets its own upper-level quotas; quotas binding a unit otherwise come from above."""
    return quota is not None and getattr(quota, "level", None) == "upper"


rules.add_perm(
    "awards.set_quota",
    is_admin | is_staff_strictly_above | (is_staff_over & sets_own_level),
)
