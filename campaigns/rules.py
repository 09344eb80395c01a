"""Permission predicates for campaigns. Each part of the app appends its own section."""

import rules

from unions.rules import is_admin, is_officer_of, is_staff_over, is_staff_strictly_above

# scoring
# Roles only: the state of the assessment and the phase's flags are checked in campaigns.domain.scoring
# (superusers pass every has_perm, so states cannot live here).
rules.add_perm("campaigns.manage_score_sheet", is_admin | is_staff_over)
rules.add_perm("campaigns.fill_assessment", is_admin | is_officer_of | is_staff_strictly_above)
rules.add_perm("campaigns.review_assessment", is_admin | is_staff_strictly_above)
