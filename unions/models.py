from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from unions.enums import Gender, Ownership, Role, UnitKind
from unionsite.text import fold

PATH_SEGMENT = 8  # digits per level of OrgUnit.path: room for 99,999,999 units


class Block(models.Model):
    """Khối: the group of grassroots unions sharing criteria and a score scale. An editable table."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Cluster(models.Model):
    """Cụm thi đua: units that sign emulation pledges with each other, organised by an upper unit."""

    organiser = models.ForeignKey(
        "OrgUnit", on_delete=models.PROTECT, related_name="organised_clusters", verbose_name=_("organised by")
    )
    name = models.CharField(_("name"), max_length=200)
    block = models.ForeignKey(Block, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("block"))

    class Meta:
        verbose_name = _("emulation cluster")
        verbose_name_plural = _("emulation clusters")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organiser", "name"], name="cluster_unique_name")]

    def __str__(self):
        return self.name


class OrgUnit(models.Model):
    """A node of the organisation tree. `path` is a materialized path: every ancestor's zero-padded
    id followed by a dot, so "everything under X" is one indexed prefix query."""

    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    name = models.CharField(_("name"), max_length=255)
    short_code = models.CharField(_("short code"), max_length=30, unique=True)
    block = models.ForeignKey(Block, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("block"))
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="units", verbose_name=_("cluster")
    )
    ownership = models.CharField(_("ownership"), max_length=20, choices=Ownership.choices, blank=True)
    member_count = models.PositiveIntegerField(_("declared member count"), default=0)
    # Active members whose union is this very unit (not the subtree), kept by Member.save()/delete()
    # and by bulk writers (the importer) through count_active_members(); `manage.py recount_members`
    # rebuilds it. Subtree figures are a SUM over the units below (thousands of rows, not a million),
    # and moving or merging units changes none of them.
    active_members = models.PositiveIntegerField(_("active members"), default=0, editable=False)
    active = models.BooleanField(_("active"), default=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
        verbose_name=_("merged into"),
    )
    path = models.CharField(max_length=255, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    name_search = models.CharField(max_length=255, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    # PostgreSQL also gets a varchar_pattern_ops index on path (prefix LIKE from the index) and
    # trigram indexes on the folded names: see migration 0002, they do not exist on SQLite.
    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="orgunit_path_idx"),
            models.Index(fields=["kind", "active"], name="orgunit_kind_active_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_search = fold(f"{self.name} {self.short_code}")
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = set(kwargs["update_fields"]) | {"name_search"}
        super().save(*args, **kwargs)
        expected = self.compute_path()
        if expected != self.path:
            self.path = expected
            self.depth = expected.count(".") - 1
            OrgUnit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    def get_absolute_url(self):
        return reverse("unions:unit_detail", args=[self.pk])

    def compute_path(self):
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.pk:0{PATH_SEGMENT}d}."

    @property
    def scope_unit(self):
        return self

    @property
    def is_grassroots(self):
        return self.kind == UnitKind.GRASSROOTS

    def ancestor_ids(self):
        """Ids of the ancestors, root first, read from the path (no query)."""
        return [int(part) for part in self.path.split(".")[:-2] if part]

    def is_within(self, other):
        return self.path.startswith(other.path)


def count_active_members(deltas):
    """Add {unit id: change} to OrgUnit.active_members (in the caller's transaction)."""
    for unit_id, delta in deltas.items():
        if unit_id and delta:
            OrgUnit.objects.filter(pk=unit_id).update(active_members=F("active_members") + delta)


def recount_active_members():
    """Set every unit's active_members to the number of its active members; returns how many units
    held a different figure."""
    actual = (
        Member.objects.filter(unit=OuterRef("pk"), active=True)
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    exact = Coalesce(Subquery(actual, output_field=IntegerField()), Value(0))
    with transaction.atomic():
        wrong = OrgUnit.objects.annotate(exact=exact).exclude(active_members=exact).count()
        if wrong:
            OrgUnit.objects.update(active_members=exact)
    return wrong


class Member(models.Model):
    """Đoàn viên: a person in a grassroots union."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="members", verbose_name=_("union"))
    full_name = models.CharField(_("full name"), max_length=150)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    trade = models.CharField(_("trade or job"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    direct_production = models.BooleanField(_("direct production worker"), default=False)
    card_number = models.CharField(_("union card number"), max_length=30, null=True, blank=True, unique=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    joined_on = models.DateField(_("joined the union on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    possible_duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possible duplicate of"),
    )
    name_search = models.CharField(max_length=150, editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name_search", "pk"]
        indexes = [
            models.Index(fields=["unit", "name_search"], name="member_unit_name_idx"),
            models.Index(fields=["name_search", "date_of_birth"], name="member_name_dob_idx"),
            # The member list's order: its pages are read by cursor, (name_search, id) > (…, …)
            # (unionsite.keyset), a range of this index whatever the page's depth.
            models.Index(fields=["name_search", "id"], name="member_name_id_idx"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_search = fold(self.full_name)
        if self.card_number == "":
            self.card_number = None
        saved = kwargs.get("update_fields")
        if saved is not None:
            kwargs["update_fields"] = set(saved) | {"name_search"}
        with transaction.atomic():
            before = None
            if not self._state.adding:  # what the row counts as now (locked: concurrent edits queue here)
                before = Member.objects.select_for_update().filter(pk=self.pk).values_list("unit_id", "active").first()
            super().save(*args, **kwargs)
            after = (self.unit_id, self.active)
            if before is not None and saved is not None:  # fields not saved keep their stored values
                fields = set(saved)
                after = (
                    self.unit_id if fields & {"unit", "unit_id"} else before[0],
                    self.active if "active" in fields else before[1],
                )
            deltas = {}
            if before is not None and before[1]:
                deltas[before[0]] = -1
            if after[1]:
                deltas[after[0]] = deltas.get(after[0], 0) + 1
            count_active_members(deltas)

    def get_absolute_url(self):
        return reverse("unions:member_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            row = Member.objects.filter(pk=self.pk).values_list("unit_id", "active").first()
            result = super().delete(*args, **kwargs)
            if row and row[1]:
                count_active_members({row[0]: -1})
        return result

    @property
    def scope_unit(self):
        return self.unit


class HeldRoleManager(models.Manager):
    """Roles held now: a revoked role stays in the table (who granted it, who revoked it, when and
    why) but no longer counts anywhere."""

    def get_queryset(self):
        return super().get_queryset().filter(revoked_at__isnull=True)


class RoleAssignment(models.Model):
    """A role held on a unit; its scope is that unit's subtree. Revoking keeps the row (revoked_at,
    revoked_by, revoke_reason): `objects` are the roles held now, `all_objects` every row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("organisation unit")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    objects = HeldRoleManager()
    all_objects = models.Manager()  # noqa: DJ012 (ruff takes a plain Manager for a field)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["unit__path", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=Q(revoked_at__isnull=True),
                name="roleassignment_one_held",
                violation_error_message=_("This account already holds this role on this unit."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} — {self.unit}"

    @property
    def scope_unit(self):
        return self.unit


class AccountState(models.Model):
    """What the app keeps about a login beyond Django's user: whether its password is a temporary
    one that staff issued (then it must be changed at the next login, see unions.middleware)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="account_state",
        verbose_name=_("user"),
    )
    must_change_password = models.BooleanField(_("must change the password"), default=False)
    password_changed_at = models.DateTimeField(_("password last changed by its owner"), null=True, blank=True)

    class Meta:
        verbose_name = _("account state")
        verbose_name_plural = _("account states")

    def __str__(self):
        return str(self.user)
