"""Dashboards refresh when their records change, not only when their cache entry expires.

Every unit path has a generation number in the cache. A write of a record the dashboards count
(registrations, self-assessments, nominations, awards, initiatives and their recognitions) bumps the
generation of the record's union and of every unit above it, once per transaction and after it commits;
a write of what every dashboard reads (campaigns, phases, quotas, tallies) bumps the global one. A
dashboard's cache key holds the generations of the user's grants (and the global one), so the next read
after a write in the user's subtree builds the board afresh, while a write in another district leaves
that district's neighbours' entries in place. Bulk writes that send no signals (imports through COPY or
bulk_create) are caught by the entry's expiry (dashboard.CACHE_SECONDS)."""

import threading

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from unions.models import OrgUnit
from unions.scope import ancestor_paths

PREFIX = "reports:generation:"
EVERYTHING = "*"


def generations(paths):
    """The current generation of each path (0 when never bumped) and of the global counter, as a tuple."""
    keys = [PREFIX + EVERYTHING, *(PREFIX + path for path in paths)]
    found = cache.get_many(keys)
    return tuple(found.get(key, 0) for key in keys)


def _bump(keys):
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # never bumped yet (or evicted): start it, kept until evicted
            if not cache.add(key, 1, timeout=None):
                cache.incr(key)


def bump_paths(paths):
    """Bump each path, each of its ancestors and the root of all ("" — what admins see)."""
    keys = {PREFIX}
    for path in paths:
        keys.update(PREFIX + ancestor for ancestor in ancestor_paths(path))
    _bump(sorted(keys))


def bump_everything():
    _bump([PREFIX + EVERYTHING])


class _Pending(threading.local):
    """The unions (and initiatives) written in the current transaction, flushed once on commit (one
    set per thread, as transactions are)."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.units, self.initiatives, self.everything = set(), set(), False

    def flush(self):
        units, initiatives, everything = self.units, self.initiatives, self.everything
        self.reset()
        if units or initiatives:
            paths = OrgUnit.objects.filter(Q(pk__in=units) | Q(initiatives__pk__in=initiatives)).values_list(
                "path", flat=True
            )
            bump_paths(set(paths))
        if everything:
            bump_everything()

    def schedule(self):
        """Flush after the transaction commits (now, outside one). Every write asks; the first flush
        takes everything pending and the others find nothing to do (no query, no bump). Rolled back,
        the callbacks go with the transaction; ids left over are bumped with the next commit (a needless
        refresh, never a stale board)."""
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(self.flush)
        else:
            self.flush()


pending = _Pending()


def _unit_written(sender, instance, **kwargs):
    if instance.unit_id is not None:
        pending.units.add(instance.unit_id)
        pending.schedule()


def _initiative_written(sender, instance, **kwargs):
    pending.initiatives.add(instance.initiative_id)
    pending.schedule()


def _everything_written(sender, instance, **kwargs):
    pending.everything = True
    pending.schedule()


def connect():
    """Called from ReportsConfig.ready(): the models whose writes refresh the dashboards."""
    from awards.models import Award, Nomination, Quota
    from campaigns.models import Campaign, Phase, SelfAssessment, UnitRegistration
    from initiatives.models import Initiative, Recognition
    from reports.models import TallyRun

    for model in (UnitRegistration, SelfAssessment, Nomination, Award, Initiative):
        post_save.connect(_unit_written, sender=model, dispatch_uid=f"reports.freshness.{model.__name__}")
        post_delete.connect(_unit_written, sender=model, dispatch_uid=f"reports.freshness.del.{model.__name__}")
    post_save.connect(_initiative_written, sender=Recognition, dispatch_uid="reports.freshness.Recognition")
    for model in (Campaign, Phase, Quota, TallyRun):
        post_save.connect(_everything_written, sender=model, dispatch_uid=f"reports.freshness.{model.__name__}")
        post_delete.connect(_everything_written, sender=model, dispatch_uid=f"reports.freshness.del.{model.__name__}")
