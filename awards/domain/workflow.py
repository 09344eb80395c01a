"""The nomination workflow: its table of moves on the one engine (unionsite.workflow), notifications."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from awards import eligibility
from awards.domain.quotas import check_quotas
from awards.enums import REASONED_STATES, Level, NominationState
from awards.models import Award, Nomination, Notification
from unions.enums import Role
from unions.models import RoleAssignment
from unionsite.errors import DomainError
from unionsite.jobs import queue
from unionsite.workflow import BulkResult, Move, Workflow

S = NominationState

NOMINATE = "awards.nominate_for"
REVIEW = "awards.review_nomination"
CITY_REVIEW = "awards.review_city_nomination"


# --- conditions and checks (record, actor) → None or the reason ------------------------------------


def _nominations_open(nomination, actor):
    if not nomination.phase.nominations_open:
        return _("Nominations are closed in %(phase)s.") % {"phase": nomination.phase.name}
    return None


def _review_open(nomination, actor):
    if not nomination.phase.review_open:
        return _("Review is closed in %(phase)s.") % {"phase": nomination.phase.name}
    return None


def _city_level(nomination, actor):
    return None if nomination.level == Level.CITY else _("Only a city-level nomination goes on to the city.")


def _proposed_by_district(nomination, actor):
    """Only a nomination the district made from one of its own awards skips the district's review."""
    if nomination.proposed_from_id is None:
        return _("Only a district's proposal from its own award goes straight to the city.")
    return None


def _not_awarded(nomination, actor):
    if Award.objects.filter(nomination_id=nomination.pk).exists():
        return _("This nomination has already been decided.")
    return None


def _eligible(nomination, actor):
    failed = eligibility.failures(nomination)
    if failed:
        return _("The nomination does not meet the conditions: %(reasons)s") % {
            "reasons": " ".join(r.reason for r in failed)
        }
    return None


def _quota(nomination, actor):
    """Under a lock on the quota rows; the nomination's state is already the target."""
    check_quotas(nomination, nomination.state)


def _wait_again(nomination, actor, note):
    nomination.state_note = note
    nomination.waiting_since = timezone.now()
    return ["state_note", "waiting_since", "updated_at"]


def _notify(nomination, move, actor, note):
    if nomination.state in NOTIFIED_STATES:
        notify(nomination, by=actor)


def _move(source, target, label, perm, name, *, style="primary", note=False, conditions=(), checks=()):
    return Move(
        source=source,
        target=target,
        label=label,
        perm=perm,
        name=name,
        style=style,
        note_required=note,
        note_message=gettext_lazy("Give the reason: it is sent to the nominating union."),
        conditions=conditions,
        checks=checks,
        effects=(_wait_again,),
    )


def _withdraw(source):
    """The nominating union (or the staff above acting for it) withdraws a nomination not yet
    decided, with its reason: the record stays, and no longer counts as the nominee's nomination."""
    return Move(
        source=source,
        target=S.WITHDRAWN,
        label=gettext_lazy("Withdraw the nomination"),
        perm=NOMINATE,
        name="withdraw",
        style="danger",
        note_required=True,
        note_message=gettext_lazy("Give the reason for withdrawing the nomination."),
        effects=(_withdrawn,),
    )


def _withdrawn(nomination, actor, note):
    nomination.state_note = note
    nomination.waiting_since = None
    return ["state_note", "waiting_since", "updated_at"]


_submitting = (_nominations_open,)
_reviewing = (_review_open,)
_RETURN = gettext_lazy("Return for completion")
_REJECT = gettext_lazy("Reject")

