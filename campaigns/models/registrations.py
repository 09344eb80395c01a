from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.enums import RegistrationState
from campaigns.models.core import Campaign
from unions.models import Member, OrgUnit


class UnitRegistration(models.Model):
    """Đăng ký thi đua: a grassroots union takes part in a campaign, with its commitments."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("campaign")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="campaign_registrations", verbose_name=_("union")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=RegistrationState.choices, default=RegistrationState.DRAFT
    )
    commitments = models.TextField(_("commitments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The reason given by the upper level the last time it returned the registration for completion.
    return_reason = models.TextField(_("reason for returning"), blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
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
        verbose_name = _("campaign registration")
        verbose_name_plural = _("campaign registrations")
        ordering = ["campaign", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "unit"], name="registration_one_per_unit")]
        indexes = [models.Index(fields=["campaign", "state"], name="unitreg_campaign_state_idx")]

    def __str__(self):
        return f"{self.unit} — {self.campaign}"

    def get_absolute_url(self):
        return reverse("campaigns:registration_detail", args=[self.pk])

    @property
    def scope_unit(self):
        return self.unit


class StandingManager(models.Manager):
    """Rows not withdrawn: a withdrawn row stays in the table (who, when, why) but counts nowhere."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class TitleRegistration(models.Model):
    """A member, or a collective of the unit, registers for a title it will strive for.

    Never deleted: withdrawing keeps the row with who withdrew it, when and why. `objects` are the
    registrations that stand, `all_objects` every row."""

    registration = models.ForeignKey(
        UnitRegistration, on_delete=models.CASCADE, related_name="titles", verbose_name=_("registration")
    )
    title = models.ForeignKey(
        settings.UNIONSITE_TITLE_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("award title")
    )
    member = models.ForeignKey(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="title_registrations",
        verbose_name=_("member"),
    )
    collective_name = models.CharField(_("collective"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = StandingManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff takes a plain Manager for a field)

    class Meta:
        verbose_name = _("title registration")
        verbose_name_plural = _("title registrations")
        ordering = ["registration", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, collective_name="") | Q(member__isnull=True) & ~Q(collective_name=""),
                name="titlereg_member_xor_collective",
            ),
            # The campaign-wide rule (one person, one title, one campaign) is checked in the domain;
            # these are the last line of defence inside one registration (withdrawn rows aside).
            models.UniqueConstraint(
                fields=["registration", "title", "member"],
                condition=Q(member__isnull=False, withdrawn_at__isnull=True),
                name="titlereg_one_standing_per_member",
                violation_error_message=_("This member is already registered for this title."),
            ),
            models.UniqueConstraint(
                fields=["registration", "title", "collective_name"],
                condition=Q(member__isnull=True, withdrawn_at__isnull=True),
                name="titlereg_one_standing_per_collective",
                violation_error_message=_("This collective is already registered for this title."),
            ),
        ]
        indexes = [models.Index(fields=["member", "title"], name="titlereg_member_title_idx")]

    def __str__(self):
        return f"{self.member or self.collective_name}: {self.title}"

    @property
    def scope_unit(self):
        return self.registration.unit
