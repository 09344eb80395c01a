"""Quotas: how many nominations a unit's subtree may have accepted, checked under a row lock.

A quota's use is read one way only (`_holding`, `_registered`): the quota list, the nomination
page, the checks on a move and the refusals on a save all count through it, so they never differ."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import QUOTA_USING_STATES
from awards.models import Nomination, Quota
from campaigns.models import TitleRegistration
from unions.scope import ancestor_paths
from unionsite.errors import DomainError
from unionsite.history import diff, record_change, snapshot
from unionsite.models import ChangeRecord

# A quota's year: none before the product's records begin, and not more than five years ahead.
FIRST_QUOTA_YEAR = 2000
QUOTA_YEARS_AHEAD = 5


def quota_years():
    """(first, last) year a quota may be set for."""
    return FIRST_QUOTA_YEAR, timezone.localdate().year + QUOTA_YEARS_AHEAD


def _holding(title_id, level, year, path):
    """The nominations holding a place of a quota: accepted ones of its title, level and year in its
    unit's subtree. The arguments may be OuterRefs (the list's annotation) or values (one quota)."""
    return Nomination.objects.filter(
        title_id=title_id, level=level, year=year, unit__path__startswith=path, state__in=QUOTA_USING_STATES
    )


def _registered(title_id, year, path):
    """Title registrations for the quota's title in its unit's subtree, in campaigns of its year."""
    return TitleRegistration.objects.filter(
        title_id=title_id,
        registration__unit__path__startswith=path,
        registration__campaign__ends_on__year=year,
    )


def _count(rows):
    return Subquery(rows.order_by().values("title_id").annotate(n=Count("pk")).values("n"), output_field=IntegerField())


def with_quota_use(quotas, *, exclude_pk=None):
    """Annotate each quota with `used_count` and `registered_count` in the same query (no N+1);
    `exclude_pk`: a nomination not to count (the one being moved)."""
    holding = _holding(OuterRef("title_id"), OuterRef("level"), OuterRef("year"), OuterRef("unit__path"))
    if exclude_pk:
        holding = holding.exclude(pk=exclude_pk)
    registered = _registered(OuterRef("title_id"), OuterRef("year"), OuterRef("unit__path"))
    return quotas.annotate(
        used_count=Coalesce(_count(holding), 0),
        registered_count=Coalesce(_count(registered), 0),
    )


def measure_quota(quota):
    """Set `used_count` and `registered_count` on one quota, saved or not (the same counts as
    `with_quota_use`)."""
    path = quota.unit.path
    quota.used_count = _holding(quota.title_id, quota.level, quota.year, path).count()
    quota.registered_count = _registered(quota.title_id, quota.year, path).count()
    return quota


def applicable_quotas(nomination):
    return Quota.objects.filter(
        title_id=nomination.title_id,
        level=nomination.level,
        year=nomination.year,
        unit__path__in=ancestor_paths(nomination.unit.path),
    )


def quota_registered(quota):
    if getattr(quota, "registered_count", None) is None:
        measure_quota(quota)
    return quota.registered_count


def quota_limit(quota):
    """The number of places: the maximum, or "không quá X%" of the registrations."""
    if quota.max_count is not None:
        return quota.max_count
    return quota_registered(quota) * quota.max_percent // 100


def quota_used(quota):
    if getattr(quota, "used_count", None) is None:
        measure_quota(quota)
    return quota.used_count


def describe_use(quotas):
    """The quotas (annotated by `with_quota_use`) as pages show them: `limit` and `over` (the places
    used beyond the limit, 0 when within) set on each. Returns a list."""
    rows = list(quotas)
    for quota in rows:
        quota.limit = quota_limit(quota)
        quota.over = max(0, quota.used_count - quota.limit)
    return rows


def _names(quota, **more):
    return {
        "title": quota.title.name,
        "level": quota.get_level_display(),
        "year": quota.year,
        "unit": quota.unit.name,
        **more,
    }


def check_quotas(nomination, to):
    """Lock the quota rows that apply (in pk order, so two approvers never deadlock), then count
    their use (after the lock, so a concurrent approval is seen) and refuse the move if it would
    take the use past a limit. Call inside a transaction."""
    pks = list(applicable_quotas(nomination).values_list("pk", flat=True))
    list(Quota.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))
    quotas = with_quota_use(Quota.objects.filter(pk__in=pks), exclude_pk=nomination.pk)
    takes_place = to in QUOTA_USING_STATES
    for quota in quotas.order_by("pk").select_related("title", "unit"):
        limit, used = quota_limit(quota), quota.used_count
        if (takes_place and used + 1 > limit) or (not takes_place and used >= limit):
            raise DomainError(
                _(
                    "The quota for %(title)s (%(level)s, %(year)s) of %(unit)s is used up: "
                    "%(used)s of %(limit)s places are taken."
                )
                % _names(quota, used=used, limit=limit)
            )


def quota_problems(quota):
    """What is wrong with a quota, as {field: [message]}: a number or a percentage (not both), a
    percentage of at most 100, a year in `quota_years()`, and a maximum that leaves room for the
    places already used (the message names the quota, its union and the places used)."""
    problems = {}
    if (quota.max_count is None) == (quota.max_percent is None):
        problems["__all__"] = [_("Give either a number or a percentage, not both.")]
    if quota.max_percent is not None and quota.max_percent > 100:
        problems["max_percent"] = [_("A percentage is at most 100.")]
    first, last = quota_years()
    if quota.year is None or not first <= quota.year <= last:
        problems["year"] = [_("Give a year between %(first)s and %(last)s.") % {"first": first, "last": last}]
    if problems or not (quota.unit_id and quota.title_id and quota.level):
        return problems
    measure_quota(quota)
    limit = quota_limit(quota)
    if quota.used_count > limit:
        if quota.max_count is not None:
            problems["max_count"] = [
                _(
                    "The quota for %(title)s (%(level)s, %(year)s) of %(unit)s already has %(used)s places "
                    "used: the maximum cannot be below %(used)s."
                )
                % _names(quota, used=quota.used_count)
            ]
        else:
            problems["max_percent"] = [
                _(
                    "The quota for %(title)s (%(level)s, %(year)s) of %(unit)s already has %(used)s places "
                    "used: %(percent)s%% of %(registered)s registrations gives only %(limit)s."
                )
                % _names(
                    quota,
                    used=quota.used_count,
                    percent=quota.max_percent,
                    registered=quota.registered_count,
                    limit=limit,
                )
            ]
    return problems


def save_quota(quota, *, by):
    """Create or change a quota. `by` must be allowed to set it (staff above the union, or the
    district for its own upper-level quota: PermissionDenied otherwise); the rules of
    `quota_problems` (DomainError by field); a history row records it."""
    if not by.has_perm("awards.set_quota", quota):
        raise PermissionDenied(_("Your role may not set this union's quota at this level."))
    problems = quota_problems(quota)
    if problems:
        raise DomainError(problems)
    with transaction.atomic():
        created = quota.pk is None
        before = None if created else snapshot(Quota.objects.get(pk=quota.pk), ["max_count", "max_percent"])
        if created:
            quota.created_by = by
        quota.save()
        if created:
            record_change(quota, by=by, action=ChangeRecord.Action.CREATE)
        else:
            after = snapshot(quota, ["max_count", "max_percent"])
            record_change(quota, by=by, action=ChangeRecord.Action.UPDATE, changes=diff(before, after))
    return quota
