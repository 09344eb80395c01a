from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.enums import AssessmentState
from campaigns.models.core import Campaign, Phase
from unions.models import Block, OrgUnit

POINTS = {"max_digits": 6, "decimal_places": 2}


class ScoreSheet(models.Model):
    """Bảng điểm thi đua of one block in one campaign. A sheet a closed phase used is frozen: edits
    make a new version (`previous` points back) and the old one stays with the old assessments."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="score_sheets", verbose_name=_("campaign")
    )
    block = models.ForeignKey(Block, on_delete=models.PROTECT, related_name="score_sheets", verbose_name=_("block"))
    name = models.CharField(_("name"), max_length=255)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    is_current = models.BooleanField(_("current version"), default=True)
    # A criterion scored below half its points caps the band at this one (default "Hoàn thành nhiệm vụ").
    cap_band = models.ForeignKey(
        "ScoreBand",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("band cap when a criterion is below half"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["campaign", "block__order", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "block", "version"], name="scoresheet_unique_version"),
            models.UniqueConstraint(
                fields=["campaign", "block"], condition=Q(is_current=True), name="scoresheet_one_current"
            ),
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    def get_absolute_url(self):
        return reverse("campaigns:scoring_sheet_detail", args=[self.pk])

    @property
    def scope_unit(self):
        return self.campaign.launched_by


class ScoreSection(models.Model):
    """A heading of the sheet; sections nest through `parent`, criteria hang under them."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="sections", verbose_name=_("sheet"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent section"),
    )
    title = models.CharField(_("title"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["sheet", "order", "pk"]

    def __str__(self):
        return self.title


class Criterion(models.Model):
    section = models.ForeignKey(
        ScoreSection, on_delete=models.PROTECT, related_name="criteria", verbose_name=_("section")
    )
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("criterion"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), **POINTS)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["section__order", "order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_points_positive")]

    def __str__(self):
        return f"{self.code} {self.title}".strip()


class ScoreBand(models.Model):
    """Xếp loại: a total of at least `min_score` earns this band (the best band it reaches)."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="bands", verbose_name=_("sheet"))
    name = models.CharField(_("band"), max_length=150)
    min_score = models.DecimalField(_("from (points)"), **POINTS)

    class Meta:
        verbose_name = _("classification band")
        verbose_name_plural = _("classification bands")
        ordering = ["sheet", "-min_score"]
        constraints = [models.UniqueConstraint(fields=["sheet", "min_score"], name="scoreband_unique_min")]

    def __str__(self):
        return self.name


class VetoCondition(models.Model):
    """Điều kiện loại trừ: when it happened, the unit is "Không hoàn thành nhiệm vụ" whatever its score."""

    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="vetoes", verbose_name=_("sheet"))
    text = models.CharField(_("condition"), max_length=500)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("veto condition")
        verbose_name_plural = _("veto conditions")
        ordering = ["sheet", "order", "pk"]

    def __str__(self):
        return self.text


class SelfAssessment(models.Model):
    """A grassroots union's scoring of itself for a phase; upper-level staff review it."""

    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("phase"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("union"))
    state = models.CharField(_("state"), max_length=20, choices=AssessmentState.choices, default=AssessmentState.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sheet = models.ForeignKey(
        ScoreSheet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        verbose_name=_("score sheet"),
    )
    # Totals are kept on the row so the ranking sorts in the database. `total` is the result:
    # the reviewed score of each criterion where there is one, else the self score.
    self_total = models.DecimalField(_("self-assessed total"), max_digits=8, decimal_places=2, default=0)
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=2, default=0)
    band = models.ForeignKey(
        ScoreBand, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("band")
    )
    # Why the band is lower than the total alone gives: [{"kind": "veto"|"cap", "text": ...}].
    band_reasons = models.JSONField(default=list, blank=True)
    vetoes = models.ManyToManyField(
        VetoCondition, blank=True, related_name="assessments", verbose_name=_("veto conditions that occurred")
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["phase", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["phase", "unit"], name="assessment_one_per_unit")]
        indexes = [
            models.Index(fields=["phase", "state"], name="assess_phase_state_idx"),
            models.Index(fields=["phase", "state", "-total"], name="assess_phase_rank_idx"),
        ]

    def __str__(self):
        return f"{self.unit} — {self.phase}"

    def get_absolute_url(self):
        return reverse("campaigns:scoring_assessment_detail", args=[self.pk])

    @property
    def scope_unit(self):
        return self.unit

    @property
    def band_explanations(self):
        """The reasons for the band, in the reader's language."""
        out = []
        for reason in self.band_reasons:
            if reason.get("kind") == "veto":
                out.append(gettext("Veto condition occurred: %(text)s") % {"text": reason["text"]})
            elif reason.get("kind") == "cap":
                out.append(
                    gettext("Capped because criterion %(criterion)s scored below 50%% of its points")
                    % {"criterion": reason["text"]}
                )
        return out


class ScoreEntry(models.Model):
    """One criterion of one assessment: the unit's own score and the reviewer's, both kept."""

    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, related_name="entries", verbose_name=_("self-assessment")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="entries", verbose_name=_("criterion")
    )
    self_score = models.DecimalField(_("self score"), null=True, blank=True, **POINTS)
    note = models.TextField(_("evidence note"), blank=True)
    reviewed_score = models.DecimalField(_("reviewed score"), null=True, blank=True, **POINTS)
    review_reason = models.TextField(_("reason for the change"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assessment", "criterion__section__order", "criterion__order", "criterion__pk"]
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="scoreentry_one_per_criterion")]

    def __str__(self):
        return f"{self.assessment}: {self.criterion.code}"

    @property
    def score(self):
        return self.reviewed_score if self.reviewed_score is not None else self.self_score

    @property
    def changed_by_review(self):
        return self.reviewed_score is not None and self.reviewed_score != self.self_score

    @property
    def scope_unit(self):
        return self.assessment.unit


class EvidenceFile(models.Model):
    """Minh chứng: a file behind a score, served only through the scoped download view."""

    entry = models.ForeignKey(ScoreEntry, on_delete=models.CASCADE, related_name="files", verbose_name=_("score"))
    file = models.FileField(_("file"), upload_to="campaigns/evidence/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["entry", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def scope_unit(self):
        return self.entry.assessment.unit
