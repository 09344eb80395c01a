"""Who sees what: the one scope object every query, predicate and menu reads.

A user's scope is the union of the subtrees of the units they hold a role on; an active superuser
sees everything. `Scope.for_user(user)` reads the user's roles once per request object (one query)
and answers every question about them with named fields, so no other module unpacks role rows,
walks ancestor paths or spells the superuser rule again.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from unions.enums import STAFF_ROLES, UnitKind

NOTHING = Q(pk__in=[])
# Everything, as a condition that survives an OR: Django drops an empty Q() from `Q() | other`, so an
# admin's "no restriction" must not be Q().
EVERYTHING = Q(pk__isnull=False)


def ancestor_paths(path):
    """ "00000001.00000004." → ["00000001.", "00000001.00000004."]: the unit itself and every ancestor."""
    return [path[: i + 1] for i, char in enumerate(path) if char == "."]


def _prefix_q(prefix, paths):
    """Rows whose unit (reached through `prefix`) lies under one of `paths`; paths already covered by
    a shorter one are dropped (fewer ORs, same rows)."""
    paths = set(paths)
    roots = sorted(p for p in paths if not any(p != other and p.startswith(other) for other in paths))
    if not roots:
        return NOTHING
    return reduce(or_, (Q(**{f"{prefix}path__startswith": path}) for path in roots))


def unit_of(obj):
    """The OrgUnit a record is scoped by (its `scope_unit`; a unit is its own)."""
    if obj is None:
        return None
    return getattr(obj, "scope_unit", obj)


@dataclass(frozen=True)
class Grant:
    """One role held on one unit: its scope is that unit's subtree."""

    role: str
    path: str
    unit_id: int
    unit_kind: str

    @property
    def is_staff(self):
        return self.role in STAFF_ROLES

    def covers(self, unit, *, strictly=False):
        """The unit lies in this grant's subtree (strictly: below the granted unit, not on it)."""
        return unit.path.startswith(self.path) and not (strictly and unit.path == self.path)


class Scope:
    """The roles of one user and every question the app asks about them."""

    def __init__(self, grants, *, is_admin=False):
        self.grants = tuple(grants)
        self.is_admin = is_admin

    @classmethod
    def for_user(cls, user):
        """The user's scope, read once per user object (a request's user lives for one request)."""
        if not getattr(user, "is_authenticated", False):
            return cls(())
        cached = getattr(user, "_unionsite_scope", None)  # a request's user is a lazy proxy: go through it
        if cached is None:
            from unions.models import RoleAssignment

            rows = RoleAssignment.objects.filter(user=user, unit__active=True).values_list(
                "role", "unit__path", "unit_id", "unit__kind"
            )
            cached = cls((Grant(*row) for row in rows), is_admin=bool(user.is_superuser and user.is_active))
            user._unionsite_scope = cached
        return cached

    @staticmethod
    def forget(user):
        """Drop the cached scope after the user's roles changed."""
        if getattr(user, "_unionsite_scope", None) is not None:
            del user._unionsite_scope

    # --- the roles themselves --------------------------------------------------------------------

    def __bool__(self):
        return self.is_admin or bool(self.grants)

    def has_role(self, *roles):
        """Holds one of `roles` anywhere (any role at all when none is named); admins hold every role."""
        return self.is_admin or any(not roles or g.role in roles for g in self.grants)

    @property
    def is_staff(self):
        return self.is_admin or any(g.is_staff for g in self.grants)

    def unit_ids(self, *roles, staff=False):
        """Ids of the units the user holds one of `roles` on (any role when none is named)."""
        return sorted({g.unit_id for g in self.grants if (not roles or g.role in roles) and (not staff or g.is_staff)})

    def staff_unit_ids(self, *, upper_only=True):
        """Units the user is staff of (upper-level and city units: they issue decisions, set quotas)."""
        return sorted(
            {g.unit_id for g in self.grants if g.is_staff and (not upper_only or g.unit_kind != UnitKind.GRASSROOTS)}
        )

    def staff_grants_within(self, unit):
        """Staff grants on upper-level units at or under `unit` (those that contribute to what it runs)."""
        return [
            g for g in self.grants if g.is_staff and g.path.startswith(unit.path) and g.unit_kind != UnitKind.GRASSROOTS
        ]

    # --- questions about one unit ----------------------------------------------------------------

    def roles_on(self, unit, *, strictly=False):
        """The roles held on `unit` or on one of its ancestors (strictly: on an ancestor only)."""
        unit = unit_of(unit)
        if unit is None:
            return set()
        return {g.role for g in self.grants if g.covers(unit, strictly=strictly)}

    def covers(self, unit, *roles, strictly=False, staff=False):
        """`unit` lies in the subtree of one of the user's grants (of `roles`, or staff grants);
        admins cover everything."""
        unit = unit_of(unit)
        if unit is None:
            return False
        if self.is_admin:
            return True
        return any(
            g.covers(unit, strictly=strictly) and (not roles or g.role in roles) and (not staff or g.is_staff)
            for g in self.grants
        )

    def holds_on(self, unit, *roles, staff=False):
        """A grant (of `roles`, or a staff grant) on exactly this unit."""
        unit = unit_of(unit)
        if unit is None:
            return False
        return any(
            g.path == unit.path and (not roles or g.role in roles) and (not staff or g.is_staff) for g in self.grants
        )

    # --- querysets --------------------------------------------------------------------------------

    def q(self, prefix=""):
        """A Q keeping rows whose OrgUnit (reached through `prefix`, e.g. "unit__") lies in scope.

        A grassroots union has no units below it, so its subtree is the union itself: those grants
        become `unit_id IN (…)`, which reaches the (unit, …) indexes with no join (a grassroots
        officer's member list walks its union's name index instead of the city's)."""
        if self.is_admin:
            return EVERYTHING
        leaves = sorted({g.unit_id for g in self.grants if g.unit_kind == UnitKind.GRASSROOTS})
        q = _prefix_q(prefix, (g.path for g in self.grants if g.unit_kind != UnitKind.GRASSROOTS))
        if leaves:
            leaf_q = Q(**{f"{prefix}pk__in": leaves})
            q = leaf_q if q is NOTHING else q | leaf_q
        return q

    def staff_q(self, prefix=""):
        """Like `q`, through staff roles only (upper-level staff, city reviewer)."""
        if self.is_admin:
            return EVERYTHING
        return _prefix_q(prefix, (g.path for g in self.grants if g.is_staff))

    def role_q(self, prefix, *roles, strictly=False):
        """Rows under a unit on which the user holds one of `roles` (strictly: below it, not on it)."""
        if self.is_admin:
            return EVERYTHING
        q = NOTHING
        for g in self.grants:
            if g.role in roles:
                below = Q(**{f"{prefix}path__startswith": g.path})
                if strictly:
                    below &= ~Q(**{f"{prefix}path": g.path})
                q |= below
        return q

    def ancestor_paths(self):
        """The paths of the user's units and of every unit above them."""
        return sorted({p for g in self.grants for p in ancestor_paths(g.path)})

    def above_q(self, prefix=""):
        """Rows whose unit lies at or above one of the user's units (e.g. a campaign's launching
        federation, the quotas that bind them); admins see all."""
        if self.is_admin:
            return EVERYTHING
        paths = self.ancestor_paths()
        return Q(**{f"{prefix}path__in": paths}) if paths else NOTHING
