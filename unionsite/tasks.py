from datetime import timedelta

from celery import shared_task
from django.db.models import F
from django.utils import timezone

from unionsite import jobs
from unionsite.models import FormSubmission, Heartbeat

# Form tokens are kept this long: a form sent again later than that is a new submission.
FORM_TOKEN_DAYS = 2


@shared_task(name="unionsite.heartbeat")
def heartbeat():
    """Bumped by beat through a worker: proof on the admin's home page that both are alive."""
    now = timezone.now()
    updated = Heartbeat.objects.filter(name="celery").update(last_run_at=now, runs=F("runs") + 1)
    if not updated:
        Heartbeat.objects.get_or_create(name="celery", defaults={"last_run_at": now, "runs": 1})
    return now.isoformat()


@shared_task(name="unionsite.echo", ignore_result=False)
def echo(*, text):
    """A task with no side effects, used to check that a worker answers through the broker."""
    return {"echo": text, "length": len(text)}


@shared_task(name="unionsite.flush_outbox")
def flush_outbox():
    """Every minute (beat): send the jobs kept while the broker could not be reached."""
    return jobs.flush()


@shared_task(name="unionsite.forget_import_files")
def forget_import_files():
    """Every day (beat): delete the files of import jobs older than settings.IMPORT_FILES_KEEP_HOURS
    (an upload no worker took, an outcome nobody came back for). Safe to run twice."""
    from django.conf import settings

    from unionsite.importjobs import forget_old_jobs

    return forget_old_jobs(older_than=timezone.now() - timedelta(hours=settings.IMPORT_FILES_KEEP_HOURS))


@shared_task(name="unionsite.forget_form_tokens")
def forget_form_tokens():
    """Every day (beat): forget the form tokens of old submissions (they only stop a form being sent
    twice; a record's own history is elsewhere). Safe to run twice."""
    cutoff = timezone.now() - timedelta(days=FORM_TOKEN_DAYS)
    deleted, _ = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
