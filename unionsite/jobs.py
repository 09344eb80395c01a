"""Queue a background job by its task name: kept in the database first, sent to the broker after commit.

Domain code queues work through here rather than importing its app's `tasks` module: a task is a
thin wrapper that imports the domain, so the domain importing the task back would be a cycle.
Tasks are named by their `name=` ("awards.send_notification_email").

The job is an OutboxMessage row written in the transaction of the change that asks for it (a
transactional outbox): it exists exactly when the change was committed. After the commit it is sent;
when the broker (Redis) cannot be reached the page still works, the row waits, the request is told
(`deferred_in_this_request`, shown by unionsite.middleware.DeferredJobsMiddleware) and the row is sent
later: by the periodic task `unionsite.flush_outbox` and after the next job that does get through.
Tasks are written to be run twice safely (see each task), since a job can reach the broker and its
row miss the mark of it (a crash between the two).
"""

import contextvars
import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from unionsite.celery import app
from unionsite.models import OutboxMessage

log = logging.getLogger(__name__)

try:  # the Redis client, when the broker is Redis (celery[redis])
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency of celery[redis]
    RedisError = OperationalError

# What a broker that cannot be reached raises when a job is published.
BROKER_ERRORS = (OperationalError, RedisError, OSError)
# One quick retry: a page waits at most a fraction of a second on a broker that is down.
PUBLISH_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# A row being sent is left alone by other senders this long (a sender that died frees it after that).
CLAIM = timedelta(minutes=2)
# After a job gets through, this many waiting ones go with it.
FLUSH_AFTER_SEND = 20

_deferred = contextvars.ContextVar("unionsite_jobs_deferred", default=None)


def queue(task_name, **kwargs):
    """Keep the job (the task's name and keyword arguments) in the current transaction and send it
    after commit (at once outside a transaction). Returns the OutboxMessage.

    `apply_async`, not `send_task()`, so that CELERY_TASK_ALWAYS_EAGER runs it in place in tests."""
    message = OutboxMessage.objects.create(task=task_name, kwargs=kwargs)
    transaction.on_commit(lambda: _send_then_flush(message))
    return message


def _send_then_flush(message):
    if send(message) and OutboxMessage.objects.filter(_waiting()).exists():
        flush(limit=FLUSH_AFTER_SEND)


def _waiting(now=None):
    now = now or timezone.now()
    return Q(sent_at__isnull=True) & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))


def send(message):
    """Publish one kept job. Claimed first with a conditional update, so two senders never publish
    the same row; marked sent once the broker took it. A broker that cannot be reached leaves the
    row waiting (with the error) and returns False."""
    now = timezone.now()
    claimed = OutboxMessage.objects.filter(_waiting(now), pk=message.pk).update(
        claimed_until=now + CLAIM, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    if app.conf.task_always_eager:
        # No broker: the task runs here and now (tests); what it raises is the task's own error.
        _task(message.task).apply_async(kwargs=message.kwargs)
        OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now(), claimed_until=None)
        return True
    try:
        _task(message.task).apply_async(kwargs=message.kwargs, retry=True, retry_policy=PUBLISH_RETRY)
    except BROKER_ERRORS as error:
        OutboxMessage.objects.filter(pk=message.pk).update(claimed_until=None, last_error=str(error)[:1000])
        log.warning("Job %s #%s kept for later: the broker cannot be reached (%s)", message.task, message.pk, error)
        deferred = _deferred.get()
        if deferred is not None:
            deferred.append(message.pk)
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now(), claimed_until=None, last_error="")
    return True


def flush(limit=500):
    """Send the jobs still waiting, oldest first; stop at the first the broker refuses (it is still
    down: the next run tries again). Returns the number sent."""
    sent = 0
    for message in OutboxMessage.objects.filter(_waiting()).order_by("pk")[:limit]:
        if not send(message):
            break
        sent += 1
    return sent


def pending():
    """Jobs kept because the broker could not be reached (or being sent now)."""
    return OutboxMessage.objects.filter(sent_at__isnull=True)


class collect_deferred:
    """Around a request: the jobs of the request that had to be kept for later (`.pks`)."""

    def __enter__(self):
        self.pks = []
        self._token = _deferred.set(self.pks)
        return self

    def __exit__(self, *exc):
        _deferred.reset(self._token)
        return False


def _task(name):
    if name not in app.tasks:
        # A web process imports no tasks module until one is needed: load them all, as a worker
        # does when it starts. A name still missing after that is a mistake, and raises KeyError.
        app.autodiscover_tasks(force=True)
    return app.tasks[name]
