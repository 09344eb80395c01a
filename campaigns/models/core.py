from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.enums import CampaignKind, CampaignState
from unions.models import OrgUnit


class Movement(models.Model):
    """Phong trào: a standing theme such as "Lao động giỏi – Lao động sáng tạo"."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Campaign(models.Model):
    """Đợt/phong trào thi đua launched by a city or upper-level union for its subtree."""

    launched_by = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("launched by")
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices, default=CampaignKind.ANNUAL)
    movements = models.ManyToManyField(Movement, blank=True, related_name="campaigns", verbose_name=_("movements"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    state = models.CharField(_("state"), max_length=20, choices=CampaignState.choices, default=CampaignState.DRAFT)
    document_number = models.CharField(_("launch document number"), max_length=50, blank=True)
    document_date = models.DateField(_("launch document date"), null=True, blank=True)
    document_file = models.FileField(_("launch document"), upload_to="campaigns/launch/%Y/", blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "title"]
        indexes = [models.Index(fields=["launched_by", "state"], name="campaign_unit_state_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_ordered")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("campaigns:campaign_detail", args=[self.pk])

    @property
    def scope_unit(self):
        return self.launched_by

    @property
    def year(self):
        return self.ends_on.year


class Phase(models.Model):
    """Đợt: a dated part of a campaign. The flags say what may be done while the phase runs."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases", verbose_name=_("campaign"))
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100)
    theme = models.TextField(_("theme"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    registration_open = models.BooleanField(_("registration open"), default=False)
    self_assessment_open = models.BooleanField(_("self-assessment open"), default=False)
    nominations_open = models.BooleanField(_("nominations open"), default=False)
    review_open = models.BooleanField(_("review open"), default=False)
    is_final = models.BooleanField(_("final review (tổng kết)"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["campaign", "number"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="phase_unique_number"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="phase_period_ordered"),
        ]

    def __str__(self):
        return f"{self.name} — {self.campaign}"

    @property
    def scope_unit(self):
        return self.campaign.launched_by