# Quotas are checked on submission (refused when already used up), approval and forwarding (the
# nomination takes, or keeps, a place). The state is set before the checks run.
MOVES = [
    _move(S.DRAFT, S.SUBMITTED, gettext_lazy("Submit to the upper level"), NOMINATE, "submit",
          conditions=_submitting, checks=(_eligible, _quota)),
    # The district proposes one of its awardees for a city-level title (awards.domain.proposals):
    # the draft it made goes straight to the city, checked like a submission and a forwarding.
    _move(S.DRAFT, S.FORWARDED, gettext_lazy("Propose to the city"), REVIEW, "propose",
          conditions=(*_submitting, _city_level, _proposed_by_district), checks=(_eligible, _quota)),
    _move(S.RETURNED, S.RESUBMITTED, gettext_lazy("Resubmit"), NOMINATE, "resubmit",
          conditions=_submitting, checks=(_eligible, _quota)),
    _move(S.SUBMITTED, S.RETURNED, _RETURN, REVIEW, "return", style="secondary", note=True, conditions=_reviewing),
    _move(S.RESUBMITTED, S.RETURNED, _RETURN, REVIEW, "return", style="secondary", note=True, conditions=_reviewing),
    _move(S.SUBMITTED, S.APPROVED, gettext_lazy("Approve"), REVIEW, "approve",
          style="success", conditions=_reviewing, checks=(_quota,)),
    _move(S.RESUBMITTED, S.APPROVED, gettext_lazy("Approve"), REVIEW, "approve",
          style="success", conditions=_reviewing, checks=(_quota,)),
    _move(S.SUBMITTED, S.REJECTED, _REJECT, REVIEW, "reject", style="danger", note=True, conditions=_reviewing),
    _move(S.RESUBMITTED, S.REJECTED, _REJECT, REVIEW, "reject", style="danger", note=True, conditions=_reviewing),
    _move(S.APPROVED, S.FORWARDED, gettext_lazy("Forward to the city"), REVIEW, "forward",
          conditions=(*_reviewing, _city_level), checks=(_not_awarded, _quota)),
    _move(S.FORWARDED, S.CITY_APPROVED, gettext_lazy("Approve at the city"), CITY_REVIEW, "approve",
          style="success", conditions=_reviewing, checks=(_quota,)),
    _move(S.FORWARDED, S.RETURNED, _RETURN, CITY_REVIEW, "return", style="secondary", note=True,
          conditions=_reviewing),
    _move(S.FORWARDED, S.REJECTED, _REJECT, CITY_REVIEW, "reject", style="danger", note=True, conditions=_reviewing),
    _withdraw(S.DRAFT),
    _withdraw(S.SUBMITTED),
    _withdraw(S.RETURNED),
    _withdraw(S.RESUBMITTED),
]  # fmt: skip
NOTIFIED_STATES = {S.RETURNED, S.APPROVED, S.FORWARDED, S.CITY_APPROVED, S.REJECTED}
# Moves a review queue offers for many nominations at once (by move name).
BULK_MOVES = ("approve", "forward")

WORKFLOW = Workflow(
    Nomination,
    MOVES,
    noun=pgettext_lazy("workflow record", "nomination"),
    related=("phase", "unit"),
    after=(_notify,),
)


def legal_moves(nomination, user):
    """The moves this user may make on the nomination now (what the page offers)."""
    return WORKFLOW.legal_moves(nomination, user)


def transition(nomination, to, *, by, note="", expected_state=None):
    """Move a nomination to state `to` through the engine (see unionsite.workflow.Workflow.transition).
    Conditions: the phase's nomination window for (re)submission and for a district's proposal
    (which must come from one of its awards), its review window otherwise, city level to forward or
    propose. Checks under the lock: eligibility on (re)submission and proposal, not yet decided to
    forward, the quotas under a lock on their rows. Side effects: state, state_note and
    waiting_since saved; one history row; in-app notifications for the nominator and their e-mail
    queued on commit."""
    return WORKFLOW.transition(nomination, to, by=by, note=note, expected_state=expected_state)


def bulk_move(nominations, name, *, by):
    """The move called `name` (approve, forward) for each nomination, from whatever state it is in:
    a district approves what was submitted, the city approves what was forwarded. One by one with
    every check; the result lists what was done and why the rest was refused."""
    result = BulkResult()
    for nomination in nominations:
        move = next((m for m in legal_moves(nomination, by) if m.name == name), None)
        if move is None:
            result.failed.append((nomination, _("This move is not possible for this nomination now.")))
            continue
        try:
            transition(nomination, move.target, by=by)
        except (DomainError, PermissionDenied) as error:
            result.failed.append((nomination, str(error)))
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


def email_notification(notification_id):
    """E-mail one in-app notification to its user, at least once and, barring a crash between the
    send and the commit, once only: the row is locked and `emailed_at` is set in the transaction
    that sends it, so a task run twice sends nothing the second time, and a task killed before its
    commit leaves the notification un-sent for the next run. Returns True when an e-mail went out."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user", "nomination__member", "nomination__title")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.user.email:
            return False
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = notification_email(notification)
        send_mail(subject, body, None, [notification.user.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


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
    if notification.note and notification.state in REASONED_STATES:
        lines.append(_("Reason: %(note)s") % {"note": notification.note})
    elif notification.note:
        lines.append(_("Note: %(note)s") % {"note": notification.note})
    return subject, "\n\n".join(lines)
