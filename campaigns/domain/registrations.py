"""Registrations (đăng ký thi đua): every change to a unit's registration and its title registrations.

The rules live here and nowhere else: when a unit may register (a phase of a launched campaign
has registration open and today lies within it), who may make which move, and that every change
leaves a history row.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.enums import CampaignState
from campaigns.enums import RegistrationState as S
from campaigns.models import Phase, TitleRegistration, UnitRegistration
from unions.enums import UnitKind
from unionsite.history import diff, record_change, snapshot


class RegistrationError(Exception):
    """A rule refused the change; the message is for the user, in their language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class RowsInvalid(RegistrationError):
    """Some rows of a grid or a file are wrong: nothing was saved. `errors` lists RowError."""

    def __init__(self, errors):
        super().__init__(_("Nothing was saved: %(n)d row(s) have errors.") % {"n": len({e.row for e in errors})})
        self.errors = errors


SUBMIT = "campaigns.submit_registration"
REVIEW = "campaigns.review_registration"

# Every legal move: (from, to) → the permission the actor needs. Nothing else is possible.
TRANSITIONS = {
    (S.DRAFT, S.SUBMITTED): SUBMIT,
    (S.SUBMITTED, S.ACCEPTED): REVIEW,
    (S.SUBMITTED, S.RETURNED): REVIEW,
    (S.RETURNED, S.RESUBMITTED): SUBMIT,
    (S.RESUBMITTED, S.ACCEPTED): REVIEW,
    (S.RESUBMITTED, S.RETURNED): REVIEW,
}
# Moves that register (and so need the registration window open) and moves that need a reason.
NEEDS_OPEN_WINDOW = {S.SUBMITTED, S.RESUBMITTED}
NEEDS_REASON = {S.RETURNED}
# States in which the registration's content may still be changed (an accepted one is settled).
EDITABLE = {S.DRAFT, S.SUBMITTED, S.RETURNED, S.RESUBMITTED}

EDIT_FIELDS = ["commitments"]


def registration_phase(campaign, today=None):
    """The phase that lets units register today (flag on, today within its dates, not closed), or None."""
    if campaign.state != CampaignState.LAUNCHED:
        return None
    today = today or timezone.localdate()
    return (
        Phase.objects.filter(
            campaign=campaign,
            registration_open=True,
            closed_at__isnull=True,
            starts_on__lte=today,
            ends_on__gte=today,
        )
        .order_by("number")
        .first()
    )


def closed_reason(campaign, today=None):
    """Why units cannot register for `campaign` today, in words for the user; None when they can."""
    if campaign.state != CampaignState.LAUNCHED:
        return _("Registration is not possible: the campaign is not running (it has not been launched or is closed).")
    if registration_phase(campaign, today) is None:
        return _("Registration is closed: no phase of this campaign has registration open today.")
    return None


def _check_open(campaign):
    reason = closed_reason(campaign)
    if reason:
        raise RegistrationError(reason)


def _check_editable(registration, user):
    if not user.has_perm("campaigns.change_registration", registration):
        raise PermissionDenied
    if registration.state not in EDITABLE:
        raise RegistrationError(_("An accepted registration can no longer be changed."))
    _check_open(registration.campaign)


def legal_moves(registration, user):
    """The moves `user` may make now from the registration's state, in table order."""
    moves = []
    for (source, target), perm in TRANSITIONS.items():
        if source != registration.state or not user.has_perm(perm, registration):
            continue
        if target in NEEDS_OPEN_WINDOW and closed_reason(registration.campaign):
            continue
        moves.append(target)
    return moves


def create_registration(campaign, unit, *, by, commitments=""):
    """Registers `unit` for `campaign` as a draft. Side effects: one UnitRegistration row, a history
    row (create). Refused when the window is closed, the unit is not a grassroots union under the
    launching unit, the user may not register it, or it is already registered."""
    if not by.has_perm("campaigns.register_unit", unit):
        raise PermissionDenied
    if unit.kind != UnitKind.GRASSROOTS or not unit.is_within(campaign.launched_by):
        raise RegistrationError(_("Only grassroots unions under the launching union can register for this campaign."))
    _check_open(campaign)
    try:
        with transaction.atomic():
            registration = UnitRegistration.objects.create(
                campaign=campaign, unit=unit, commitments=commitments, created_by=by
            )
            record_change(registration, by=by, action="create", changes={"commitments": [None, commitments]})
    except IntegrityError:
        raise RegistrationError(_("%(unit)s has already registered for this campaign.") % {"unit": unit}) from None
    return registration


