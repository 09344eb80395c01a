"""Home panels of campaigns: current campaigns with open phases and reminders; self-assessments to start."""

from campaigns.models import Notice
from campaigns.queries.core import home_campaigns
from campaigns.queries.scoring import open_for_self_assessment


def campaigns_panel(request):
    user = request.user
    if not user.has_perm("campaigns.view_campaigns"):
        return None
    notices = list(Notice.objects.filter(user=user).select_related("reminder__campaign", "reminder__phase", "unit")[:5])
    return {"campaigns": home_campaigns(user), "notices": notices}


def self_assessment_panel(request):
    """The self-assessments the user may start now (hidden when there are none)."""
    to_start = open_for_self_assessment(request.user)
    return {"to_start": to_start} if to_start else None
