from celery import shared_task
from django.db.models import F
from django.utils import timezone

from unionsite.models import Heartbeat


@shared_task(name="unionsite.heartbeat")
def heartbeat():
    """Bumped by beat through a worker: proof on the admin's home page that both are alive."""
    now = timezone.now()
    updated = Heartbeat.objects.filter(name="celery").update(last_run_at=now, runs=F("runs") + 1)
    if not updated:
        Heartbeat.objects.get_or_create(name="celery", defaults={"last_run_at": now, "runs": 1})
    return now.isoformat()


@shared_task(name="unionsite.echo")
def echo(*, text):
    """A task with no side effects, used to check that a worker answers through the broker."""
    return {"echo": text, "length": len(text)}
