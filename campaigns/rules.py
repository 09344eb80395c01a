"""Permission predicates of the campaigns app, one section per part (core, registrations, scoring)."""

import rules

from unions.rules import in_scope, is_admin, is_officer_of, is_staff_over, is_staff_strictly_above

# registrations
# The object is a UnitRegistration (its scope unit is the grassroots union) or, for registering,
# the grassroots OrgUnit itself.
rules.add_perm("campaigns.view_registration", is_admin | in_scope)
rules.add_perm("campaigns.register_unit", is_admin | is_officer_of | is_staff_over)
rules.add_perm("campaigns.change_registration", is_admin | is_officer_of | is_staff_over)
rules.add_perm("campaigns.submit_registration", is_admin | is_officer_of | is_staff_over)
rules.add_perm("campaigns.review_registration", is_admin | is_staff_strictly_above)
