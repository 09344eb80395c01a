from django.db import migrations


def create_extensions(apps, schema_editor):
    # unaccent and pg_trgm back the diacritic-insensitive search on PostgreSQL; SQLite needs neither.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


def schedule_heartbeat(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=60, period="seconds")
    PeriodicTask.objects.update_or_create(
        name="Heartbeat",
        defaults={"task": "unionsite.heartbeat", "interval": every_minute, "enabled": True},
    )


def unschedule_heartbeat(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name="Heartbeat").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("unionsite", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [
        migrations.RunPython(create_extensions, migrations.RunPython.noop),
        migrations.RunPython(schedule_heartbeat, unschedule_heartbeat),
    ]
