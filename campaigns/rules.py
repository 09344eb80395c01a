"""Permission predicates and permissions of the campaigns app."""

import rules

from unions.rules import (
    has_role,
    in_scope,
    is_admin,
    is_city_reviewer,
    is_officer_of,
    is_staff,
    is_staff_over,
    is_staff_strictly_above,
)
from unions.scope import Scope

# --- core predicates ---------------------------------------------------------------------------------


def _launching_unit(obj):
    campaign = getattr(obj, "campaign", obj)
    return campaign.launched_by


@rules.predicate
def is_launching_staff(user, obj):
    """A staff role on the unit that launched the campaign (the object's campaign)."""
    return Scope.for_user(user).holds_on(_launching_unit(obj), staff=True)


@rules.predicate
def is_contributing_staff(user, obj):
    """A staff role on the launching unit or on an upper-level union below it (adds its own targets,
    phase details, documents and pledges for its subtree)."""
    return bool(Scope.for_user(user).staff_grants_within(_launching_unit(obj)))


@rules.predicate
def is_staff_of_owner(user, obj):
    """A staff role on the very unit that owns the object (set the target, issued the document)."""
    return Scope.for_user(user).holds_on(obj, staff=True)


# core
rules.add_perm("campaigns.view_campaigns", is_admin | has_role)
rules.add_perm("campaigns.view_movements", is_admin | has_role)
rules.add_perm("campaigns.manage_movements", is_admin | is_city_reviewer)
rules.add_perm("campaigns.add_campaign", is_admin | is_staff)
rules.add_perm("campaigns.change_campaign", is_admin | is_launching_staff)
rules.add_perm("campaigns.contribute_to_campaign", is_admin | is_contributing_staff)
rules.add_perm("campaigns.change_target", is_admin | is_staff_of_owner)
rules.add_perm("campaigns.change_phase_detail", is_admin | is_staff_of_owner)
rules.add_perm("campaigns.change_document", is_admin | is_staff_of_owner)
rules.add_perm("campaigns.change_pledge", is_admin | is_staff_over)
rules.add_perm("campaigns.view_coverage", is_admin | is_staff)


# registrations
# The object is a UnitRegistration (its scope unit is the grassroots union) or, for registering,
# the grassroots OrgUnit itself.
rules.add_perm("campaigns.view_registration", is_admin | in_scope)
rules.add_perm("campaigns.register_unit", is_admin | is_officer_of | is_staff_over)
rules.add_perm("campaigns.change_registration", is_admin | is_officer_of | is_staff_over)
rules.add_perm("campaigns.submit_registration", is_admin | is_officer_of | is_staff_over)
rules.add_perm("campaigns.review_registration", is_admin | is_staff_strictly_above)


# scoring
# Roles only: the state of the assessment and the phase's flags are checked in campaigns.domain.scoring
# (superusers pass every has_perm, so states cannot live here).
rules.add_perm("campaigns.view_assessments", is_admin | has_role)
rules.add_perm("campaigns.manage_score_sheet", is_admin | is_staff_over)
rules.add_perm("campaigns.fill_assessment", is_admin | is_officer_of | is_staff_strictly_above)
rules.add_perm("campaigns.review_assessment", is_admin | is_staff_strictly_above)
