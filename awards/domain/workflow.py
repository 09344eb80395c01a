"""The nomination workflow: the table of legal moves, the one transition function, notifications."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import eligibility
from awards.domain.common import TransitionError
from awards.domain.quotas import check_quotas
from awards.enums import Level, NominationState
from awards.models import Award, Nomination, Notification
from unions.enums import Role
from unions.models import RoleAssignment
from unions.queries import roles_of
from unionsite.history import record_change
from unionsite.jobs import queue
from unionsite.models import ChangeRecord

S = NominationState


# --- who may act -------------------------------------------------------------------------------


def _has_role_above(user, unit, wanted, *, strictly=True):
    if user.is_superuser and user.is_active:
        return True
    return any(
        role in wanted and unit.path.startswith(path) and (unit.path != path or not strictly)
        for role, path, *_ in roles_of(user)
    )


def may_nominate(user, unit):
    """The unit's own officer, or upper-level staff above it acting on its behalf."""
    return _has_role_above(user, unit, {Role.GRASSROOTS_OFFICER}, strictly=False) or _has_role_above(
        user, unit, {Role.UPPER_STAFF}
    )


def is_upper_reviewer(user, nomination):
    return _has_role_above(user, nomination.unit, {Role.UPPER_STAFF})


def is_city_reviewer_of(user, nomination):
    return _has_role_above(user, nomination.unit, {Role.CITY_REVIEWER})


def _nominator(user, nomination):
    return may_nominate(user, nomination.unit)


def _always(nomination):
    return True


def _city_level(nomination):
    return nomination.level == Level.CITY


def _not_awarded(nomination):
    return not Award.objects.filter(nomination_id=nomination.pk).exists()


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    label: Any
    who: Any
    note_required: bool = False
    checks_eligibility: bool = False
    checks_quota: bool = False
    condition: Any = field(default=_always)


# The one table of legal moves. Quotas are checked on submission (refused when already used up),
# approval and forwarding (the nomination takes, or keeps, a place).
MOVES = [
    Move(S.DRAFT, S.SUBMITTED, gettext_lazy("Submit to the upper level"), _nominator, False, True, True),
    Move(S.RETURNED, S.RESUBMITTED, gettext_lazy("Resubmit"), _nominator, False, True, True),
    Move(S.SUBMITTED, S.RETURNED, gettext_lazy("Return for completion"), is_upper_reviewer, True),
    Move(S.RESUBMITTED, S.RETURNED, gettext_lazy("Return for completion"), is_upper_reviewer, True),
    Move(S.SUBMITTED, S.APPROVED, gettext_lazy("Approve"), is_upper_reviewer, checks_quota=True),
    Move(S.RESUBMITTED, S.APPROVED, gettext_lazy("Approve"), is_upper_reviewer, checks_quota=True),
    Move(S.SUBMITTED, S.REJECTED, gettext_lazy("Reject"), is_upper_reviewer, True),
    Move(S.RESUBMITTED, S.REJECTED, gettext_lazy("Reject"), is_upper_reviewer, True),
    Move(
        S.APPROVED,
        S.FORWARDED,
        gettext_lazy("Forward to the city"),
        is_upper_reviewer,
        checks_quota=True,
        condition=lambda n: _city_level(n) and _not_awarded(n),
    ),
    Move(S.FORWARDED, S.CITY_APPROVED, gettext_lazy("Approve at the city"), is_city_reviewer_of, checks_quota=True),
    Move(S.FORWARDED, S.RETURNED, gettext_lazy("Return for completion"), is_city_reviewer_of, True),
    Move(S.FORWARDED, S.REJECTED, gettext_lazy("Reject"), is_city_reviewer_of, True),
]
MOVE_TABLE = {(m.source, m.target): m for m in MOVES}
NOTIFIED_STATES = {S.RETURNED, S.APPROVED, S.FORWARDED, S.CITY_APPROVED, S.REJECTED}


def legal_moves(nomination, user):
    """The moves this user may make on the nomination now (what the page offers)."""
    return [m for m in MOVES if m.source == nomination.state and m.condition(nomination) and m.who(user, nomination)]


