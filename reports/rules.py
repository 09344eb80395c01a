"""Permissions of the reports app (django-rules).

Reports are read by everyone with a role, for the units in their scope (the queries decide which);
a phase is tallied again by the staff of the unit that launched its campaign; the texts of a report
(III.–V.) are written by the staff of the report's unit, or by the grassroots union's own officer."""

import rules

from unions.enums import Role
from unions.rules import has_role, is_admin
from unions.scope import Scope


@rules.predicate
def is_launching_staff(user, phase):
    return phase is not None and Scope.for_user(user).holds_on(phase.campaign.launched_by, staff=True)


@rules.predicate
def writes_for_unit(user, unit):
    """Staff of the unit or above it, or the officer of the grassroots union itself."""
    scope = Scope.for_user(user)
    return unit is not None and (scope.covers(unit, staff=True) or scope.holds_on(unit, Role.GRASSROOTS_OFFICER))


rules.add_perm("reports.view_reports", is_admin | has_role)
rules.add_perm("reports.tally_phase", is_admin | is_launching_staff)
rules.add_perm("reports.write_report", is_admin | writes_for_unit)
rules.add_perm("reports.view_dashboard", is_admin | has_role)
