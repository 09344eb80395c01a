"""Phase-end tallies: the sweep that finds phases to tally and the tally itself.

`sweep()` (every few minutes, by beat) queues one task per phase whose end has passed and that has no
tally yet. `tally_phase(phase, version=1)` closes the phase's windows, counts every figure of the phase
for every unit of the campaign's tree and every block and cluster (reports.figures), and writes the
run and its rows in one transaction, holding a lock on the phase's row: a task delivered twice (tasks
are acknowledged late) or re-run after a worker died half way finds the version written, or nothing
written, never half a snapshot; the unique (phase, version) is the last line of defence. Then it tells
the launching unit's staff. A re-run by a person (`rerun`) makes the next version and keeps the old.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.domain import notices
from campaigns.enums import CampaignState
from campaigns.models import Phase
from reports.figures import Selection, compute
from reports.models import TallyFigure, TallyRun
from unionsite.errors import DomainError
from unionsite.history import record_change
from unionsite.jobs import queue
from unionsite.models import ChangeRecord

WINDOWS = {"registration_open": False, "self_assessment_open": False, "nominations_open": False, "review_open": False}


def due_phases(today=None):
    """Phases of launched or closed campaigns whose last day is behind us and that were never tallied."""
    today = today or timezone.localdate()
    tallied = TallyRun.objects.filter(phase=OuterRef("pk"))
    return (
        Phase.objects.filter(ends_on__lt=today, campaign__state__in=[CampaignState.LAUNCHED, CampaignState.CLOSED])
        .exclude(Exists(tallied))
        .order_by("ends_on", "pk")
    )


def sweep(today=None):
    """Queue a tally (version 1) of every due phase; returns their ids. Queuing twice is harmless."""
    ids = list(due_phases(today).values_list("pk", flat=True))
    for pk in ids:
        queue("reports.tally_phase", phase_id=pk, version=1)
    return ids


def close_windows(phase):
    """Close the phase's registration, self-assessment, nomination and review windows (and the phase),
    once: a phase already closed is left as it is."""
    now = timezone.now()
    closed = Phase.objects.filter(pk=phase.pk, closed_at__isnull=True).update(closed_at=now, **WINDOWS)
    if closed:
        record_change(
            phase,
            by=None,
            action=ChangeRecord.Action.TRANSITION,
            changes={"closed_at": [None, now.isoformat()]},
            note=_("Closed by the phase-end tally."),
        )
    return bool(closed)


def tally_phase(phase, *, version=1, by=None, reason="", fail_after=None):
    """Write version `version` of the phase's tally unless it exists; returns (run, created).

    `fail_after` is for tests of a crash half way: raise after writing that many rows."""
    with transaction.atomic():
        # The lock: one tally of a phase at a time; a second delivery waits here, then finds the run.
        phase = Phase.objects.select_for_update().select_related("campaign__launched_by").get(pk=phase.pk)
        existing = TallyRun.objects.filter(phase=phase, version=version).first()
        if existing is not None:
            return existing, False
        if version > 1 and not TallyRun.objects.filter(phase=phase, version=version - 1).exists():
            raise DomainError(_("Version %(version)s cannot be made before the one before it.") % {"version": version})
        close_windows(phase)
        phase.refresh_from_db()
        figures = compute(phase.campaign.launched_by, Selection.for_phase(phase))
        run = TallyRun(
            phase=phase,
            version=version,
            reason=reason,
            requested_by=by if getattr(by, "is_authenticated", False) else None,
            summary=figures.summary,
            digest=figures.digest(),
        )
        run.save()
        rows = [
            TallyFigure(run=run, kind=kind, key=key, name=name, figures=values)
            for kind, key, name, values in figures.rows()
        ]
        if fail_after is not None:
            TallyFigure.objects.bulk_create(rows[:fail_after])
            raise RuntimeError("worker stopped half way (test)")
        TallyFigure.objects.bulk_create(rows, batch_size=500)
        notices.notify_phase_tallied(phase, version=version)
    return run, True


def rerun(phase, *, by, reason):
    """A person re-tallies the phase: the next version, with the reason; the older versions stay.
    Staff of the launching unit (or an admin) only, and only a phase tallied before."""
    if not by.has_perm("reports.tally_phase", phase):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": [_("Say why the phase is tallied again.")]})
    last = TallyRun.objects.filter(phase=phase).aggregate(last=Max("version"))["last"] or 0
    if not last:
        raise DomainError(_("The phase has not been tallied yet."))
    try:
        run, _created = tally_phase(phase, version=last + 1, by=by, reason=reason)
    except IntegrityError as exc:  # someone else re-ran it at the same moment
        raise DomainError(_("The phase was tallied again meanwhile; reload the page.")) from exc
    return run


def latest_run(phase):
    return TallyRun.objects.filter(phase=phase).order_by("-version").first()
