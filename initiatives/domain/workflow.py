"""Recognition of an initiative at each level, on the one workflow engine (unionsite.workflow).

draft → submitted → under review → recognised / not recognised, or returned → resubmitted → under
review; a recognised initiative is proposed to the next level (it goes back to "submitted" there);
a recognition is revoked with a reason, and the initiative leaves every eligibility check.
Recognition itself happens through a decision (initiatives.domain.decisions.issue_decision)."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from initiatives.domain.councils import result, start_review
from initiatives.domain.dossier import dossier_problems
from initiatives.enums import NEXT_LEVEL, InitiativeState, Level
from initiatives.models import Initiative, Recognition
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.workflow import Move, Workflow

S = InitiativeState
SUBMIT = "initiatives.submit_initiative"
REVIEW = "initiatives.review_initiative"
REVOKE = "initiatives.revoke_initiative"


def _complete(initiative, actor):
    authors = [(a.member, a.share, a.category) for a in initiative.authors.select_related("member")]
    problems = dossier_problems(initiative, authors)
    if problems:
        return _("The dossier is not complete: %(problems)s") % {
            "problems": " ".join(str(m) for messages in problems.values() for m in messages)
        }
    return None


def _take_up(initiative, actor, note):
    start_review(initiative, by=actor)
    return []


def _passes(initiative, actor):
    review = initiative.reviews.filter(level=initiative.level).first()
    if review is None:
        return _("No council has scored this initiative.")
    outcome = result(review)
    if not outcome.passed:
        return _("The council's result does not reach recognition: %(reasons)s") % {
            "reasons": " ".join(outcome.reasons)
        }
    return None


def _has_next_level(initiative, actor):
    if initiative.level not in NEXT_LEVEL:
        return _("There is no level above the city.")
    return None


def _recognised_here(initiative, actor):
    if not initiative.recognitions.filter(level=initiative.level, revoked_at__isnull=True).exists():
        return _("Only an initiative recognised at its level is proposed to the next one.")
    return None


def capital_conflicts(initiative, year):
    """Authors who already hold a "Sáng kiến Thủ đô" (city-level recognition) in `year`: at most one a
    year per person."""
    member_ids = list(initiative.authors.values_list("member_id", flat=True))
    taken = (
        Recognition.objects.filter(
            level=Level.CITY, year=year, revoked_at__isnull=True, initiative__authors__member_id__in=member_ids
        )
        .exclude(initiative=initiative)
        .values_list("initiative__authors__member__full_name", "initiative__authors__member_id")
    )
    return sorted({name for name, member_id in taken if member_id in member_ids})


def _once_a_year_at_city(initiative, actor):
    return _city_slot(initiative, initiative.level)


def _going_to_city(initiative, actor):
    return _city_slot(initiative, NEXT_LEVEL.get(Level(initiative.level)))


def _city_slot(initiative, level):
    if level != Level.CITY:
        return None
    names = capital_conflicts(initiative, timezone.localdate().year)
    if names:
        return _("%(names)s already has a Sáng kiến Thủ đô this year (at most one a year per person).") % {
            "names": ", ".join(names)
        }
    return None


def _go_up(initiative, actor, note):
    initiative.level = NEXT_LEVEL[Level(initiative.level)]
    return ["level"]


def _has_recognition(initiative, actor):
    if not initiative.recognitions.filter(revoked_at__isnull=True).exists():
        return _("This initiative holds no recognition to revoke.")
    return None


def _not_recognised_anywhere(initiative, actor):
    if initiative.recognitions.filter(revoked_at__isnull=True).exists():
        return _("A recognised initiative is not withdrawn: its recognition is revoked instead.")
    return None


def _revoke_all(initiative, actor, note):
    now = timezone.now()
    for recognition in initiative.recognitions.filter(revoked_at__isnull=True):
        recognition.revoked_at = now
        recognition.revoke_reason = note
        recognition.save(update_fields=["revoked_at", "revoke_reason"])
        record_change(
            recognition,
            by=actor,
            action=ChangeRecord.Action.OTHER,
            changes={"revoked_at": [None, now.isoformat()]},
            note=note,
        )
    return []


def _wait_again(initiative, actor, note):
    initiative.state_note = note
    initiative.waiting_since = timezone.now()
    return ["state_note", "waiting_since", "updated_at"]


_RETURN = gettext_lazy("Return for completion")
_REASON = gettext_lazy("Give the reason: it is sent to the submitting union.")


def _move(source, target, label, perm, name, *, style="primary", note=False, conditions=(), checks=(), effects=()):
    return Move(
        source=source,
        target=target,
        label=label,
        perm=perm,
        name=name,
        style=style,
        note_required=note,
        note_message=_REASON,
        conditions=conditions,
        checks=checks,
        effects=(*effects, _wait_again),
    )


MOVES = [
    _move(S.DRAFT, S.SUBMITTED, gettext_lazy("Submit to the council"), SUBMIT, "submit", checks=(_complete,)),
    _move(S.RETURNED, S.RESUBMITTED, gettext_lazy("Resubmit"), SUBMIT, "resubmit", checks=(_complete,)),
    _move(
        S.SUBMITTED,
        S.UNDER_REVIEW,
        gettext_lazy("Send to the council for scoring"),
        REVIEW,
        "take_up",
        effects=(_take_up,),
    ),
    _move(
        S.RESUBMITTED,
        S.UNDER_REVIEW,
        gettext_lazy("Send to the council for scoring"),
        REVIEW,
        "take_up",
        effects=(_take_up,),
    ),
    _move(S.SUBMITTED, S.RETURNED, _RETURN, REVIEW, "return", style="secondary", note=True),
    _move(S.RESUBMITTED, S.RETURNED, _RETURN, REVIEW, "return", style="secondary", note=True),
    _move(S.UNDER_REVIEW, S.RETURNED, _RETURN, REVIEW, "return", style="secondary", note=True),
    # Offered on the decision page, which records the decision and the council's score with it.
    _move(
        S.UNDER_REVIEW,
        S.RECOGNISED,
        pgettext_lazy("initiative move", "Recognise"),
        REVIEW,
        "recognise",
        style="success",
        checks=(_passes, _once_a_year_at_city),
    ),
    _move(
        S.UNDER_REVIEW,
        S.NOT_RECOGNISED,
        gettext_lazy("Do not recognise"),
        REVIEW,
        "not_recognise",
        style="danger",
        note=True,
    ),
    _move(
        S.RECOGNISED,
        S.SUBMITTED,
        gettext_lazy("Propose to the next level"),
        REVIEW,
        "propose",
        conditions=(_has_next_level, _recognised_here),
        effects=(_go_up,),
        checks=(_going_to_city,),
    ),
    _move(
        S.DRAFT,
        S.WITHDRAWN,
        gettext_lazy("Withdraw"),
        SUBMIT,
        "withdraw",
        style="danger",
        note=True,
        conditions=(_not_recognised_anywhere,),
    ),
    _move(
        S.RETURNED,
        S.WITHDRAWN,
        gettext_lazy("Withdraw"),
        SUBMIT,
        "withdraw",
        style="danger",
        note=True,
        conditions=(_not_recognised_anywhere,),
    ),
] + [
    _move(
        source,
        S.REVOKED,
        gettext_lazy("Revoke the recognition"),
        REVOKE,
        "revoke",
        style="danger",
        note=True,
        conditions=(_has_recognition,),
        effects=(_revoke_all,),
    )
    for source in (S.RECOGNISED, S.SUBMITTED, S.UNDER_REVIEW, S.RESUBMITTED, S.RETURNED, S.NOT_RECOGNISED)
]

WORKFLOW = Workflow(
    Initiative,
    MOVES,
    noun=pgettext_lazy("workflow record", "initiative"),
    related=("unit",),
)

# Moves the initiative page offers as buttons (recognition goes through a decision).
PAGE_MOVES = {"submit", "resubmit", "take_up", "return", "not_recognise", "propose", "withdraw", "revoke"}


def page_moves(initiative, user):
    return [m for m in WORKFLOW.legal_moves(initiative, user) if m.name in PAGE_MOVES]


def move_by_name(initiative, name):
    return next((m for m in WORKFLOW.moves if m.source == initiative.state and m.name == name), None)


def waiting_q():
    return Q(state__in=[S.SUBMITTED, S.RESUBMITTED, S.UNDER_REVIEW])
