"""The one workflow engine: every record kind with states moves through `Workflow.transition()`.

A workflow is a table of `Move`s (source → target, a label, the permission the actor needs, whether
a reason is required, the conditions that make the move available and the checks it must pass)
plus what happens after a move (notifications, recomputed results). The engine does the rest the
same way for every record kind: row lock, "someone else moved it first", permission, conditions,
checks, `update_fields`, one history row `{"state": [from, to]}` and hooks queued on commit.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from unionsite.errors import DomainError
from unionsite.history import record_change
from unionsite.models import ChangeRecord


class StaleState(DomainError):
    """Someone else moved the record after the actor's page was shown."""


@dataclass(frozen=True, kw_only=True)
class Move:
    """One legal move. `conditions` are cheap tests of the record (e.g. a phase flag): a move whose
    condition fails is not offered, and trying it says why. `checks` run only when the move is made,
    under the lock, on the record already in its target state (e.g. eligibility, quota,
    completeness); `effects` set the fields the move stamps
    and return their names. Each condition/check takes (record, actor) and returns None or a reason
    (checks may also raise DomainError); each effect takes (record, actor, note)."""

    source: str
    target: str
    label: Any
    perm: str
    name: str = ""
    note_required: bool = False
    note_message: Any = None
    conditions: Sequence[Callable] = ()
    checks: Sequence[Callable] = ()
    effects: Sequence[Callable] = ()
    style: str = "primary"  # how the page shows the button: primary, secondary, danger

    @property
    def button_class(self):
        return {"primary": "btn-primary", "success": "btn-success", "danger": "btn-outline-danger"}.get(
            self.style, "btn-outline-secondary"
        )

    def refusal(self, obj, actor=None):
        """The first reason a condition gives for this move being unavailable now, or None."""
        for condition in self.conditions:
            reason = condition(obj, actor)
            if reason:
                return reason
        return None


@dataclass
class BulkResult:
    """What a bulk move did: the records moved, and each refused one with its reason."""

    done: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # [(record, reason)]


class Workflow:
    """The moves of one model's `state` field and what follows each move.

    `noun` names the kind of record in messages ("nomination", with the pgettext context
    "workflow record"); `related` lists select_related paths
    the conditions and checks read on the locked row; `after` hooks take (record, move, actor, note)
    and run inside the transaction, after the history row (queue e-mail there with on_commit)."""

    def __init__(self, model, moves, *, noun, related=(), after=(), state_field="state"):
        self.model = model
        self.moves = list(moves)
        self.table = {(m.source, m.target): m for m in self.moves}
        self.noun = noun
        self.related = tuple(related)
        self.after = list(after)
        self.state_field = state_field
        self.states = model._meta.get_field(state_field)

    def state_label(self, value):
        return str(dict(self.states.flatchoices).get(value, value))

    def move(self, source, target):
        return self.table.get((source, target))

    def legal_moves(self, obj, user):
        """The moves `user` may make on `obj` now, in table order: what a page or a queue offers."""
        state = getattr(obj, self.state_field)
        return [
            m for m in self.moves if m.source == state and m.refusal(obj, user) is None and user.has_perm(m.perm, obj)
        ]

    def transition(self, obj, to, *, by, note="", expected_state=None):
        """Move `obj` to state `to` and return the locked, saved row (`obj` is updated too).

        Under a row lock (select_for_update): the state must still be `expected_state` (default:
        the state `obj` had when read; StaleState otherwise: someone else moved it first); the move
        must be in the table and its conditions hold (DomainError); `by` must hold the move's
        permission on the record (PermissionDenied); a reason when the move needs one; then the
        checks, on the record in its new state. Side effects: the state and the fields the effects stamp are saved with
        update_fields; one history row (action "transition", {"state": [from, to]}, the note);
        the workflow's `after` hooks (notifications are queued there, sent after commit)."""
        note = (note or "").strip()
        expected_state = expected_state or getattr(obj, self.state_field)
        with transaction.atomic():
            rows = self.model.objects.select_for_update(of=("self",))
            if self.related:
                rows = rows.select_related(*self.related)
            locked = rows.get(pk=obj.pk)
            source = getattr(locked, self.state_field)
            if source != expected_state:
                raise StaleState(
                    _("Someone else has already acted on this %(record)s: it is now “%(state)s”. Nothing was changed.")
                    % {"record": self.noun, "state": self.state_label(source)}
                )
            move = self.table.get((source, to))
            if move is None:
                raise DomainError(
                    _("This %(record)s cannot go from “%(source)s” to “%(target)s”.")
                    % {"record": self.noun, "source": self.state_label(source), "target": self.state_label(to)}
                )
            if not by.has_perm(move.perm, locked):
                raise PermissionDenied(_("Your role may not make this move."))
            reason = move.refusal(locked, by)
            if reason:
                raise DomainError(reason)
            if move.note_required and not note:
                raise DomainError(move.note_message or _("Give the reason."))
            setattr(locked, self.state_field, to)
            for check in move.checks:  # they see the record in its new state; a refusal rolls back
                reason = check(locked, by)
                if reason:
                    raise DomainError(reason)
            fields = [self.state_field]
            for effect in move.effects:
                fields += effect(locked, by, note) or []
            locked.save(update_fields=list(dict.fromkeys(fields)))
            record_change(
                locked,
                by=by,
                action=ChangeRecord.Action.TRANSITION,
                changes={self.state_field: [source, to]},
                note=note,
            )
            for hook in self.after:
                hook(locked, move, by, note)
        for name in fields:
            setattr(obj, name, getattr(locked, name))
        return locked

    def bulk_transition(self, objects, to, *, by, note=""):
        """The same move for each record, one by one with every check; never all-or-nothing."""
        result = BulkResult()
        for obj in objects:
            try:
                self.transition(obj, to, by=by, note=note)
            except (DomainError, PermissionDenied) as error:
                result.failed.append((obj, str(error)))
            else:
                result.done.append(obj)
        return result
