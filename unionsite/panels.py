"""The shell's own home panels."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from unionsite.models import Heartbeat, OutboxMessage


def heartbeat_panel(request):
    if not request.user.has_perm("unionsite.view_heartbeat"):
        return None
    beat = Heartbeat.objects.filter(name="celery").first()
    stale = beat is None or timezone.now() - beat.last_run_at > timedelta(seconds=settings.HEARTBEAT_STALE_SECONDS)
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True).count()
    return {"beat": beat, "stale": stale, "stale_after": settings.HEARTBEAT_STALE_SECONDS, "waiting": waiting}
