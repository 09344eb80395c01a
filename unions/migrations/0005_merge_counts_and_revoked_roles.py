from django.db import migrations


class Migration(migrations.Migration):
    """Joins the branches of this app's migrations made side by side (scale, reports, integrity)."""

    dependencies = [
        ("unions", "0004_orgunit_active_members"),
        ("unions", "0004_revoked_roles"),
    ]

    operations = []
