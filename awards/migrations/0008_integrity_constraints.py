"""One live nomination per nominee, title, level and year; one standing award per awardee, title, level
and year; decision numbers unique per issuing unit and year.

Rows that break the new rules (two posts of the same form at the same moment, before the database
kept them apart) are settled first, each with a history row that says why:
- of several standing awards of one awardee for one title, level and year, the first (lowest id) stays
  and the others are revoked;
- of several live nominations of one nominee for one title, level and year, the one that led to a
  standing award stays (else the first), and the others are withdrawn.
"""

from django.db import migrations, models
from django.db.models import Count, Q
from django.utils import timezone

CLOSED = ("rejected", "withdrawn")


def _history(apps, model, pk, *, action, changes, note):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ChangeRecord = apps.get_model("unionsite", "ChangeRecord")
    content_type, _ = ContentType.objects.get_or_create(app_label="awards", model=model)
    ChangeRecord.objects.create(
        content_type=content_type, object_id=pk, actor=None, action=action, changes=changes, note=note
    )


def _groups(queryset, keys):
    """The key values shared by more than one row of `queryset`."""
    return queryset.values(*keys).annotate(n=Count("pk")).filter(n__gt=1).values(*keys)


def fill_decision_years(apps, schema_editor):
    Decision = apps.get_model("awards", "Decision")
    for decision in Decision.objects.filter(year__isnull=True).only("pk", "date"):
        Decision.objects.filter(pk=decision.pk).update(year=decision.date.year)


def settle_duplicates(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    Nomination = apps.get_model("awards", "Nomination")
    now = timezone.now()

    standing = Award.objects.filter(revoked_at__isnull=True)
    for keys, rows in (
        (("member", "title", "level", "year"), standing.filter(member__isnull=False)),
        (("unit", "collective_name", "title", "level", "year"), standing.filter(member__isnull=True)),
    ):
        for group in _groups(rows, keys):
            first, *others = rows.filter(**group).order_by("pk")
            for award in others:
                reason = (
                    f"Thu hồi khi nâng cấp dữ liệu: trùng khen thưởng #{first.pk} "
                    f"(cùng người, danh hiệu, cấp và năm)."
                )
                Award.objects.filter(pk=award.pk).update(revoked_at=now, revoke_reason=reason)
                _history(apps, "award", award.pk, action="update", changes={"revoked": [False, True]}, note=reason)

    live = Nomination.objects.exclude(state__in=CLOSED)
    for keys, rows in (
        (("member", "title", "level", "year"), live.filter(member__isnull=False)),
        (("unit", "collective_name", "title", "level", "year"), live.filter(member__isnull=True)),
    ):
        for group in _groups(rows, keys):
            candidates = list(rows.filter(**group).order_by("pk"))
            awarded = [n for n in candidates if Award.objects.filter(nomination=n, revoked_at__isnull=True).exists()]
            kept = (awarded or candidates)[0]
            for nomination in candidates:
                if nomination.pk == kept.pk:
                    continue
                note = (
                    f"Rút khi nâng cấp dữ liệu: trùng đề nghị #{kept.pk} "
                    f"(cùng người, danh hiệu, cấp và năm; biểu mẫu được gửi hai lần)."
                )
                Nomination.objects.filter(pk=nomination.pk).update(
                    state="withdrawn", state_note=note, waiting_since=None
                )
                _history(
                    apps,
                    "nomination",
                    nomination.pk,
                    action="transition",
                    changes={"state": [nomination.state, "withdrawn"]},
                    note=note,
                )


STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted to the upper level"),
    ("returned", "Returned for completion"),
    ("resubmitted", "Resubmitted"),
    ("approved", "Approved at the upper level"),
    ("forwarded", "Forwarded to the city"),
    ("city_approved", "Approved at the city"),
    ("rejected", "Rejected"),
    ("withdrawn", "Withdrawn"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0007_seed_bang_lao_dong_sang_tao"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("unionsite", "0002_extensions_and_heartbeat_schedule"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="year",
            field=models.PositiveSmallIntegerField(editable=False, null=True, verbose_name="year"),
        ),
        migrations.RunPython(fill_decision_years, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="decision",
            name="year",
            field=models.PositiveSmallIntegerField(editable=False, verbose_name="year"),
        ),
        migrations.RemoveConstraint(model_name="decision", name="decision_unique_number"),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.UniqueConstraint(
                fields=("unit", "year", "number"),
                name="decision_unique_number_per_year",
                violation_error_message="This unit already has a decision with this number in this year.",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="emailed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="e-mailed at"),
        ),
        migrations.AlterField(
            model_name="nomination",
            name="state",
            field=models.CharField(choices=STATES, default="draft", max_length=20, verbose_name="state"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="state",
            field=models.CharField(choices=STATES, max_length=20, verbose_name="state"),
        ),
        migrations.RunPython(settle_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="award",
            constraint=models.UniqueConstraint(
                condition=Q(member__isnull=False, revoked_at__isnull=True),
                fields=("member", "title", "level", "year"),
                name="award_one_standing_per_member",
                violation_error_message="This awardee already holds this title at this level in this year.",
            ),
        ),
        migrations.AddConstraint(
            model_name="award",
            constraint=models.UniqueConstraint(
                condition=Q(member__isnull=True, revoked_at__isnull=True),
                fields=("unit", "collective_name", "title", "level", "year"),
                name="award_one_standing_per_collective",
                violation_error_message="This awardee already holds this title at this level in this year.",
            ),
        ),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=models.UniqueConstraint(
                condition=Q(member__isnull=False) & ~Q(state__in=["rejected", "withdrawn"]),
                fields=("member", "title", "level", "year"),
                name="nomination_one_live_per_member",
                violation_error_message="This nominee already has a nomination for this title, level and year.",
            ),
        ),
        migrations.AddConstraint(
            model_name="nomination",
            constraint=models.UniqueConstraint(
                condition=Q(member__isnull=True) & ~Q(state__in=["rejected", "withdrawn"]),
                fields=("unit", "collective_name", "title", "level", "year"),
                name="nomination_one_live_per_collective",
                violation_error_message="This nominee already has a nomination for this title, level and year.",
            ),
        ),
    ]
