"""Sáng kiến: the dossier, its authors and evidence, the councils that score it, the criteria they
score on (kept as data, snapshotted on every sheet), and its recognition per level by a decision."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives.enums import (
    EDITABLE_STATES,
    REASONED_STATES,
    AuthorCategory,
    CouncilRole,
    ExclusionReason,
    Grade,
    InitiativeState,
    Level,
)
from unions.models import Member, OrgUnit
from unionsite.text import fold


class InitiativeField(models.Model):
    """Lĩnh vực: kỹ thuật, quản lý, tác nghiệp, … An editable table."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("field of initiatives")
        verbose_name_plural = _("fields of initiatives")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Programme(models.Model):
    """A programme an initiative counts toward ("1 triệu sáng kiến", …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Initiative(models.Model):
    """The dossier of one initiative and where it stands at its current level."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("union"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("name of the initiative"), max_length=300)
    field = models.ForeignKey(InitiativeField, on_delete=models.PROTECT, related_name="+", verbose_name=_("field"))
    problem = models.TextField(_("the problem and how it was done before"))
    solution = models.TextField(_("the solution"))
    novelty = models.TextField(_("what is new compared with what was done before"))
    first_applied_on = models.DateField(_("first applied on"), null=True, blank=True)
    applied_where = models.CharField(_("applied at"), max_length=300, blank=True)
    trial = models.BooleanField(_("applied on trial"), default=False)
    value_per_year = models.BigIntegerField(_("money saved or earned per year (đồng)"), null=True, blank=True)
    social_value = models.TextField(_("social value"), blank=True)
    programmes = models.ManyToManyField(Programme, blank=True, related_name="initiatives", verbose_name=_("programmes"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.GRASSROOTS)
    state = models.CharField(_("state"), max_length=20, choices=InitiativeState.choices, default=InitiativeState.DRAFT)
    state_note = models.TextField(_("reason"), blank=True)
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    title_search = models.CharField(max_length=300, editable=False, default="")
    solution_search = models.CharField(max_length=500, editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-year", "-pk"]
        indexes = [
            models.Index(fields=["unit", "year"], name="initiative_unit_year_idx"),
            models.Index(fields=["year", "level", "state"], name="initiative_year_level_idx"),
            # The register's order (newest year, newest first): a page is the first rows of this index.
            models.Index(fields=["-year", "-id"], name="initiative_list_order_idx"),
            # The register's totals (count and money of every listed row): an index-only scan per
            # union of the scope, not the wide rows (PostgreSQL; once vacuumed).
            models.Index(fields=["unit"], include=["value_per_year"], name="initiative_unit_value_idx"),
            models.Index(fields=["title_search"], name="initiative_title_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_per_year__isnull=True) | Q(value_per_year__gte=0), name="initiative_value_positive"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title_search = fold(self.title)[:300]
        self.solution_search = fold(self.solution)[:500]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"title_search", "solution_search"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.pk])

    @property
    def scope_unit(self):
        return self.unit

    @property
    def is_editable(self):
        return self.state in EDITABLE_STATES

    @property
    def state_note_is_reason(self):
        """The note of a return, a refusal, a revocation or a withdrawal is its reason; other moves
        carry a plain note (a recognition's decision number)."""
        return self.state in REASONED_STATES


class Author(models.Model):
    """An author: a member (of any union), with a contribution share; the shares add up to 100 %."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="authorships", verbose_name=_("member"))
    share = models.DecimalField(_("contribution (%)"), max_digits=5, decimal_places=2)
    category = models.CharField(
        _("category"), max_length=20, choices=AuthorCategory.choices, default=AuthorCategory.DIRECT_WORKER
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["initiative", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["initiative", "member"], name="author_unique_member")]

    def __str__(self):
        return f"{self.member} ({self.share} %)"


def evidence_path(instance, filename):
    return f"initiatives/{instance.initiative_id}/{filename}"


class Evidence(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="evidence")
    description = models.CharField(_("what it shows"), max_length=200)
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["initiative", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def scope_unit(self):
        return self.initiative.unit


class CriteriaSet(models.Model):
    """What a council scores on at a level in a year (no year: the default for years without one)."""

    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=200)
    pass_total = models.PositiveSmallIntegerField(_("recognised from a total of"), default=50)
    min_each = models.PositiveSmallIntegerField(_("and at least on each criterion"), default=10)
    drop_extremes_from = models.PositiveSmallIntegerField(
        _("drop the highest and lowest total from this many sheets (0: never)"), default=0
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["level", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "year"],
                name="criteriaset_unique_level_year",
                violation_error_message=_("A criteria set for this level and year exists already: edit it."),
            ),
            models.UniqueConstraint(
                fields=["level"],
                condition=Q(year__isnull=True),
                name="criteriaset_one_default_per_level",
                violation_error_message=_("A criteria set for this level and year exists already: edit it."),
            ),
        ]

    def __str__(self):
        return self.name

    def snapshot(self):
        """Everything a sheet is scored on, as plain data: editing the set later changes no sheet."""
        return {
            "set": self.pk,
            "name": self.name,
            "pass_total": self.pass_total,
            "min_each": self.min_each,
            "drop_extremes_from": self.drop_extremes_from,
            "criteria": [{"code": c.code, "name": c.name, "max": c.max_points} for c in self.criteria.all()],
            "grades": [
                {
                    "grade": g.grade,
                    "min_total": g.min_total,
                    "criterion": g.criterion_code,
                    "min_criterion": g.min_criterion,
                }
                for g in self.grades.all()
            ],
        }


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_unique_code")]

    def __str__(self):
        return f"{self.name} ({self.max_points})"


class GradeRule(models.Model):
    """Grade X from a total of at least `min_total` with at least `min_criterion` on one criterion."""

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="grades")
    grade = models.CharField(_("grade"), max_length=2, choices=Grade.choices)
    min_total = models.PositiveSmallIntegerField(_("from a total of"))
    criterion_code = models.SlugField(_("and on the criterion"), max_length=30, blank=True)
    min_criterion = models.PositiveSmallIntegerField(_("at least"), default=0)

    class Meta:
        verbose_name = _("grade rule")
        verbose_name_plural = _("grade rules")
        ordering = ["criteria_set", "-min_total"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "grade"], name="graderule_unique_grade")]

    def __str__(self):
        return f"{self.grade} ≥ {self.min_total}"


class Council(models.Model):
    """Hội đồng sáng kiến of a unit at a level, for a period."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="initiative_councils", verbose_name=_("unit")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"))
    min_size = models.PositiveSmallIntegerField(_("minimum number of members"), default=3)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("initiative council")
        verbose_name_plural = _("initiative councils")
        ordering = ["-valid_from", "unit__path"]
        indexes = [models.Index(fields=["unit", "level", "valid_from"], name="council_unit_level_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__gte=models.F("valid_from")), name="council_period_order")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("initiatives:council_detail", args=[self.pk])

    @property
    def scope_unit(self):
        return self.unit


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_seats", verbose_name=_("account")
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    role = models.CharField(_("role in the council"), max_length=20, choices=CouncilRole.choices)
    # The person's member record, when they are a union member: an author cannot score their own work.
    person = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("member record")
    )
    left_at = models.DateTimeField(_("left the council at"), null=True, blank=True)

    class Meta:
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["council", "role", "full_name"]
        constraints = [models.UniqueConstraint(fields=["council", "user"], name="councilmember_unique_user")]

    def __str__(self):
        return f"{self.full_name} ({self.get_role_display()})"

    @property
    def scope_unit(self):
        return self.council.unit


class Review(models.Model):
    """An initiative taken up by a council at a level: the sheets, exclusions and result hang here."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="reviews")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("council"))
    criteria = models.JSONField(_("criteria scored on"), default=dict)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("council review")
        verbose_name_plural = _("council reviews")
        ordering = ["initiative", "pk"]
        constraints = [models.UniqueConstraint(fields=["initiative", "level"], name="review_unique_level")]

    def __str__(self):
        return f"{self.initiative} — {self.council}"

    @property
    def scope_unit(self):
        return self.initiative.unit


class Exclusion(models.Model):
    """A council member who may not score this initiative, and why."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="exclusions")
    council_member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="exclusions")
    reason = models.CharField(_("reason"), max_length=30, choices=ExclusionReason.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exclusion")
        verbose_name_plural = _("exclusions")
        ordering = ["review", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "council_member"], name="exclusion_unique_member")]

    def __str__(self):
        return f"{self.council_member.full_name}: {self.get_reason_display()}"


