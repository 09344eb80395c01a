"""Home panels of campaigns: current campaigns with open phases and reminders; self-assessments to start."""

from campaigns.domain.notices import notice_text
from campaigns.models import Notice
from campaigns.queries.core import home_campaigns
from campaigns.queries.scoring import open_for_self_assessment


def campaigns_panel(request):
    user = request.user
    if not user.has_perm("campaigns.view_campaigns"):
        return None
    notices = list(
        Notice.objects.filter(user=user).select_related(
            "unit", "reminder__campaign", "reminder__phase", "registration__campaign", "phase__campaign"
        )[:5]
    )
    for notice in notices:
        # The officer reads what the e-mail says: the staff's message, the deadline, the reason.
        notice.subject, notice.body = notice_text(notice)
    return {"campaigns": home_campaigns(user), "notices": notices}


def self_assessment_panel(request):
    """The self-assessments the user may start now (hidden when there are none)."""
    to_start = open_for_self_assessment(request.user)
    return {"to_start": to_start} if to_start else None
