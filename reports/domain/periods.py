"""Campaign, year and stage reports on a large subtree read kept figures, counted by a worker.

Counting a five-year stage for a city of 10,000 unions walks some 240,000 grouped rows up the tree:
seconds, too long for a page. Above settings.REPORTS_LIVE_MAX_UNITS units the page asks a worker to
count (`request`), shows that the figures are being prepared and polls; the worker (`make`) counts
once, keeps what the report reads — the unit, its children, its blocks, its clusters — and the page
reads that (`figures_of`). Kept figures that are final stand until a phase of the period is tallied
again; figures not final are counted again in the background once older than
settings.REPORTS_PERIOD_FRESH_MINUTES, the older ones shown meanwhile with the time they were counted.
Smaller subtrees are counted on the page itself, as phase reports read their phase's tally."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports.figures import Figures, compute, report_rows
from reports.models import PeriodTally, TallyRun
from unions.models import OrgUnit
from unionsite.jobs import queue


class Preparing(Exception):
    """The report's figures are being counted by a worker; `tally` is the pending count."""

    def __init__(self, tally):
        super().__init__(tally.period)
        self.tally = tally


def is_large(unit):
    limit = settings.REPORTS_LIVE_MAX_UNITS
    return OrgUnit.objects.filter(path__startswith=unit.path)[: limit + 1].count() > limit


def latest(unit, selection):
    return (
        PeriodTally.objects.filter(unit=unit, period=selection.key, state=PeriodTally.State.READY)
        .order_by("-computed_at", "-pk")
        .first()
    )


def is_current(tally, now=None):
    """Final figures stand until a phase of their campaigns is tallied after them; others for a while."""
    now = now or timezone.now()
    if tally.official:
        campaigns = [c["id"] for c in tally.summary.get("campaigns", [])]
        return not TallyRun.objects.filter(phase__campaign_id__in=campaigns, created_at__gt=tally.computed_at).exists()
    return tally.computed_at > now - datetime.timedelta(minutes=settings.REPORTS_PERIOD_FRESH_MINUTES)


# A count still pending after this long was lost (a worker killed before it acknowledged, a broker
# wiped): it is marked failed and counted again, so that no page waits for ever.
PENDING_TIMEOUT = datetime.timedelta(minutes=15)


def request(unit, selection):
    """The pending count of this report, made and queued unless one is already waiting."""
    waiting = PeriodTally.objects.filter(unit=unit, period=selection.key, state=PeriodTally.State.PENDING)
    waiting.filter(requested_at__lt=timezone.now() - PENDING_TIMEOUT).update(
        state=PeriodTally.State.FAILED, error="not counted within 15 minutes", computed_at=timezone.now()
    )
    pending = waiting.first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            pending = PeriodTally.objects.create(unit=unit, period=selection.key)
            queue("reports.tally_period", tally_id=pending.pk)
    except IntegrityError:  # asked at the same moment by someone else: theirs is the one
        pending = PeriodTally.objects.get(unit=unit, period=selection.key, state=PeriodTally.State.PENDING)
    return pending


def kept_rows(unit, figures):
    """The rows a report on `unit` reads: the unit, its children, its blocks and its clusters."""
    children, clusters = report_rows(unit)
    keep = {
        "unit": lambda key: int(key) == unit.pk or int(key) in children,
        "block": lambda key: key.startswith(f"{unit.pk}:"),
        "cluster": lambda key: int(key) in clusters,
    }
    return [[kind, key, name, values] for kind, key, name, values in figures.rows() if keep[kind](key)]


def make(tally_id, *, official_of):
    """Count one pending report (the task); True when this call wrote it. A second delivery, or one for
    a count already done, writes nothing (the row is written by a conditional update). A failure is
    kept on the row (the page offers to count again). `official_of(unit, selection, figures)` says
    whether the counted figures are final (reports.content.is_official)."""
    from reports.domain.exports import selection_from_key

    tally = PeriodTally.objects.filter(pk=tally_id, state=PeriodTally.State.PENDING).select_related("unit").first()
    if tally is None:
        return False
    waiting = PeriodTally.objects.filter(pk=tally.pk, state=PeriodTally.State.PENDING)
    try:
        selection = selection_from_key(tally.period)
        figures = compute(tally.unit, selection)
        official = official_of(tally.unit, selection, figures)
    except Exception as error:
        waiting.update(state=PeriodTally.State.FAILED, error=repr(error), computed_at=timezone.now())
        raise
    with transaction.atomic():
        written = waiting.update(
            rows=kept_rows(tally.unit, figures),
            summary=figures.summary,
            digest=figures.digest(),
            official=official,
            state=PeriodTally.State.READY,
            computed_at=timezone.now(),
        )
        if written:
            # Earlier counts that were not final are a cache the new count replaces (an hourly refresh of
            # a district's report would otherwise pile up a copy of its 600 unions' rows each time);
            # final ones stay, as the record of what a report said when it was final.
            PeriodTally.objects.filter(
                unit=tally.unit, period=tally.period, official=False, state=PeriodTally.State.READY
            ).exclude(pk=tally.pk).delete()
    return bool(written)


def figures_of(tally):
    """The kept figures as the report reads them."""
    figures = Figures(root_id=tally.unit_id, summary=tally.summary)
    tables = {"unit": figures.units, "block": figures.blocks, "cluster": figures.clusters}
    for kind, key, name, values in tally.rows:
        tables[kind][key if kind == "block" else int(key)] = values
        figures.names[f"{kind}:{key}"] = name
    return figures
