"""Scoped access: every view loads organisation data through these functions.

What a user may see is decided by the one scope object (`unions.scope.Scope`); other apps scope
their own rows with `Scope.for_user(user).q("<path to OrgUnit>__")`.
"""

from django.conf import settings
from django.db import connections
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404

from unions.enums import Role, UnitKind
from unions.models import PATH_SEGMENT, Member, OrgUnit, RoleAssignment
from unions.scope import Scope
from unionsite.text import fold, search_order, word_stats, words_q


def units_for_user(user):
    return OrgUnit.objects.filter(Scope.for_user(user).q())


def get_unit_for_user(user, pk):
    return get_object_or_404(units_for_user(user).select_related("parent", "block", "cluster"), pk=pk)


def root_units_for_user(user):
    """The top units of the user's scope (the units their roles sit on), for the tree page."""
    scope = Scope.for_user(user)
    if scope.is_admin:
        return OrgUnit.objects.filter(parent__isnull=True)
    units = list(OrgUnit.objects.filter(pk__in=scope.unit_ids()))
    return [u for u in units if not any(o.pk != u.pk and u.path.startswith(o.path) for o in units)]


def subtree_counts(unit):
    """Counts shown on a unit's page: grassroots unions below and active members below, in one query
    over the units of the subtree (their kept `active_members`), never over the member rows."""
    totals = OrgUnit.objects.filter(path__startswith=unit.path).aggregate(
        grassroots=Count("pk", filter=Q(kind=UnitKind.GRASSROOTS, active=True)),
        members=Sum("active_members"),
    )
    return {"grassroots": totals["grassroots"], "members": totals["members"] or 0}


def children_with_counts(unit):
    """Direct children of `unit` with grassroots and member counts of each subtree, in two queries.

    Each descendant's path starts with its child's path, so the database groups the units below by
    that prefix (a fixed-length Substr) and sums their kept member counts: thousands of unit rows are
    read, not the million member rows."""
    children = list(unit.children.select_related("block", "cluster").order_by("-active", "name"))
    if not children:
        return []
    prefix_length = len(unit.path) + PATH_SEGMENT + 1
    counts = {
        child_path: (grassroots, members or 0)
        for child_path, grassroots, members in OrgUnit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth)
        .annotate(child_path=Substr("path", 1, prefix_length))
        .values("child_path")
        .annotate(
            grassroots=Count("pk", filter=Q(kind=UnitKind.GRASSROOTS, active=True)),
            members=Sum("active_members"),
        )
        .values_list("child_path", "grassroots", "members")
    }
    for child in children:
        child.grassroots_count, child.active_member_count = counts.get(child.path, (0, 0))
    return children


def members_for_user(user):
    return Member.objects.filter(Scope.for_user(user).q("unit__"))


def kept_member_count(user, *, unit=None):
    """The number of active members in the user's scope (under `unit` when given), summed from the
    units' kept counts: exact, and it reads thousands of unit rows instead of a million members."""
    units = units_for_user(user)
    if unit is not None:
        units = units.filter(path__startswith=unit.path)
    return units.aggregate(n=Sum("active_members"))["n"] or 0


def get_member_for_user(user, pk):
    return get_object_or_404(members_for_user(user).select_related("unit", "unit__parent"), pk=pk)


def search_members(queryset, text):
    """Diacritic- and case-insensitive, by words: "nguyen thi kim dung" finds "Nguyễn Thị Kim Dung", and so
    do "kim dung" and "ng th k d" (each word a prefix of one of the name's words; unionsite.text.words_q).
    With a term, the rows come in name order through `search_order`, so that PostgreSQL runs the words
    index and sorts the rows found instead of walking the name index."""
    if not fold(text):
        return queryset
    vendor = connections[queryset.db].vendor
    return queryset.filter(words_q("name_search", text, vendor)).order_by(search_order("name_search"), "pk")


def is_common_search(text, *, using="default"):
    """Whether `text`'s words are so common ("nguyen", "tran thi") that the search is expected to find
    more than settings.SEARCH_COMMON_ROWS members (by the words index's statistics,
    unionsite.text.word_stats). Such a page is not read together with the number of rows found
    (COUNT(*) OVER () makes the database sort every row found, on disk: 1–1.8 s at a million
    members), but as a page (a bounded top-25 sort) and a count that stops at the cap."""
    stats = word_stats("member_name_words_idx", "unions_member", using=using)
    return stats is not None and stats.expected(text) > settings.SEARCH_COMMON_ROWS


def search_units(queryset, text):
    folded = fold(text)
    if not folded:
        return queryset
    return queryset.filter(name_search__contains=folded)


def grassroots_units_for_user(user):
    return units_for_user(user).filter(kind=UnitKind.GRASSROOTS, active=True)


def officer_units(user):
    """Grassroots units on which the user is an officer."""
    return OrgUnit.objects.filter(pk__in=Scope.for_user(user).unit_ids(Role.GRASSROOTS_OFFICER))


def likely_duplicates(full_name, date_of_birth, unit, exclude_pk=None):
    """Members with the same folded name and birth date under the same upper-level union."""
    if not date_of_birth:
        return Member.objects.none()
    # A grassroots union's upper-level union is its parent: drop the last path segment.
    upper_path = unit.path[: -(PATH_SEGMENT + 1)] if unit.kind == UnitKind.GRASSROOTS and unit.parent_id else unit.path
    found = Member.objects.filter(
        name_search=fold(full_name), date_of_birth=date_of_birth, unit__path__startswith=upper_path
    )
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    return found


def accounts_for_user(user):
    """Logins holding at least one role inside the user's scope (superusers: every login)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    scope = Scope.for_user(user)
    if scope.is_admin:
        return User.objects.all()
    inside = RoleAssignment.objects.filter(scope.q("unit__")).values("user_id")
    return User.objects.filter(pk__in=inside)


def get_account_for_user(user, pk):
    return get_object_or_404(accounts_for_user(user), pk=pk)


def roles_for_user(user):
    return RoleAssignment.objects.filter(Scope.for_user(user).q("unit__"))


def get_role_for_user(user, pk):
    return get_object_or_404(roles_for_user(user).select_related("unit", "user"), pk=pk)


def blocks_for_user(user):
    """The block table, for those who manage it (city reviewers and admins); nobody else sees rows."""
    from unions.models import Block

    if user.has_perm("unions.manage_blocks"):
        return Block.objects.all()
    return Block.objects.none()


def filter_members(queryset, *, q="", unit=None, gender="", active=None, trade=""):
    """The member list's filters: text search, a unit's subtree, gender, active flag, trade."""
    queryset = search_members(queryset, q)
    if unit is not None:
        queryset = queryset.filter(unit__path__startswith=unit.path)
    if gender:
        queryset = queryset.filter(gender=gender)
    if active is not None:
        queryset = queryset.filter(active=active)
    if trade:
        queryset = queryset.filter(trade__icontains=trade)
    return queryset
