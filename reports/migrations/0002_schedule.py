"""The periodic tasks of reports, kept in django-celery-beat's tables (DatabaseScheduler): one crontab
sweep every five minutes for tallies (it queues one tally per phase that ended), the deadline
reminders every morning, and the clean-up of expired report files every night."""

from django.db import migrations

SCHEDULE = [
    ("Tally ended phases", "reports.sweep_tallies", {"minute": "*/5"}),
    ("Remind before deadlines", "reports.send_deadline_reminders", {"minute": "0", "hour": "7"}),
    ("Remove expired report files", "reports.remove_expired_exports", {"minute": "30", "hour": "2"}),
]


def schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, fields in SCHEDULE:
        crontab, _created = CrontabSchedule.objects.get_or_create(
            minute=fields["minute"],
            hour=fields.get("hour", "*"),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="Asia/Ho_Chi_Minh",
        )
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "interval": None, "enabled": True}
        )


def unschedule(apps, schema_editor):
    names = [name for name, _task, _fields in SCHEDULE]
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0018_improve_crontab_helptext"),
    ]

    operations = [migrations.RunPython(schedule, unschedule)]
