"""Tally snapshots, the text staff write into their reports, background exports and the record of
automatic reminders."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import Phase
from reports.enums import DeadlineKind, ExportFormat, ExportState, PeriodKind, Section
from unions.models import OrgUnit


class ImmutableError(Exception):
    """A tally snapshot is never changed or removed: a re-run makes a new version."""


class TallyRun(models.Model):
    """One tally of a phase: version 1 by the schedule after the phase ended, later versions when an
    authorised user re-runs it with a reason. Written with its figures in one transaction and never
    changed afterwards; the unique (phase, version) makes a second delivery of the same task a no-op."""

    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="tally_runs", verbose_name=_("phase"))
    version = models.PositiveSmallIntegerField(_("version"))
    reason = models.TextField(_("reason for the re-run"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("tallied at"), auto_now_add=True)
    # Campaign-wide figures (targets against actuals, pledges, documents) and a digest of every row.
    summary = models.JSONField(_("summary"), default=dict)
    digest = models.CharField(_("digest"), max_length=64)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        ordering = ["phase", "-version"]
        constraints = [models.UniqueConstraint(fields=["phase", "version"], name="tallyrun_unique_version")]

    def __str__(self):
        return f"{self.phase} — v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("a tally is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("a tally is never deleted")

    @property
    def scope_unit(self):
        return self.phase.campaign.launched_by


class TallyFigure(models.Model):
    """The figures of one unit (its whole subtree), of one block under one unit, or of one cluster."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("union")
        BLOCK = "block", _("block")
        CLUSTER = "cluster", _("cluster")

    run = models.ForeignKey(TallyRun, on_delete=models.PROTECT, related_name="figures")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # unit: the unit's id; block: "<unit id>:<block id>"; cluster: the cluster's id.
    key = models.CharField(max_length=40)
    name = models.CharField(max_length=255)
    figures = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("tally figure")
        verbose_name_plural = _("tally figures")
        ordering = ["run", "kind", "key"]
        constraints = [models.UniqueConstraint(fields=["run", "kind", "key"], name="tallyfigure_unique_key")]

    def __str__(self):
        return f"{self.run}: {self.kind} {self.name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableError("a tally is never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("a tally is never deleted")


class PeriodTally(models.Model):
    """The figures of a campaign, year or stage report on a large subtree, counted by a worker and kept:
    the unit itself, its children, its blocks and the clusters organised under it (what the report
    reads). Official when the period was over and every phase in it tallied at the time of counting;
    then it stands until a phase of the period is tallied again. A ready row is never changed: a later
    count is a new row; final rows are kept, rows that were not final are removed when a newer count
    replaces them (they are a cache of the records, not a record)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Being counted")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("union"))
    period = models.CharField(_("period"), max_length=40)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    official = models.BooleanField(_("final"), default=False)
    summary = models.JSONField(_("summary"), default=dict)
    rows = models.JSONField(default=list)  # [[kind, key, name, figures], …]
    digest = models.CharField(_("digest"), max_length=64, blank=True)
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    computed_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("kept report figures")
        verbose_name_plural = _("kept report figures")
        ordering = ["unit", "period", "-computed_at"]
        indexes = [models.Index(fields=["unit", "period", "state"], name="periodtally_lookup_idx")]
        constraints = [
            # One count at a time per report: a second request while it runs joins the first.
            models.UniqueConstraint(
                fields=["unit", "period"], condition=models.Q(state="pending"), name="periodtally_one_pending"
            )
        ]

    def __str__(self):
        return f"{self.unit} — {self.period}"

    @property
    def scope_unit(self):
        return self.unit


class ReportText(models.Model):
    """A part of a report the staff write (III. shortcomings, IV. lessons, V. direction), kept per unit
    and period; every edit is in its history."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("union"))
    period = models.CharField(_("period"), max_length=40)
    section = models.CharField(_("section"), max_length=20, choices=Section.choices)
    text = models.TextField(_("text"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        ordering = ["unit", "period", "section"]
        constraints = [models.UniqueConstraint(fields=["unit", "period", "section"], name="reporttext_unique")]

    def __str__(self):
        return f"{self.unit} — {self.period} — {self.get_section_display()}"

    @property
    def scope_unit(self):
        return self.unit


def export_path(instance, filename):
    return f"reports/exports/{instance.token}/{filename}"


class ReportExport(models.Model):
    """A report file made in the background for the person who asked; gone after `expires_at`."""

    token = models.CharField(max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", verbose_name=_("union"))
    kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period = models.CharField(_("period"), max_length=40)
    format = models.CharField(_("format"), max_length=10, choices=ExportFormat.choices)
    state = models.CharField(_("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(upload_to=export_path, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"], name="reportexport_expiry_idx")]

    def __str__(self):
        return self.filename or self.token

    @property
    def scope_unit(self):
        return self.unit


class DeadlineReminder(models.Model):
    """One automatic reminder sent to one union before a phase's deadline: the unique row is the claim,
    so the same reminder never goes out twice."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="+", verbose_name=_("phase"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", verbose_name=_("union"))
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineKind.choices)
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    reminder = models.ForeignKey(
        "campaigns.Reminder", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["phase", "unit", "kind", "days_before"], name="deadlinereminder_once")
        ]

    def __str__(self):
        return f"{self.unit} — {self.phase} — {self.days_before}"
