from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.enums import (
    CLOSED_STATES,
    REASONED_STATES,
    AttachmentKind,
    CommendationMethod,
    Level,
    NominationState,
    RuleKind,
    StatisticsCode,
    Subject,
)
from unions.enums import UnitKind
from unions.models import Member, OrgUnit
from unionsite.text import fold


class AwardTitle(models.Model):
    """A title or form of commendation (danh hiệu, hình thức khen thưởng) such as "Công nhân giỏi".

    The levels it exists at (with the unit kind that decides there) and its eligibility rules are
    rows of their own, so a federation edits them as data."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255, unique=True)
    subject = models.CharField(_("subject"), max_length=20, choices=Subject.choices)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Where the title is counted in the state's emulation and commendation statistics forms
    # (reports.statistics groups the yearly tables by it); empty: not counted there.
    statistics_code = models.CharField(
        _("statistics code"), max_length=20, choices=StatisticsCode.choices, blank=True, db_index=True
    )

    class Meta:
        verbose_name = _("title")
        verbose_name_plural = _("titles")
        ordering = ["order", "name"]
        # Campaigns' foreign keys name this model through the setting, so their migrations do too.
        swappable = "UNIONSITE_TITLE_MODEL"

    def __str__(self):
        return self.name

    def accepts_member(self):
        return self.subject in (Subject.INDIVIDUAL, Subject.FAMILY, Subject.ANY)

    def accepts_collective(self):
        return self.subject in (Subject.COLLECTIVE, Subject.ANY)


class TitleLevel(models.Model):
    """A level a title exists at, and the kind of unit that decides it there."""

    title = models.ForeignKey(AwardTitle, on_delete=models.CASCADE, related_name="levels", verbose_name=_("title"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    decided_by = models.CharField(_("decided by"), max_length=20, choices=UnitKind.choices)
    label = models.CharField(_("name at this level"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("title level")
        verbose_name_plural = _("title levels")
        ordering = ["title", "level"]
        constraints = [models.UniqueConstraint(fields=["title", "level"], name="titlelevel_unique")]

    def __str__(self):
        return self.label or f"{self.title} ({self.get_level_display()})"


class EligibilityRule(models.Model):
    """One eligibility condition kept as data: a kind and its parameters (JSON).

    An empty level means the rule applies at every level of the title. Parameters by kind:
    prior_title {"level": "upper", "title": "<code>" (default: the same title)}; initiative
    {"min_level": "grassroots"}; min_membership {"months": 12}; declared_exclusions
    {"exclusions": ["disciplined", "absent_40_days"]}; women_only and direct_production none."""

    title = models.ForeignKey(AwardTitle, on_delete=models.CASCADE, related_name="rules", verbose_name=_("title"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=RuleKind.choices)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["title", "order", "pk"]

    def __str__(self):
        return f"{self.title}: {self.get_kind_display()}"


class Quota(models.Model):
    """How many nominations of a title at a level a unit's subtree may have accepted in a year:
    an absolute number, or "không quá X%" of the title registrations in that subtree."""

    title = models.ForeignKey(AwardTitle, on_delete=models.PROTECT, related_name="quotas", verbose_name=_("title"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="award_quotas", verbose_name=_("union"))
    max_count = models.PositiveIntegerField(_("at most (number)"), null=True, blank=True)
    max_percent = models.PositiveSmallIntegerField(_("at most (percent of registrations)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["-year", "title__order", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["title", "level", "year", "unit"], name="quota_unique"),
            models.CheckConstraint(
                condition=Q(max_count__isnull=False, max_percent__isnull=True)
                | Q(max_count__isnull=True, max_percent__isnull=False),
                name="quota_count_xor_percent",
            ),
            models.CheckConstraint(
                condition=Q(max_percent__isnull=True) | Q(max_percent__lte=100), name="quota_percent_range"
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.get_level_display()} — {self.unit} — {self.year}"

    @property
    def scope_unit(self):
        return self.unit


class Nomination(models.Model):
    """Đề nghị khen thưởng: a grassroots union proposes a member or a collective for a title."""

    phase = models.ForeignKey(
        "campaigns.Phase", on_delete=models.PROTECT, related_name="nominations", verbose_name=_("phase")
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("union"))
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="nominations", verbose_name=_("member")
    )
    collective_name = models.CharField(_("collective"), max_length=255, blank=True)
    title = models.ForeignKey(AwardTitle, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("title"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    achievements = models.TextField(_("summary of achievements"))
    earlier_titles = models.TextField(_("earlier titles (from the records)"), blank=True)
    not_disciplined = models.BooleanField(_("I declare: not disciplined during the year"), default=False)
    not_absent_40_days = models.BooleanField(_("I declare: not absent from work for 40 days or more"), default=False)
    state = models.CharField(_("state"), max_length=20, choices=NominationState.choices, default=NominationState.DRAFT)
    state_note = models.TextField(_("reason"), blank=True)
    # Set when the district proposed this city-level nomination from one of its own awards
    # (awards.domain.proposals): it went straight to the city with the award's dossier.
    proposed_from = models.ForeignKey(
        "awards.Award",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="city_proposals",
        verbose_name=_("proposed from the district award"),
    )
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="award_nominations",
        verbose_name=_("nominated by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "waiting_since"], name="nomination_state_wait_idx"),
            models.Index(fields=["title", "level", "year", "state"], name="nomination_quota_idx"),
            # The review queues (awards.queries.queue_q): only what waits for someone, oldest first.
            models.Index(
                fields=["waiting_since", "id"],
                name="nomination_waiting_idx",
                condition=Q(state__in=["submitted", "resubmitted", "forwarded"]) | Q(state="approved", level="city"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, collective_name="") | Q(member__isnull=True) & ~Q(collective_name=""),
                name="nomination_member_xor_collective",
            ),
            # One live nomination per nominee, title, level and year: two posts of the same form at
            # once cannot both slip past the domain's check (rejected and withdrawn ones do not count).
            models.UniqueConstraint(
                fields=["member", "title", "level", "year"],
                condition=Q(member__isnull=False) & ~Q(state__in=CLOSED_STATES),
                name="nomination_one_live_per_member",
                violation_error_message=_("This nominee already has a nomination for this title, level and year."),
            ),
            models.UniqueConstraint(
                fields=["unit", "collective_name", "title", "level", "year"],
                condition=Q(member__isnull=True) & ~Q(state__in=CLOSED_STATES),
                name="nomination_one_live_per_collective",
                violation_error_message=_("This nominee already has a nomination for this title, level and year."),
            ),
        ]

    def __str__(self):
        return f"{self.nominee_name}: {self.title} ({self.get_level_display()})"

    def get_absolute_url(self):
        return reverse("awards:nomination_detail", args=[self.pk])

    @property
    def scope_unit(self):
        return self.unit

    @property
    def nominee_name(self):
        return self.member.full_name if self.member_id else self.collective_name

    @property
    def is_editable(self):
        return self.state in (NominationState.DRAFT, NominationState.RETURNED)

    @property
    def state_note_is_reason(self):
        return self.state in REASONED_STATES


def attachment_path(instance, filename):
    return f"awards/nominations/{instance.nomination_id}/{filename}"


class NominationAttachment(models.Model):
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("nomination")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["nomination", "kind", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def scope_unit(self):
        return self.nomination.unit


class Decision(models.Model):
    """Quyết định khen thưởng: issued by a unit over many accepted nominations."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="award_decisions", verbose_name=_("issued by")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    number = models.CharField(_("decision number"), max_length=50)
    method = models.CharField(
        _("kind of commendation"),
        max_length=20,
        choices=CommendationMethod.choices,
        default=CommendationMethod.REGULAR,
        db_default=CommendationMethod.REGULAR,
    )
    date = models.DateField(_("decision date"))
    # The year of `date`, kept as a column so that the database keeps decision numbers unique per
    # issuing unit and year (numbering such as "12/QĐ-LĐLĐ" starts again every year).
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    signer = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(_("signer's position"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "number"],
                name="decision_unique_number_per_year",
                violation_error_message=_("This unit already has a decision with this number in this year."),
            )
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        self.year = self.date.year
        if kwargs.get("update_fields") is not None and "date" in kwargs["update_fields"]:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"year"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("awards:decision_detail", args=[self.pk])

    def clean(self):
        if self.date:
            self.year = self.date.year

    def validate_constraints(self, exclude=None):
        # `year` is no form's field but follows `date` (set in clean): check the number per year too.
        if exclude and "date" not in exclude:
            exclude = set(exclude) - {"year"}
        super().validate_constraints(exclude=exclude)

    @property
    def scope_unit(self):
        return self.unit


