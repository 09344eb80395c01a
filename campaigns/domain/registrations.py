"""Registrations (đăng ký thi đua): every change to a unit's registration and its title registrations.

The rules live here and nowhere else: when a unit may register (a phase of a launched campaign
has registration open and today lies within it), who may make which move, and that every change
leaves a history row.

Registrations entered by the upper level count at once. Many grassroots officers are part-time and
send their registration on paper or in Excel; the district clerk who types it in is keying the
union's own registration, already received, and expects the union to count as registered on the
coverage page the moment it is saved, not after submitting and accepting her own typing. So a
registration created by staff above the union is created and accepted in one go, through the
workflow's "accept on the union's behalf" move (history: the clerk created it for the union, then
moved it from draft to accepted; the union's officers are notified). The clerk keeps keying in what
the union sends later (title registrations in the grid or from a file, the commitments) while
registration is open; the union itself no longer changes an accepted registration.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from campaigns.domain.notices import notify_registration
from campaigns.enums import CampaignState, EntrySource, NoticeKind
from campaigns.enums import RegistrationState as S
from campaigns.models import Phase, TitleRegistration, UnitRegistration
from unions.enums import Role, UnitKind
from unions.scope import Scope
from unionsite.errors import DomainError
from unionsite.history import diff, record_change, snapshot
from unionsite.models import ChangeRecord
from unionsite.workflow import Move, Workflow


class RowsInvalid(DomainError):
    """Some rows of a grid or a file are wrong: nothing was saved. `errors` lists RowError."""

    def __init__(self, errors):
        super().__init__(_("Nothing was saved: %(n)d row(s) have errors.") % {"n": len({e.row for e in errors})})
        self.errors = errors


# States in which the union may still change the registration's content (an accepted one is settled
# for the union; the upper level that accepted it may still key in what the union sends later).
EDITABLE = {S.DRAFT, S.SUBMITTED, S.RETURNED, S.RESUBMITTED}

EDIT_FIELDS = ["commitments"]


def _window_open(registration, actor):
    return closed_reason(registration.campaign)


def _has_commitments(registration, actor):
    if not registration.commitments.strip():
        return _("Write the unit's commitments before submitting the registration.")
    return None


def _submitted(registration, actor, note):
    registration.submitted_at = timezone.now()
    return ["submitted_at"]


def _accepted(registration, actor, note):
    registration.accepted_at = timezone.now()
    return ["accepted_at"]


def _entered(registration, actor, note):
    """Entered and accepted at once: it was received (submitted) when it was accepted."""
    registration.submitted_at = registration.accepted_at = timezone.now()
    return ["submitted_at", "accepted_at"]


def _returned(registration, actor, note):
    registration.return_reason = note
    return ["return_reason"]


SUBMIT = "campaigns.submit_registration"
REVIEW = "campaigns.review_registration"


def _move(source, target, label, perm, name, **options):
    return Move(source=source, target=target, label=label, perm=perm, name=name, **options)


_submit = {"conditions": (_window_open,), "checks": (_has_commitments,), "effects": (_submitted,)}
_return = {
    "note_required": True,
    "note_message": gettext_lazy("Give the reason for returning the registration."),
    "effects": (_returned,),
    "style": "secondary",
}
_SUBMIT = gettext_lazy("Submit to the upper level")
_ACCEPT = gettext_lazy("Accept")
_RETURN = gettext_lazy("Return for completion")


def _notify_union(registration, move, actor, note):
    """After accepting or returning: the union's officers read it in the app and by e-mail."""
    if move.target == S.RETURNED:
        notify_registration(registration, kind=NoticeKind.REGISTRATION_RETURNED, by=actor, note=note)
    elif move.target == S.ACCEPTED:
        kind = NoticeKind.REGISTRATION_ENTERED if move.name == "accept_on_behalf" else NoticeKind.REGISTRATION_ACCEPTED
        notify_registration(registration, kind=kind, by=actor)


