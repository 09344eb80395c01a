from django.db import migrations


class Migration(migrations.Migration):
    """Joins the branches of this app's migrations made side by side (scale, reports, integrity)."""

    dependencies = [
        ("campaigns", "0008_notice_phase_tallied"),
        ("campaigns", "0008_withdrawn_not_deleted"),
    ]

    operations = []
