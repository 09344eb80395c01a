from django.db import migrations


def seed(apps, schema_editor):
    from awards.catalogue import seed as seed_catalogue

    seed_catalogue(apps)  # idempotent: adds the titles the catalogue gained since 0003


class Migration(migrations.Migration):
    dependencies = [("awards", "0006_alter_eligibilityrule_kind")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