def update_registration(registration, *, by, commitments):
    """Changes the commitments. Side effects: the row under lock, a history row with the field diff."""
    with transaction.atomic():
        locked = UnitRegistration.objects.select_for_update().select_related("campaign", "unit").get(pk=registration.pk)
        _check_editable(locked, by)
        before = snapshot(locked, EDIT_FIELDS)
        locked.commitments = commitments
        changes = diff(before, snapshot(locked, EDIT_FIELDS))
        if changes:
            locked.save(update_fields=EDIT_FIELDS)
            record_change(locked, by=by, action="update", changes=changes)
    registration.commitments = locked.commitments
    return registration


def transition(registration, to, *, by, note="", expected=None):
    """Moves the registration to state `to`.

    Checks, under a row lock: the move is in TRANSITIONS (RegistrationError otherwise); when
    `expected` is given, nobody moved it since the page was shown (RegistrationError naming the
    current state); `by` holds the move's permission (PermissionDenied); a reason for a return;
    the registration window for a (re)submission, and commitments to submit.
    Side effects: state, submitted_at / accepted_at / return_reason saved with update_fields; one
    history row (action "transition", {"state": [from, to]}, the note). There is no notification
    channel yet: the history row and the registration page are what the other side sees.
    """
    note = (note or "").strip()
    with transaction.atomic():
        locked = UnitRegistration.objects.select_for_update().select_related("campaign", "unit").get(pk=registration.pk)
        if expected and locked.state != expected:
            raise RegistrationError(
                _("Someone else has already moved this registration: it is now “%(state)s”. Nothing was changed.")
                % {"state": locked.get_state_display()}
            )
        source = locked.state
        perm = TRANSITIONS.get((source, to))
        if perm is None:
            raise RegistrationError(
                _("A registration cannot go from “%(source)s” to “%(target)s”.")
                % {"source": S(source).label, "target": S(to).label if to in S.values else to}
            )
        if not by.has_perm(perm, locked):
            raise PermissionDenied
        if to in NEEDS_REASON and not note:
            raise RegistrationError(_("Give the reason for returning the registration."))
        if to in NEEDS_OPEN_WINDOW:
            _check_open(locked.campaign)
            if not locked.commitments.strip():
                raise RegistrationError(_("Write the unit's commitments before submitting the registration."))
        fields = ["state"]
        locked.state = to
        now = timezone.now()
        if to in NEEDS_OPEN_WINDOW:
            locked.submitted_at = now
            fields.append("submitted_at")
        elif to == S.ACCEPTED:
            locked.accepted_at = now
            fields.append("accepted_at")
        elif to == S.RETURNED:
            locked.return_reason = note
            fields.append("return_reason")
        locked.save(update_fields=fields)
        record_change(locked, by=by, action="transition", changes={"state": [source, to]}, note=note)
    for name in [*fields, "commitments"]:
        setattr(registration, name, getattr(locked, name))
    return registration


def add_title_registrations(registration, rows, *, by, source):
    """Adds title registrations from a grid or a file: every row is validated first (see
    campaigns.importers.validate_rows) and either all are saved or none (RowsInvalid).

    Side effects: the registration row is locked while validating and saving, the rows are
    bulk-created, one history row on the registration (action "import" with the count).
    """
    from campaigns.importers import validate_rows

    with transaction.atomic():
        locked = UnitRegistration.objects.select_for_update().select_related("campaign", "unit").get(pk=registration.pk)
        _check_editable(locked, by)
        filled = [row for row in rows if not row.is_blank()]
        if not filled:
            raise RegistrationError(_("There are no rows to save."))
        if len(filled) > settings.IMPORT_MAX_ROWS:
            raise RegistrationError(
                _("At most %(n)d rows can be saved at once; split them.") % {"n": settings.IMPORT_MAX_ROWS}
            )
        titles, errors = validate_rows(locked, rows)
        if errors:
            raise RowsInvalid(errors)
        before = locked.titles.count()
        TitleRegistration.objects.bulk_create(titles, batch_size=500)
        record_change(
            locked,
            by=by,
            action="import",
            changes={"title registrations": [before, before + len(titles)]},
            note=source,
        )
    return len(titles)


def remove_title_registration(title_registration, *, by):
    """Deletes one title registration. Side effects: a history row (delete) on the registration."""
    with transaction.atomic():
        locked = (
            UnitRegistration.objects.select_for_update()
            .select_related("campaign", "unit")
            .get(pk=title_registration.registration_id)
        )
        _check_editable(locked, by)
        described = str(title_registration)
        title_registration.delete()
        record_change(locked, by=by, action="delete", changes={"title registration": [described, None]})
