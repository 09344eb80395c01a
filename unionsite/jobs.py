"""Queue a background job by its task name once the current transaction commits.

Domain code queues work through here rather than importing its app's `tasks` module: a task is a
thin wrapper that imports the domain, so the domain importing the task back would be a cycle.
Tasks are named by their `name=` ("awards.send_notification_email")."""

from django.db import transaction

from unionsite.celery import app


def queue(task_name, **kwargs):
    """Queue the task with keyword arguments after commit (at once outside a transaction).

    `.delay()`, not `send_task()`, so that CELERY_TASK_ALWAYS_EAGER runs it in place in tests."""
    transaction.on_commit(lambda: _task(task_name).delay(**kwargs))


def _task(name):
    if name not in app.tasks:
        # A web process imports no tasks module until one is needed: load them all, as a worker
        # does when it starts. A name still missing after that is a mistake, and raises KeyError.
        app.autodiscover_tasks(force=True)
    return app.tasks[name]
