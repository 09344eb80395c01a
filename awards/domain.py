"""Every change of awards data goes through here: nominations and their workflow, quotas,
decisions, revocations, notifications."""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import eligibility
from awards.enums import QUOTA_USING_STATES, Level, NominationState
from awards.models import Award, Decision, Nomination, NominationAttachment, Notification, Quota
from campaigns.models import TitleRegistration
from unions.enums import Role, UnitKind
from unions.queries import roles_of
from unionsite.history import diff, record_change, snapshot
from unionsite.models import ChangeRecord

S = NominationState


class TransitionError(Exception):
    """A move refused for a reason the user can act on (shown to them as is)."""


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
    style: str = "primary"


# The one table of legal moves. Quotas are checked on submission (refused when already used up),
# approval and forwarding (the nomination takes, or keeps, a place).
MOVES = [
    Move(S.DRAFT, S.SUBMITTED, gettext_lazy("Submit to the upper level"), _nominator, False, True, True),
    Move(S.RETURNED, S.RESUBMITTED, gettext_lazy("Resubmit"), _nominator, False, True, True),
    Move(S.SUBMITTED, S.RETURNED, gettext_lazy("Return for completion"), is_upper_reviewer, True, style="warning"),
    Move(S.RESUBMITTED, S.RETURNED, gettext_lazy("Return for completion"), is_upper_reviewer, True, style="warning"),
    Move(S.SUBMITTED, S.APPROVED, gettext_lazy("Approve"), is_upper_reviewer, checks_quota=True, style="success"),
    Move(S.RESUBMITTED, S.APPROVED, gettext_lazy("Approve"), is_upper_reviewer, checks_quota=True, style="success"),
    Move(S.SUBMITTED, S.REJECTED, gettext_lazy("Reject"), is_upper_reviewer, True, style="danger"),
    Move(S.RESUBMITTED, S.REJECTED, gettext_lazy("Reject"), is_upper_reviewer, True, style="danger"),
    Move(
        S.APPROVED,
        S.FORWARDED,
        gettext_lazy("Forward to the city"),
        is_upper_reviewer,
        checks_quota=True,
        condition=lambda n: _city_level(n) and _not_awarded(n),
    ),
    Move(S.FORWARDED, S.CITY_APPROVED, gettext_lazy("Approve at the city"), is_city_reviewer_of, checks_quota=True),
    Move(S.FORWARDED, S.RETURNED, gettext_lazy("Return for completion"), is_city_reviewer_of, True, style="warning"),
    Move(S.FORWARDED, S.REJECTED, gettext_lazy("Reject"), is_city_reviewer_of, True, style="danger"),
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
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if locked.state != expected_state:
            raise TransitionError(
                _("Someone else has already acted on this nomination: it is now “%(state)s”. Nothing was changed.")
                % {"state": locked.get_state_display()}
            )
        move = MOVE_TABLE.get((locked.state, to))
        if move is None or not move.condition(locked):
            raise TransitionError(
                _("A nomination in state “%(state)s” cannot be moved to “%(to)s”.")
                % {"state": locked.get_state_display(), "to": S(to).label}
            )
        if not move.who(by, locked):
            raise PermissionDenied(_("Your role may not make this move."))
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


# --- quotas -------------------------------------------------------------------------------------


def _ancestor_paths(unit):
    parts = unit.path.split(".")[:-1]
    return [".".join(parts[: i + 1]) + "." for i in range(len(parts))]


def applicable_quotas(nomination):
    return Quota.objects.filter(
        title_id=nomination.title_id,
        level=nomination.level,
        year=nomination.year,
        unit__path__in=_ancestor_paths(nomination.unit),
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
            raise TransitionError(
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


def save_quota(quota, *, by):
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


# --- nominations --------------------------------------------------------------------------------

EDITABLE_FIELDS = [
    "phase",
    "unit",
    "member",
    "collective_name",
    "title",
    "level",
    "achievements",
    "not_disciplined",
    "not_absent_40_days",
]


def earlier_titles_text(member, collective_name="", unit=None):
    """The titles already in the records for the nominee, one per line (kept on the nomination)."""
    if member is not None:
        awards = Award.objects.filter(member=member)
    else:
        awards = Award.objects.filter(unit=unit, collective_name=collective_name)
    awards = awards.filter(revoked_at__isnull=True).select_related("title", "decision").order_by("-year", "pk")
    return "\n".join(
        f"{a.year}: {a.title.name} ({a.get_level_display()})"
        + (f" — {_('decision')} {a.decision.number}" if a.decision_id else "")
        for a in awards
    )


def save_nomination(nomination, *, by):
    """Create or edit a nomination (draft or returned): year from the campaign, earlier titles from
    the records, a history row with what changed."""
    with transaction.atomic():
        created = nomination.pk is None
        if not created:
            current = Nomination.objects.select_for_update().get(pk=nomination.pk)
            if not current.is_editable:
                raise TransitionError(_("This nomination can no longer be edited: it is under review."))
            before = snapshot(current, EDITABLE_FIELDS)
        else:
            nomination.created_by = by
            nomination.state = S.DRAFT
        nomination.year = nomination.phase.campaign.year
        nomination.earlier_titles = earlier_titles_text(nomination.member, nomination.collective_name, nomination.unit)
        nomination.save()
        if created:
            record_change(nomination, by=by, action=ChangeRecord.Action.CREATE)
        else:
            changes = diff(before, snapshot(nomination, EDITABLE_FIELDS))
            record_change(nomination, by=by, action=ChangeRecord.Action.UPDATE, changes=changes)
    return nomination


def add_attachment(nomination, *, kind, upload, by):
    with transaction.atomic():
        attachment = NominationAttachment(
            nomination=nomination, kind=kind, original_name=upload.name[:255], size=upload.size, uploaded_by=by
        )
        attachment.file.save(upload.name, upload, save=False)
        attachment.save()
        record_change(
            nomination,
            by=by,
            action=ChangeRecord.Action.UPDATE,
            changes={"attachments": [None, attachment.original_name]},
        )
    return attachment


# --- decisions and awards -----------------------------------------------------------------------


def decision_level(unit):
    return Level.CITY if unit.kind == UnitKind.CITY else Level.UPPER


def decidable_state(level):
    """The state a nomination is in when the unit of that level may decide it."""
    return S.CITY_APPROVED if level == Level.CITY else S.APPROVED


def decidable_nominations(unit):
    level = decision_level(unit)
    return Nomination.objects.filter(
        unit__path__startswith=unit.path, level=level, state=decidable_state(level), award__isnull=True
    )


def issue_decision(*, unit, number, date, signer, signer_title="", nominations, by):
    """Issue a decision over accepted nominations: one Award per nomination, history on each.
    All or nothing: if one of them was moved or awarded meanwhile, nothing is issued."""
    level = decision_level(unit)
    with transaction.atomic():
        pks = sorted(n.pk for n in nominations)
        locked = list(Nomination.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
        allowed = set(decidable_nominations(unit).filter(pk__in=pks).values_list("pk", flat=True))
        stale = [n for n in locked if n.pk not in allowed]
        if stale or len(locked) != len(pks):
            raise TransitionError(
                _("These nominations can no longer be included (moved or already decided): %(names)s.")
                % {"names": ", ".join(str(n) for n in stale)}
            )
        if Decision.objects.filter(unit=unit, number=number).exists():
            raise TransitionError(
                _("%(unit)s already has a decision numbered %(number)s.")
                % {
                    "unit": unit.name,
                    "number": number,
                }
            )
        decision = Decision.objects.create(
            unit=unit, level=level, number=number, date=date, signer=signer, signer_title=signer_title, created_by=by
        )
        record_change(decision, by=by, action=ChangeRecord.Action.CREATE)
        for nomination in locked:
            award = Award.objects.create(
                title_id=nomination.title_id,
                level=nomination.level,
                year=nomination.year,
                unit_id=nomination.unit_id,
                member_id=nomination.member_id,
                collective_name=nomination.collective_name,
                decision=decision,
                nomination=nomination,
            )
            record_change(award, by=by, action=ChangeRecord.Action.CREATE, note=number)
            record_change(
                nomination,
                by=by,
                action=ChangeRecord.Action.OTHER,
                changes={"decision": [None, number]},
                note=_("Awarded by decision %(number)s") % {"number": number},
            )
    return decision


def revoke_award(award, *, by, reason):
    """Thu hồi: the award stays in the records, marked revoked with the reason; history kept."""
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Give the reason for revoking the award."))
    with transaction.atomic():
        locked = Award.objects.select_for_update().get(pk=award.pk)
        if locked.revoked_at:
            raise TransitionError(_("This award has already been revoked."))
        locked.revoked_at = timezone.now()
        locked.revoke_reason = reason
        locked.save(update_fields=["revoked_at", "revoke_reason"])
        record_change(locked, by=by, action=ChangeRecord.Action.UPDATE, changes={"revoked": [False, True]}, note=reason)
    award.revoked_at, award.revoke_reason = locked.revoked_at, reason
    return locked


# --- notifications ------------------------------------------------------------------------------


def notify(nomination, *, by):
    """An in-app notice for the nominator (unless they made the move) and an e-mail after commit."""
    from awards.tasks import send_notification_email

    user = nomination.created_by
    if user is None or not user.is_active or user.pk == getattr(by, "pk", None):
        return None
    notification = Notification.objects.create(
        user=user, nomination=nomination, state=nomination.state, note=nomination.state_note
    )
    if user.email:
        transaction.on_commit(lambda: send_notification_email.delay(notification_id=notification.pk))
    return notification


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
