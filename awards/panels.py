"""Home-page panels of the awards app."""

from django.db.models import Count, Min

from awards.queries import notifications_for_user, queue_for_user


def notifications_panel(request):
    """The nominator's unread news about their nominations; hidden when there is none."""
    unread = list(notifications_for_user(request.user).filter(read_at__isnull=True)[:5])
    if not unread:
        return None
    return {"notifications": unread}


def queue_panel(request):
    if not request.user.has_perm("awards.view_queue"):
        return None
    summary = queue_for_user(request.user).order_by().aggregate(count=Count("pk"), oldest=Min("waiting_since"))
    return summary
