from django.db import migrations


class Migration(migrations.Migration):
    """Joins the branches of this app's migrations made side by side (scale, reports, integrity)."""

    dependencies = [
        ("awards", "0008_awardtitle_statistics_code"),
        ("awards", "0008_integrity_constraints"),
        ("awards", "0009_nomination_waiting_idx"),
    ]

    operations = []