def transition(nomination, to, *, by, note="", expected_state=None):
    """Move a nomination to state `to`.

    Checks, under a row lock on the nomination: that its state is still the one the actor saw
    (`expected_state`, default the object's state; otherwise someone else moved it first), that the
    move is in MOVE_TABLE and the actor may make it (PermissionDenied if not), the reason when one
    is required, the eligibility rules on (re)submission and the quotas under a lock on their rows.
    Side effects: saves state, state_note and waiting_since; writes a history row (from, to,
    note); creates in-app notifications for the nominator and queues their e-mail on commit.
    Returns the updated nomination (the object passed in is updated too)."""
    expected_state = expected_state or nomination.state
    note = (note or "").strip()
    with transaction.atomic():
        locked = Nomination.objects.select_for_update(of=("self",)).select_related("phase").get(pk=nomination.pk)
        if locked.state != expected_state:
            raise TransitionError(
                _("Someone else has already acted on this nomination: it is now “%(state)s”. Nothing was changed.")
                % {"state": locked.get_state_display()}
            )
        move = MOVE_TABLE.get((locked.state, to))
        if move is None or not move.condition(locked):
            raise TransitionError(
                _("A nomination in state “%(state)s” cannot be moved to “%(to)s”.")
                % {"state": locked.get_state_display(), "to": S(to).label if to in S.values else to}
            )
        if not move.who(by, locked):
            raise PermissionDenied(_("Your role may not make this move."))
        phase = locked.phase
        if move.checks_eligibility and not phase.nominations_open:
            raise TransitionError(_("Nominations are closed in %(phase)s.") % {"phase": phase.name})
        if not move.checks_eligibility and not phase.review_open:
            raise TransitionError(_("Review is closed in %(phase)s.") % {"phase": phase.name})
        if move.note_required and not note:
            raise TransitionError(_("Give the reason: it is sent to the nominating union."))
        if move.checks_eligibility:
            failed = eligibility.failures(locked)
            if failed:
                raise TransitionError(
                    _("The nomination does not meet the conditions: %(reasons)s")
                    % {"reasons": " ".join(r.reason for r in failed)}
                )
        if move.checks_quota:
            check_quotas(locked, to)
        source = locked.state
        locked.state = to
        locked.state_note = note
        locked.waiting_since = timezone.now()
        locked.save(update_fields=["state", "state_note", "waiting_since", "updated_at"])
        record_change(locked, by=by, action=ChangeRecord.Action.TRANSITION, changes={"state": [source, to]}, note=note)
        if to in NOTIFIED_STATES:
            notify(locked, by=by)
    nomination.state, nomination.state_note, nomination.waiting_since = locked.state, note, locked.waiting_since
    return locked


@dataclass
class BulkResult:
    done: list
    failed: list  # [(nomination, reason)]


def bulk_transition(nominations, to, *, by):
    """Apply the same move to each nomination, one by one with the same checks; never all-or-nothing."""
    result = BulkResult([], [])
    for nomination in nominations:
        try:
            transition(nomination, to, by=by)
        except (TransitionError, PermissionDenied) as exc:
            result.failed.append((nomination, str(exc)))
        else:
            result.done.append(nomination)
    return result


# --- notifications ------------------------------------------------------------------------------


def recipients(nomination):
    """Who hears about a move: the user who made the nomination and the officers of its union
    (upper-level staff may have nominated on the union's behalf)."""
    from django.contrib.auth import get_user_model

    officers = RoleAssignment.objects.filter(unit_id=nomination.unit_id, role=Role.GRASSROOTS_OFFICER)
    ids = set(officers.values_list("user_id", flat=True))
    if nomination.created_by_id:
        ids.add(nomination.created_by_id)
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def notify(nomination, *, by):
    """An in-app notice for each recipient other than the actor, and its e-mail after commit."""
    created = []
    for user in recipients(nomination):
        if user.pk == getattr(by, "pk", None):
            continue
        notification = Notification.objects.create(
            user=user, nomination=nomination, state=nomination.state, note=nomination.state_note
        )
        created.append(notification)
        if user.email:
            queue("awards.send_notification_email", notification_id=notification.pk)
    return created


def mark_notifications_read(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_email(notification):
    """(subject, body) of the e-mail for a notification."""
    nomination = notification.nomination
    subject = _("Nomination %(name)s: %(state)s") % {
        "name": nomination.nominee_name,
        "state": notification.get_state_display(),
    }
    lines = [
        _("Your nomination of %(name)s for %(title)s (%(level)s) is now: %(state)s.")
        % {
            "name": nomination.nominee_name,
            "title": nomination.title.name,
            "level": nomination.get_level_display(),
            "state": notification.get_state_display(),
        }
    ]
    if notification.note:
        lines.append(_("Reason: %(note)s") % {"note": notification.note})
    return subject, "\n\n".join(lines)
