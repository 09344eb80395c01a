from django.db import migrations


def schedule(apps, schema_editor):
    """Delete the files of old import jobs every day."""
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_day, _ = IntervalSchedule.objects.get_or_create(every=1, period="days")
    PeriodicTask.objects.update_or_create(
        name="Forget old import files",
        defaults={"task": "unionsite.forget_import_files", "interval": every_day, "enabled": True},
    )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name="Forget old import files").delete()


class Migration(migrations.Migration):
    dependencies = [("unionsite", "0003_forms_once_and_outbox")]

    operations = [migrations.RunPython(schedule, unschedule)]