# Every legal move; nothing else is possible.
WORKFLOW = Workflow(
    UnitRegistration,
    [
        _move(S.DRAFT, S.SUBMITTED, _SUBMIT, SUBMIT, "submit", **_submit),
        # The upper level received the registration on paper and keys it in: the union's own
        # registration, entered on its behalf, accepted at once (see the module's docstring).
        _move(
            S.DRAFT,
            S.ACCEPTED,
            gettext_lazy("Accept as entered on the union's behalf"),
            REVIEW,
            "accept_on_behalf",
            conditions=(_window_open,),
            effects=(_entered,),
            style="secondary",
        ),
        _move(S.SUBMITTED, S.ACCEPTED, _ACCEPT, REVIEW, "accept", effects=(_accepted,)),
        _move(S.SUBMITTED, S.RETURNED, _RETURN, REVIEW, "return", **_return),
        _move(S.RETURNED, S.RESUBMITTED, gettext_lazy("Resubmit after completing"), SUBMIT, "resubmit", **_submit),
        _move(S.RESUBMITTED, S.ACCEPTED, _ACCEPT, REVIEW, "accept", effects=(_accepted,)),
        _move(S.RESUBMITTED, S.RETURNED, _RETURN, REVIEW, "return", **_return),
    ],
    noun=pgettext_lazy("workflow record", "registration"),
    related=("campaign", "unit"),
    after=(_notify_union,),
)


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
        raise DomainError(reason)


def keys_in_accepted(registration, user):
    """The upper level that accepts the union's registration may still key in what the union sends
    later; the union may not change an accepted registration."""
    return registration.state == S.ACCEPTED and user.has_perm(REVIEW, registration)


def _check_editable(registration, user):
    if not user.has_perm("campaigns.change_registration", registration):
        raise PermissionDenied
    if registration.state not in EDITABLE and not keys_in_accepted(registration, user):
        raise DomainError(_("An accepted registration can no longer be changed."))
    _check_open(registration.campaign)


def _on_behalf(registration, user):
    """{"on_behalf_of": [None, union name]} when `user` is not an officer of the union: the history
    row then says whose registration they keyed in."""
    if Role.GRASSROOTS_OFFICER in Scope.for_user(user).roles_on(registration.unit):
        return {}
    return {"on_behalf_of": [None, registration.unit.name]}


def legal_moves(registration, user):
    """The states `user` may move the registration to now, in table order."""
    return [move.target for move in WORKFLOW.legal_moves(registration, user)]


def create_registration(campaign, unit, *, by, commitments=""):
    """Registers `unit` for `campaign`. The union's officer makes a draft; staff above the union
    key in the union's registration on its behalf, and it is accepted at once (the workflow's
    "accept_on_behalf" move; see the module's docstring).

    Side effects: one UnitRegistration row, a history row (create; with "on_behalf_of" when the
    user is not the union's officer); when entered on the union's behalf, the move's history row and
    the notices to the union's officers. Refused when the window is closed, the unit is not a
    grassroots union under the launching unit, the user may not register it, or it is already
    registered."""
    if not by.has_perm("campaigns.register_unit", unit):
        raise PermissionDenied
    if unit.kind != UnitKind.GRASSROOTS or not unit.is_within(campaign.launched_by):
        raise DomainError(_("Only grassroots unions under the launching union can register for this campaign."))
    _check_open(campaign)
    try:
        with transaction.atomic():
            registration = UnitRegistration.objects.create(
                campaign=campaign, unit=unit, commitments=commitments, created_by=by
            )
            changes = {"commitments": [None, commitments]} | _on_behalf(registration, by)
            record_change(registration, by=by, action="create", changes=changes)
            if WORKFLOW.move(S.DRAFT, S.ACCEPTED) in WORKFLOW.legal_moves(registration, by):
                WORKFLOW.transition(registration, S.ACCEPTED, by=by)
    except IntegrityError:
        raise DomainError(_("%(unit)s has already registered for this campaign.") % {"unit": unit}) from None
    return registration


