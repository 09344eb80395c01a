from django.db import migrations, models


class Migration(migrations.Migration):
    """The register's order (newest year, newest first) as an index: a page of the city's list reads
    its first 25 entries instead of sorting the whole of the current year."""

    dependencies = [
        ("initiatives", "0004_recognitiondecision_number_per_year"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="initiative",
            index=models.Index(fields=["-year", "-id"], name="initiative_list_order_idx"),
        ),
    ]