class Award(models.Model):
    """A title granted: from a decision in the product, or entered from earlier paper records."""

    title = models.ForeignKey(AwardTitle, on_delete=models.PROTECT, related_name="awards", verbose_name=_("title"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="awards", verbose_name=_("union"))
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="awards", verbose_name=_("member")
    )
    collective_name = models.CharField(_("collective"), max_length=255, blank=True)
    # The decision's kind of commendation, kept on each award: the statistics count awards by it
    # without reading the decisions.
    method = models.CharField(
        _("kind of commendation"),
        max_length=20,
        choices=CommendationMethod.choices,
        default=CommendationMethod.REGULAR,
        db_default=CommendationMethod.REGULAR,
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="awards", verbose_name=_("decision")
    )
    nomination = models.OneToOneField(
        Nomination, on_delete=models.PROTECT, null=True, blank=True, related_name="award", verbose_name=_("nomination")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)
    # The awardee's folded name (member or collective), kept here so that lists sorted by name (the
    # honour roll) read the awards only, not every member; a member's rename updates it (awards/apps.py).
    name_search = models.CharField(max_length=255, editable=False, default="")

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "title__order", "pk"]
        indexes = [
            models.Index(fields=["member", "year"], name="award_member_year_idx"),
            models.Index(fields=["unit", "year"], name="award_unit_year_idx"),
            models.Index(fields=["year", "level"], name="award_year_level_idx"),
        ]
        constraints = [
            # A title is held once per level and year: a standing award (not revoked) per awardee.
            # `nomination` is a one-to-one field: one award per nomination.
            models.UniqueConstraint(
                fields=["member", "title", "level", "year"],
                condition=Q(member__isnull=False, revoked_at__isnull=True),
                name="award_one_standing_per_member",
                violation_error_message=_("This awardee already holds this title at this level in this year."),
            ),
            models.UniqueConstraint(
                fields=["unit", "collective_name", "title", "level", "year"],
                condition=Q(member__isnull=True, revoked_at__isnull=True),
                name="award_one_standing_per_collective",
                violation_error_message=_("This awardee already holds this title at this level in this year."),
            ),
        ]

    def __str__(self):
        return f"{self.awardee_name}: {self.title} ({self.get_level_display()}, {self.year})"

    def save(self, *args, **kwargs):
        self.name_search = fold(self.awardee_name)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"name_search"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("awards:award_detail", args=[self.pk])

    @property
    def scope_unit(self):
        return self.unit

    @property
    def awardee_name(self):
        return self.member.full_name if self.member_id else self.collective_name

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def display_title(self):
        """The title as named at its level ("Công nhân giỏi Thủ đô"); prefetch title__levels for lists."""
        for title_level in self.title.levels.all():
            if title_level.level == self.level and title_level.label:
                return title_level.label
        return f"{self.title.name} ({self.get_level_display()})"

    @property
    def certificate_kind(self):
        """Bằng khen from the city, Giấy khen from a lower level."""
        return _("Diploma of merit") if self.level == Level.CITY else _("Certificate of merit")


class Notification(models.Model):
    """An in-app notice to a user about one of their nominations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="award_notifications", verbose_name=_("user")
    )
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("nomination")
    )
    state = models.CharField(_("state"), max_length=20, choices=NominationState.choices)
    note = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # Set in the same transaction as the e-mail is sent (awards.tasks.send_notification_email): a task
    # run again after a crash sends only what was not sent, and a second delivery sends nothing.
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="award_notif_user_read_idx")]

    def __str__(self):
        return f"{self.nomination}: {self.get_state_display()}"
