from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.enums import AssessmentState
from campaigns.models.core import Phase
from unions.models import OrgUnit


class SelfAssessment(models.Model):
    """A grassroots union's scoring of itself for a phase; upper-level staff review it."""

    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("phase"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("union"))
    state = models.CharField(_("state"), max_length=20, choices=AssessmentState.choices, default=AssessmentState.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        ordering = ["phase", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["phase", "unit"], name="assessment_one_per_unit")]
        indexes = [models.Index(fields=["phase", "state"], name="assess_phase_state_idx")]

    def __str__(self):
        return f"{self.unit} — {self.phase}"

    @property
    def scope_unit(self):
        return self.unit