def update_registration(registration, *, by, commitments, note=""):
    """Changes the commitments. Once the registration has left the draft (the upper level has seen
    it), a change needs its reason (`note`), kept on the history row. Side effects: the row under
    lock, a history row with the field diff and the reason."""
    note = (note or "").strip()
    with transaction.atomic():
        locked = UnitRegistration.objects.select_for_update().select_related("campaign", "unit").get(pk=registration.pk)
        _check_editable(locked, by)
        before = snapshot(locked, EDIT_FIELDS)
        locked.commitments = commitments
        changes = diff(before, snapshot(locked, EDIT_FIELDS))
        if changes:
            if locked.state != S.DRAFT and not note:
                raise DomainError({"note": [_("Give the reason for changing a registration already submitted.")]})
            locked.save(update_fields=EDIT_FIELDS)
            record_change(locked, by=by, action="update", changes=changes, note=note)
    registration.commitments = locked.commitments
    return registration


def reason_required(registration):
    """A change of the registration's content needs its reason once it has left the draft."""
    return registration.state != S.DRAFT


def transition(registration, to, *, by, note="", expected=None):
    """Moves the registration to state `to` through the engine (unionsite.workflow): the move's
    permission, a reason to return it, the registration window and written commitments to
    (re)submit; `expected` is the state the actor saw. Side effects: state and the stamp of the move
    (submitted_at, accepted_at or return_reason) saved; one history row; when it is accepted or
    returned, a notice to each officer of the union, e-mailed after commit (campaigns.domain.notices)."""
    return WORKFLOW.transition(registration, to, by=by, note=note, expected_state=expected)


def add_title_registrations(registration, rows, *, by, source, file_name=""):
    """Adds title registrations from the fast-entry grid or a file (`source`, an EntrySource; the
    file's name in `file_name`): every row is validated first (see campaigns.importers.validate_rows)
    and either all are saved or none (RowsInvalid).

    Side effects: the registration row is locked while validating and saving, the rows are
    bulk-created, one history row on the registration with the count and the source: an "import"
    from a file (its name as the note), an "update" through the grid.
    """
    from campaigns.importers import validate_rows

    with transaction.atomic():
        locked = UnitRegistration.objects.select_for_update().select_related("campaign", "unit").get(pk=registration.pk)
        _check_editable(locked, by)
        filled = [row for row in rows if not row.is_blank()]
        if not filled:
            raise DomainError(_("There are no rows to save."))
        if len(filled) > settings.IMPORT_MAX_ROWS:
            raise DomainError(
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
            action=ChangeRecord.Action.IMPORT if source == EntrySource.FILE else ChangeRecord.Action.UPDATE,
            changes={"title_registrations": [before, before + len(titles)], "entered_through": [None, source]}
            | _on_behalf(locked, by),
            note=file_name,
        )
    return len(titles)


def withdraw_title_registration(title_registration, *, by, reason=""):
    """Withdraws one title registration: the row stays, marked withdrawn (by whom, when, why), and no
    longer counts (quotas, targets, the grid's duplicates). Once the registration has left the draft
    the reason is required. Side effects: the registration row locked; a history row on it with the
    withdrawn registration and the reason."""
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = (
            UnitRegistration.objects.select_for_update()
            .select_related("campaign", "unit")
            .get(pk=title_registration.registration_id)
        )
        _check_editable(locked, by)
        if reason_required(locked) and not reason:
            raise DomainError({"reason": [_("Give the reason for withdrawing this title registration.")]})
        withdrawn = TitleRegistration.objects.filter(pk=title_registration.pk).update(
            withdrawn_at=timezone.now(), withdrawn_by=by, withdraw_reason=reason
        )
        if not withdrawn:
            raise DomainError(_("This title registration was already withdrawn."))
        described = str(title_registration)
        record_change(
            locked,
            by=by,
            action=ChangeRecord.Action.UPDATE,
            changes={"title_registration": [described, None]},
            note=reason,
        )
