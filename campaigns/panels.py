"""The campaigns entry of the menu and the home panel: current campaigns, open phases and reminders."""

from campaigns.models import Notice
from campaigns.queries.core import home_campaigns
from unions.queries import roles_of


def can_see_campaigns(user):
    return user.is_authenticated and (user.is_superuser or bool(roles_of(user)))


def campaigns_panel(request):
    user = request.user
    if not can_see_campaigns(user):
        return None
    notices = list(Notice.objects.filter(user=user).select_related("reminder__campaign", "reminder__phase", "unit")[:5])
    return {"campaigns": home_campaigns(user), "notices": notices}
