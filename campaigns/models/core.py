from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from campaigns.enums import (
    CampaignKind,
    CampaignState,
    DocumentKind,
    EmulationMethod,
    NoticeKind,
    ReminderKind,
    TargetMetric,
)
from unions.models import Block, Cluster, OrgUnit


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
    title = models.CharField(_("campaign name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=CampaignKind.choices, default=CampaignKind.ANNUAL)
    method = models.CharField(
        _("form of emulation"),
        max_length=20,
        choices=EmulationMethod.choices,
        default=EmulationMethod.REGULAR,
        db_default=EmulationMethod.REGULAR,
    )
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


class PhaseDetail(models.Model):
    """What an upper-level union adds to a phase of a campaign launched above it, for its own subtree."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="details", verbose_name=_("phase"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("union"))
    details = models.TextField(_("details"))

    class Meta:
        verbose_name = _("phase details")
        verbose_name_plural = _("phase details")
        ordering = ["phase", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["phase", "unit"], name="phasedetail_one_per_unit")]

    def __str__(self):
        return f"{self.phase.name} — {self.unit}"

    @property
    def scope_unit(self):
        return self.unit


class StandingTargetManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class Target(models.Model):
    """Chỉ tiêu: a figure the campaign aims at, for one block (or all) of the setting unit's subtree.

    Never deleted: withdrawing keeps the row with who withdrew it, when and why. `objects` are the
    targets that stand, `all_objects` every row."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets", verbose_name=_("campaign"))
    set_by = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("set by"))
    block = models.ForeignKey(
        Block, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("block")
    )
    metric = models.CharField(_("metric"), max_length=30, choices=TargetMetric.choices)
    title = models.ForeignKey(
        settings.UNIONSITE_TITLE_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("title"),
    )
    value = models.PositiveIntegerField(_("target value"))
    note = models.CharField(_("note"), max_length=255, blank=True)
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

    objects = StandingTargetManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff takes a plain Manager for a field)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["campaign", "set_by__path", "block__order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(metric=TargetMetric.TITLE_REGISTRATIONS, title__isnull=False)
                | ~Q(metric=TargetMetric.TITLE_REGISTRATIONS) & Q(title__isnull=True),
                name="target_title_iff_title_metric",
            ),
            models.CheckConstraint(
                condition=~Q(metric=TargetMetric.REGISTERED_SHARE) | Q(value__lte=100), name="target_share_le_100"
            ),
        ]

    def __str__(self):
        return f"{self.get_metric_display()}: {self.value}"

    @property
    def scope_unit(self):
        return self.set_by

    @property
    def is_share(self):
        return self.metric == TargetMetric.REGISTERED_SHARE


class CampaignDocument(models.Model):
    """A plan, guidance note or official letter issued for a campaign (kế hoạch, hướng dẫn, công văn)."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="documents", verbose_name=_("campaign")
    )
    issued_by = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by"))
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=50)
    issued_on = models.DateField(_("date"))
    title = models.CharField(pgettext_lazy("document", "subject"), max_length=255)
    file = models.FileField(_("file"), upload_to="campaigns/documents/%Y/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign document")
        verbose_name_plural = _("campaign documents")
        ordering = ["campaign", "-issued_on", "pk"]

    def __str__(self):
        return f"{self.number} — {self.title}"

    @property
    def scope_unit(self):
        return self.issued_by


class Pledge(models.Model):
    """Giao ước thi đua: the units of a cluster pledge to each other for a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="pledges", verbose_name=_("campaign"))
    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("cluster"))
    signed_on = models.DateField(_("signed on"))
    content = models.TextField(_("content"), blank=True)
    signatories = models.ManyToManyField(OrgUnit, related_name="pledges", verbose_name=_("signatories"))
    document = models.FileField(_("document"), upload_to="campaigns/pledges/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("emulation pledge")
        verbose_name_plural = _("emulation pledges")
        ordering = ["campaign", "cluster__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "cluster"], name="pledge_one_per_cluster")]

    def __str__(self):
        return f"{self.cluster} — {self.campaign}"

    @property
    def scope_unit(self):
        return self.cluster.organiser


class Reminder(models.Model):
    """A reminder sent to grassroots unions that have not registered or not self-assessed."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("campaign")
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("phase")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    units = models.ManyToManyField(OrgUnit, related_name="+", verbose_name=_("unions"))
    message = models.TextField(_("message"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Set by the task when the e-mails went out; the task claims the row with it, so a re-run sends nothing.
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    email_count = models.PositiveIntegerField(_("e-mails sent"), default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.campaign}"

    @property
    def scope_unit(self):
        return self.campaign.launched_by


class Notice(models.Model):
    """An in-app notice to one officer of a union, shown on the officer's home page: a reminder the
    upper level sent (its message and deadline), or news of the union's registration (accepted,
    entered and accepted on the union's behalf, or returned with the reason in `note`).

    Rows keep codes and raw values; the words are made when the notice is read or e-mailed
    (campaigns.domain.notices.notice_text), in the reader's language. `emailed_at` is set by the
    task that e-mails the notice: it claims the row with it, so a re-run sends nothing."""

    kind = models.CharField(_("kind"), max_length=30, choices=NoticeKind.choices, default=NoticeKind.REMINDER)
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, null=True, blank=True, related_name="notices")
    registration = models.ForeignKey(
        "campaigns.UnitRegistration", on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    # The phase whose tally is ready (kind PHASE_TALLIED); `note` then holds the tally's version.
    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, null=True, blank=True, related_name="notices")
    note = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_notices")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["reminder", "user", "unit"], name="notice_unique"),
            models.CheckConstraint(
                condition=Q(kind=NoticeKind.REMINDER, reminder__isnull=False, registration__isnull=True)
                | Q(kind=NoticeKind.PHASE_TALLIED, reminder__isnull=True, registration__isnull=True)
                | ~Q(kind__in=[NoticeKind.REMINDER, NoticeKind.PHASE_TALLIED])
                & Q(reminder__isnull=True, registration__isnull=False),
                name="notice_reminder_or_registration",
            ),
            models.CheckConstraint(
                condition=Q(kind=NoticeKind.PHASE_TALLIED, phase__isnull=False)
                | ~Q(kind=NoticeKind.PHASE_TALLIED) & Q(phase__isnull=True),
                name="notice_phase_iff_tallied",
            ),
            # One notice per officer and tally version, however often the tally is delivered.
            models.UniqueConstraint(
                fields=["phase", "note", "user"],
                condition=Q(kind=NoticeKind.PHASE_TALLIED),
                name="notice_tally_once",
            ),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="notice_user_created_idx")]

    def __str__(self):
        return f"{self.user} — {self.get_kind_display()}"
