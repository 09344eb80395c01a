from django.db import migrations, models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def count(apps, schema_editor):
    OrgUnit = apps.get_model("unions", "OrgUnit")
    Member = apps.get_model("unions", "Member")
    actual = (
        Member.objects.filter(unit=OuterRef("pk"), active=True)
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    OrgUnit.objects.update(active_members=Coalesce(Subquery(actual, output_field=IntegerField()), Value(0)))


class Migration(migrations.Migration):
    dependencies = [
        ("unions", "0003_account_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="orgunit",
            name="active_members",
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name="active members"),
        ),
        migrations.RunPython(count, migrations.RunPython.noop),
    ]
