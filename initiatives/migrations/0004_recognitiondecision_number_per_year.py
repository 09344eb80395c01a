from django.db import migrations, models


def fill_year(apps, schema_editor):
    RecognitionDecision = apps.get_model("initiatives", "RecognitionDecision")
    for decision in RecognitionDecision.objects.all().only("pk", "date"):
        RecognitionDecision.objects.filter(pk=decision.pk).update(year=decision.date.year)


class Migration(migrations.Migration):
    """Decision numbers start again every year: unique per issuing unit and year, not for ever."""

    dependencies = [("initiatives", "0003_criteria_messages")]

    operations = [
        migrations.AddField(
            model_name="recognitiondecision",
            name="year",
            field=models.PositiveSmallIntegerField(default=2000, editable=False, verbose_name="year"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_year, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="recognitiondecision", name="recognitiondecision_unique_number"),
        migrations.AddConstraint(
            model_name="recognitiondecision",
            constraint=models.UniqueConstraint(
                fields=("unit", "year", "number"),
                name="recognitiondecision_number_per_year",
                violation_error_message="This unit already has a decision with this number in this year.",
            ),
        ),
    ]
