"""Quotas: how many nominations a unit's subtree may have accepted, checked under a row lock."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from awards.enums import QUOTA_USING_STATES
from awards.models import Nomination, Quota
from campaigns.models import TitleRegistration
from unions.scope import ancestor_paths
from unionsite.errors import DomainError
from unionsite.history import diff, record_change, snapshot
from unionsite.models import ChangeRecord


def applicable_quotas(nomination):
    return Quota.objects.filter(
        title_id=nomination.title_id,
        level=nomination.level,
        year=nomination.year,
        unit__path__in=ancestor_paths(nomination.unit.path),
    )


def quota_registered(quota):
    """Title registrations for the quota's title in its unit's subtree, in campaigns of its year."""
    return TitleRegistration.objects.filter(
        title_id=quota.title_id,
        registration__unit__path__startswith=quota.unit.path,
        registration__campaign__ends_on__year=quota.year,
    ).count()


def quota_limit(quota):
    if quota.max_count is not None:
        return quota.max_count
    registered = getattr(quota, "registered_count", None)
    if registered is None:
        registered = quota_registered(quota)
    return registered * quota.max_percent // 100


def quota_used(quota, exclude_pk=None):
    used = Nomination.objects.filter(
        title_id=quota.title_id,
        level=quota.level,
        year=quota.year,
        unit__path__startswith=quota.unit.path,
        state__in=QUOTA_USING_STATES,
    )
    if exclude_pk:
        used = used.exclude(pk=exclude_pk)
    return used.count()


def check_quotas(nomination, to):
    """Lock the quota rows that apply (in pk order, so two approvers never deadlock) and refuse the
    move if it would take the use past a limit. Call inside a transaction."""
    pks = list(applicable_quotas(nomination).values_list("pk", flat=True))
    quotas = Quota.objects.select_for_update().filter(pk__in=pks).order_by("pk").select_related("title", "unit")
    for quota in quotas:
        limit = quota_limit(quota)
        used = quota_used(quota, exclude_pk=nomination.pk)
        takes_place = to in QUOTA_USING_STATES
        if (takes_place and used + 1 > limit) or (not takes_place and used >= limit):
            raise DomainError(
                _(
                    "The quota for %(title)s (%(level)s, %(year)s) of %(unit)s is used up: "
                    "%(used)s of %(limit)s places are taken."
                )
                % {
                    "title": quota.title.name,
                    "level": quota.get_level_display(),
                    "year": quota.year,
                    "unit": quota.unit.name,
                    "used": used,
                    "limit": limit,
                }
            )


def quota_problems(quota):
    """What is wrong with a quota, as {field: [message]}: a number or a percentage (not both), a
    percentage of at most 100."""
    problems = {}
    if (quota.max_count is None) == (quota.max_percent is None):
        problems["__all__"] = [_("Give either a number or a percentage, not both.")]
    if quota.max_percent is not None and quota.max_percent > 100:
        problems["max_percent"] = [_("A percentage is at most 100.")]
    return problems


def save_quota(quota, *, by):
    """Create or change a quota. `by` must be allowed to set it (staff above the union, or the
    district for its own upper-level quota: PermissionDenied otherwise); a history row records it."""
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
