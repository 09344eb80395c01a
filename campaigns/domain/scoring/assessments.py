"""Self-assessment and review: filling, evidence, the reviewer's changes and the legal moves."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.domain.scoring.classification import ScoringError, refresh_result
from campaigns.enums import AssessmentState
from campaigns.models import (
    EvidenceFile,
    ScoreEntry,
    SelfAssessment,
)
from campaigns.queries.scoring import current_sheet, sheet_outline
from unionsite.history import record_change
from unionsite.models import ChangeRecord

A = ChangeRecord.Action
S = AssessmentState


def may_fill(user, assessment):
    phase = assessment.phase
    return (
        assessment.state == S.DRAFT
        and phase.self_assessment_open
        and phase.closed_at is None
        and user.has_perm("campaigns.fill_assessment", assessment)
    )


def may_review(user, assessment):
    phase = assessment.phase
    return (
        assessment.state == S.SUBMITTED
        and phase.review_open
        and phase.closed_at is None
        and user.has_perm("campaigns.review_assessment", assessment)
    )


def start_assessment(*, phase, unit, by):
    """The unit's self-assessment for the phase on the block's current sheet, with one empty score
    per criterion. Returns the existing one when it was already started."""
    if not (phase.self_assessment_open and phase.closed_at is None):
        raise ScoringError(_("This phase is not open for self-assessment."))
    if not unit.is_grassroots or not unit.is_within(phase.campaign.launched_by):
        raise ScoringError(_("This union does not take part in this campaign."))
    if not by.has_perm("campaigns.fill_assessment", unit):
        raise PermissionDenied
    found = SelfAssessment.objects.filter(phase=phase, unit=unit).first()
    if found:
        ensure_sheet(found)
        return found
    sheet = current_sheet(phase.campaign, unit.block)
    if sheet is None:
        raise ScoringError(_("The campaign has no score sheet for this union's block yet."))
    with transaction.atomic():
        assessment = SelfAssessment.objects.create(phase=phase, unit=unit, sheet=sheet)
        ScoreEntry.objects.bulk_create(
            ScoreEntry(assessment=assessment, criterion=c) for part in sheet_outline(sheet) for c in part.criteria
        )
        refresh_result(assessment)
        record_change(assessment, by=by, action=A.CREATE, note=str(sheet))
    return assessment


def ensure_sheet(assessment):
    """A self-assessment made elsewhere without a sheet (another part of the app, an import) gets its
    block's current sheet the first time it is opened. Returns False while there is no such sheet."""
    if assessment.sheet_id is not None:
        return True
    sheet = current_sheet(assessment.phase.campaign, assessment.unit.block)
    if sheet is None:
        return False
    SelfAssessment.objects.filter(pk=assessment.pk, sheet__isnull=True).update(sheet=sheet)
    assessment.refresh_from_db(fields=["sheet"])
    refresh_result(assessment)
    return True


def _require_sheet(assessment):
    if not ensure_sheet(assessment):
        raise ScoringError(_("The campaign has no score sheet for this union's block yet."))


def _locked(assessment, expected_state):
    locked = (
        SelfAssessment.objects.select_for_update(of=("self",))
        .select_related("sheet", "sheet__cap_band")
        .get(pk=assessment.pk)
    )
    if locked.state != expected_state:
        raise ScoringError(
            _("Someone else changed this self-assessment first: it is now “%(state)s”. Reload the page.")
            % {"state": locked.get_state_display()}
        )
    return locked


def _entries_by_criterion(assessment):
    entries = {e.criterion_id: e for e in assessment.entries.select_related("criterion")}
    for part in sheet_outline(assessment.sheet):
        for criterion in part.criteria:
            if criterion.pk not in entries:  # a criterion added to the sheet after the start
                entries[criterion.pk] = ScoreEntry.objects.create(assessment=assessment, criterion=criterion)
    return entries


def _num(value):
    """38.50 → "38.5", 40.00 → "40": how a score reads in the history."""
    return None if value is None else format(value.normalize(), "f")


def _set_vetoes(assessment, vetoes, changes):
    before = sorted(v.text for v in assessment.vetoes.all())
    after = sorted(v.text for v in vetoes)
    if before != after:
        assessment.vetoes.set(vetoes)
        changes[_("veto conditions")] = ["; ".join(before), "; ".join(after)]


def save_self_scores(assessment, *, by, scores, vetoes, files=None):
    """The unit's own scores and evidence notes ({criterion pk: (score, note)}), the veto conditions it
    declares and new evidence files ({criterion pk: [UploadedFile]}). Draft only; one history row."""
    if not may_fill(by, assessment):
        raise PermissionDenied
    _require_sheet(assessment)
    with transaction.atomic():
        assessment = _locked(assessment, S.DRAFT)
        entries = _entries_by_criterion(assessment)
        changes = {}
        for criterion_id, (score, note) in scores.items():
            entry = entries[criterion_id]
            code = entry.criterion.code or entry.criterion.title
            if entry.self_score != score:
                changes[_("%(code)s self score") % {"code": code}] = [_num(entry.self_score), _num(score)]
            if entry.note != note:
                changes[_("%(code)s evidence note") % {"code": code}] = [entry.note, note]
            if entry.self_score != score or entry.note != note:
                entry.self_score = score
                entry.note = note
                entry.save(update_fields=["self_score", "note"])
        for criterion_id, uploads in (files or {}).items():
            entry = entries[criterion_id]
            for upload in uploads:
                EvidenceFile.objects.create(
                    entry=entry, file=upload, original_name=upload.name[:255], size=upload.size, uploaded_by=by
                )
                changes[_("%(code)s evidence file") % {"code": entry.criterion.code}] = [None, upload.name]
        _set_vetoes(assessment, vetoes, changes)
        refresh_result(assessment)
        if changes:
            record_change(assessment, by=by, action=A.UPDATE, changes=changes)
    return assessment