class ScoreSheet(models.Model):
    """One council member's scores of one initiative, on the criteria snapshotted when the review began."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sheets")
    council_member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="sheets")
    criteria = models.JSONField(_("criteria"), default=dict)
    scores = models.JSONField(_("scores"), default=dict)
    total = models.PositiveSmallIntegerField(_("total"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("initiative score sheet")
        verbose_name_plural = _("initiative score sheets")
        ordering = ["review", "council_member__full_name"]
        constraints = [models.UniqueConstraint(fields=["review", "council_member"], name="scoresheet_unique_member")]

    def __str__(self):
        return f"{self.review.initiative} — {self.council_member.full_name}"

    @property
    def scope_unit(self):
        return self.review.initiative.unit


class RecognitionDecision(models.Model):
    """Quyết định công nhận sáng kiến: a unit recognises initiatives at its level."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="initiative_decisions", verbose_name=_("issued by")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    number = models.CharField(_("decision number"), max_length=50)
    date = models.DateField(_("decision date"))
    # The year of `date`, kept as a column: numbering ("12/QĐ-CĐ") starts again every year, so a number
    # is unique per issuing unit and year.
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    signer = models.CharField(_("signed by"), max_length=150)
    signer_title = models.CharField(_("signer's position"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recognition decision")
        verbose_name_plural = _("recognition decisions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "number"],
                name="recognitiondecision_number_per_year",
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
        return reverse("initiatives:decision_detail", args=[self.pk])

    @property
    def scope_unit(self):
        return self.unit


class Recognition(models.Model):
    """An initiative recognised at a level (once per level). Revoked, never deleted."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="recognitions")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    decision = models.ForeignKey(
        RecognitionDecision, on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("decision")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    score = models.DecimalField(_("mean score"), max_digits=5, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=2, choices=Grade.choices, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")
        ordering = ["initiative", "level"]
        indexes = [models.Index(fields=["year", "level"], name="recognition_year_level_idx")]
        constraints = [models.UniqueConstraint(fields=["initiative", "level"], name="recognition_once_per_level")]

    def __str__(self):
        return f"{self.initiative} — {self.get_level_display()}"

    @property
    def scope_unit(self):
        return self.initiative.unit

    @property
    def is_revoked(self):
        return self.revoked_at is not None


class ValueThreshold(models.Model):
    """A value an author's recognised initiatives must reach for a title, by author category: rows of
    data from the rules that set them (the source is cited on each row)."""

    title_code = models.SlugField(_("title code"), max_length=50)
    category = models.CharField(_("category"), max_length=20, choices=AuthorCategory.choices)
    min_value = models.BigIntegerField(_("at least (đồng) in one year"))
    min_value_three_years = models.BigIntegerField(
        _("or at least (đồng) over three consecutive years"), null=True, blank=True
    )
    min_level = models.CharField(
        _("recognised at least at"), max_length=20, choices=Level.choices, default=Level.GRASSROOTS
    )
    source = models.CharField(_("source"), max_length=400)

    class Meta:
        verbose_name = _("value threshold")
        verbose_name_plural = _("value thresholds")
        ordering = ["title_code", "category"]
        constraints = [models.UniqueConstraint(fields=["title_code", "category"], name="valuethreshold_unique")]

    def __str__(self):
        return f"{self.title_code}: {self.get_category_display()}"
