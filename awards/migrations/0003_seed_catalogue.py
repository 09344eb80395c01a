"""Seeds the title catalogue (awards/catalogue.py). Re-running changes nothing."""

from django.db import migrations


def seed(apps, schema_editor):
    from awards.catalogue import seed as seed_catalogue

    seed_catalogue(apps)


class Migration(migrations.Migration):
    dependencies = [("awards", "0002_levels_rules_nominations")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