def delete_evidence(evidence, *, by):
    assessment = evidence.entry.assessment
    if not may_fill(by, assessment):
        raise PermissionDenied
    with transaction.atomic():
        _locked(assessment, S.DRAFT)
        name = evidence.original_name
        code = evidence.entry.criterion.code
        evidence.file.delete(save=False)
        evidence.delete()
        record_change(
            assessment, by=by, action=A.UPDATE, changes={_("%(code)s evidence file") % {"code": code}: [name, None]}
        )


def save_review(assessment, *, by, scores, vetoes):
    """The reviewer's scores ({criterion pk: (score, reason)}). Both scores are kept; a score that
    changes needs a reason, and each change is its own history row carrying that reason."""
    if not may_review(by, assessment):
        raise PermissionDenied
    _require_sheet(assessment)
    with transaction.atomic():
        assessment = _locked(assessment, S.SUBMITTED)
        entries = _entries_by_criterion(assessment)
        for criterion_id, (score, reason) in scores.items():
            entry = entries[criterion_id]
            if score == entry.score and entry.reviewed_score is not None:
                continue
            if score != entry.score and not reason.strip():
                raise ScoringError(
                    _("Give the reason for changing the score of %(criterion)s.") % {"criterion": entry.criterion}
                )
            old = entry.score
            entry.reviewed_score = score
            if score != old:
                entry.review_reason = reason.strip()
            entry.save(update_fields=["reviewed_score", "review_reason"])
            if score != old:
                record_change(
                    assessment,
                    by=by,
                    action=A.UPDATE,
                    changes={_("%(code)s reviewed score") % {"code": entry.criterion.code}: [_num(old), _num(score)]},
                    note=entry.review_reason,
                )
        changes = {}
        _set_vetoes(assessment, vetoes, changes)
        if changes:
            record_change(assessment, by=by, action=A.UPDATE, changes=changes)
        refresh_result(assessment)
    return assessment


# The legal moves and the permission that each needs (see `transition`).
MOVES = {
    (S.DRAFT, S.SUBMITTED): "submit",
    (S.SUBMITTED, S.DRAFT): "return",
    (S.SUBMITTED, S.REVIEWED): "approve",
    (S.REVIEWED, S.SUBMITTED): "reopen",
}


def legal_moves(user, assessment):
    """The moves this user may make now, as [(to state, move name)]: the buttons to offer."""
    phase = assessment.phase
    if phase.closed_at is not None:
        return []
    out = []
    for (frm, to), move in MOVES.items():
        if frm != assessment.state:
            continue
        if move == "submit":
            allowed = phase.self_assessment_open and user.has_perm("campaigns.fill_assessment", assessment)
        else:
            allowed = phase.review_open and user.has_perm("campaigns.review_assessment", assessment)
        if allowed:
            out.append((to, move))
    return out


def transition(assessment, to, *, by, note=""):
    """Move the assessment to state `to`.

    Checks the move is in MOVES and that `by` may make it now (submit: the unit's officer or staff
    above while the phase's self-assessment is open; return/approve/reopen: staff above while review is
    open; never once the phase is closed). Locks the row and fails plainly when someone else moved it
    first. Side effects: submit needs every criterion scored and stamps `submitted_at`; return needs a
    note; approve stamps `reviewed_at`/`reviewed_by` and fills a reviewed score equal to the self score
    where the reviewer kept it; every move recomputes the result and writes a history row (from, to,
    note). No notification is sent (the product has no notification channel yet).
    """
    move = MOVES.get((assessment.state, to))
    if move is None:
        raise ScoringError(_("This move is not allowed."))
    if (to, move) not in legal_moves(by, assessment):
        raise PermissionDenied
    if move == "return" and not note.strip():
        raise ScoringError(_("Say why the self-assessment is returned."))
    _require_sheet(assessment)
    with transaction.atomic():
        frm = assessment.state
        locked = _locked(assessment, frm)
        fields = ["state"]
        if move == "submit":
            missing = [str(e.criterion) for e in _entries_by_criterion(locked).values() if e.self_score is None]
            if missing:
                raise ScoringError(
                    _("Score every criterion before submitting: %(list)s.") % {"list": "; ".join(missing)}
                )
            locked.submitted_at = timezone.now()
            fields.append("submitted_at")
        if move == "approve":
            locked.entries.filter(reviewed_score=None).update(reviewed_score=F("self_score"))
            locked.reviewed_at = timezone.now()
            locked.reviewed_by = by
            fields += ["reviewed_at", "reviewed_by"]
        locked.state = to
        locked.save(update_fields=fields)
        refresh_result(locked)
        record_change(
            locked,
            by=by,
            action=A.TRANSITION,
            changes={"from": frm, "to": to, "from_label": str(S(frm).label), "to_label": str(S(to).label)},
            note=note.strip(),
        )
    return locked
