"""Self-assessment and review: filling, evidence, the reviewer's changes and the legal moves."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from campaigns.domain.scoring.classification import refresh_result
from campaigns.enums import AssessmentState
from campaigns.models import (
    EvidenceFile,
    ScoreEntry,
    SelfAssessment,
)
from campaigns.queries.scoring import current_sheet, sheet_outline
from unionsite.errors import DomainError
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.workflow import Move, Workflow

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
        raise DomainError(_("This phase is not open for self-assessment."))
    if not unit.is_grassroots or not unit.is_within(phase.campaign.launched_by):
        raise DomainError(_("This union does not take part in this campaign."))
    if not by.has_perm("campaigns.fill_assessment", unit):
        raise PermissionDenied
    found = SelfAssessment.objects.filter(phase=phase, unit=unit).first()
    if found:
        ensure_sheet(found, by=by)
        return found
    sheet = current_sheet(phase.campaign, unit.block)
    if sheet is None:
        raise DomainError(no_sheet_reason(phase.campaign, unit))
    with transaction.atomic():
        assessment = SelfAssessment.objects.create(phase=phase, unit=unit, sheet=sheet)
        ScoreEntry.objects.bulk_create(
            ScoreEntry(assessment=assessment, criterion=c) for part in sheet_outline(sheet) for c in part.criteria
        )
        refresh_result(assessment)
        record_change(assessment, by=by, action=A.CREATE, note=str(sheet))
    return assessment


def no_sheet_reason(campaign, unit):
    """Why `unit` cannot self-assess in `campaign` for want of a sheet, naming who must act."""
    if unit.block_id is None:
        return _("This union is in no block, so no score sheet applies: the staff of %(upper)s must set its block.") % {
            "upper": unit.parent.name if unit.parent_id else ""
        }
    return _(
        "No score sheet for the block “%(block)s” yet: the staff of %(publisher)s must publish one before the "
        "self-assessment can start."
    ) % {"block": unit.block.name, "publisher": campaign.launched_by.name}


def ensure_sheet(assessment, *, by):
    """A self-assessment made elsewhere without a sheet (another part of the app, an import) gets its
    block's current sheet at its first change (a save, a move, starting it again), never when a page
    is only opened: pages show `queries.assessment_sheet`. Returns False while there is no such
    sheet. History: a row naming the sheet, by whoever made the change."""
    if assessment.sheet_id is not None:
        return True
    sheet = current_sheet(assessment.phase.campaign, assessment.unit.block)
    if sheet is None:
        return False
    with transaction.atomic():
        if SelfAssessment.objects.filter(pk=assessment.pk, sheet__isnull=True).update(sheet=sheet):
            record_change(assessment, by=by, action=A.UPDATE, changes={"sheet": [None, str(sheet)]})
        assessment.refresh_from_db(fields=["sheet"])
        refresh_result(assessment)
    return True


def _require_sheet(assessment, by):
    if not ensure_sheet(assessment, by=by):
        raise DomainError(_("The campaign has no score sheet for this union's block yet."))


def _locked(assessment, expected_state):
    locked = (
        SelfAssessment.objects.select_for_update(of=("self",))
        .select_related("sheet", "sheet__cap_band")
        .get(pk=assessment.pk)
    )
    if locked.state != expected_state:
        raise DomainError(
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
        changes["vetoes"] = [before, after]


def save_self_scores(assessment, *, by, scores, vetoes, files=None):
    """The unit's own scores and evidence notes ({criterion pk: (score, note)}), the veto conditions it
    declares and new evidence files ({criterion pk: [UploadedFile]}). Draft only; one history row."""
    if not may_fill(by, assessment):
        raise PermissionDenied
    _require_sheet(assessment, by)
    with transaction.atomic():
        assessment = _locked(assessment, S.DRAFT)
        entries = _entries_by_criterion(assessment)
        changes = {}
        for criterion_id, (score, note) in scores.items():
            entry = entries[criterion_id]
            code = entry.criterion.code or entry.criterion.title
            if entry.self_score != score:
                changes[f"self_score@{code}"] = [_num(entry.self_score), _num(score)]
            if entry.note != note:
                changes[f"evidence_note@{code}"] = [entry.note, note]
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
                changes[f"evidence_file@{entry.criterion.code}"] = [None, upload.name]
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
        record_change(assessment, by=by, action=A.UPDATE, changes={f"evidence_file@{code}": [name, None]})


def save_review(assessment, *, by, scores, vetoes):
    """The reviewer's scores ({criterion pk: (score, reason)}). Both scores are kept; a score that
    changes needs a reason, and each change is its own history row carrying that reason."""
    if not may_review(by, assessment):
        raise PermissionDenied
    _require_sheet(assessment, by)
    with transaction.atomic():
        assessment = _locked(assessment, S.SUBMITTED)
        entries = _entries_by_criterion(assessment)
        for criterion_id, (score, reason) in scores.items():
            entry = entries[criterion_id]
            if score == entry.score and entry.reviewed_score is not None:
                continue
            if score != entry.score and not reason.strip():
                raise DomainError(
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
                    changes={f"reviewed_score@{entry.criterion.code}": [_num(old), _num(score)]},
                    note=entry.review_reason,
                )
        changes = {}
        _set_vetoes(assessment, vetoes, changes)
        if changes:
            record_change(assessment, by=by, action=A.UPDATE, changes=changes)
        refresh_result(assessment)
    return assessment


# --- the workflow --------------------------------------------------------------------------------

FILL = "campaigns.fill_assessment"
REVIEW = "campaigns.review_assessment"


def _phase_running(assessment, actor):
    if assessment.phase.closed_at is not None:
        return _("This phase is closed.")
    return None


def _self_assessment_open(assessment, actor):
    if not assessment.phase.self_assessment_open:
        return _("This phase is not open for self-assessment.")
    return None


def _review_open(assessment, actor):
    if not assessment.phase.review_open:
        return _("This phase is not open for review.")
    return None


def _has_sheet(assessment, actor):
    if not ensure_sheet(assessment, by=actor):
        return _("The campaign has no score sheet for this union's block yet.")
    return None


def _every_criterion_scored(assessment, actor):
    missing = [str(e.criterion) for e in _entries_by_criterion(assessment).values() if e.self_score is None]
    if missing:
        return _("Score every criterion before submitting: %(list)s.") % {"list": "; ".join(missing)}
    return None


def _submitted(assessment, actor, note):
    assessment.submitted_at = timezone.now()
    return ["submitted_at"]


def _approved(assessment, actor, note):
    """Where the reviewer kept the unit's score, the reviewed score is the self score."""
    assessment.entries.filter(reviewed_score=None).update(reviewed_score=F("self_score"))
    assessment.reviewed_at = timezone.now()
    assessment.reviewed_by = actor
    return ["reviewed_at", "reviewed_by"]


def _recompute(assessment, move, actor, note):
    refresh_result(assessment)


_filling = (_phase_running, _self_assessment_open)
_reviewing = (_phase_running, _review_open)
WORKFLOW = Workflow(
    SelfAssessment,
    [
        Move(
            source=S.DRAFT,
            target=S.SUBMITTED,
            label=gettext_lazy("Submit for review"),
            perm=FILL,
            name="submit",
            conditions=_filling,
            checks=(_has_sheet, _every_criterion_scored),
            effects=(_submitted,),
        ),
        Move(
            source=S.SUBMITTED,
            target=S.DRAFT,
            label=gettext_lazy("Return for completion"),
            perm=REVIEW,
            name="return",
            conditions=_reviewing,
            note_required=True,
            style="danger",
            note_message=gettext_lazy("Say why the self-assessment is returned."),
        ),
        Move(
            source=S.SUBMITTED,
            target=S.REVIEWED,
            label=gettext_lazy("Finish the review"),
            perm=REVIEW,
            name="approve",
            conditions=_reviewing,
            checks=(_has_sheet,),
            effects=(_approved,),
            style="success",
        ),
        Move(
            source=S.REVIEWED,
            target=S.SUBMITTED,
            label=gettext_lazy("Reopen the review"),
            perm=REVIEW,
            name="reopen",
            conditions=_reviewing,
            style="secondary",
        ),
    ],
    noun=pgettext_lazy("workflow record", "self-assessment"),
    related=("phase", "sheet", "sheet__cap_band"),
    after=(_recompute,),
)


def legal_moves(user, assessment):
    """The moves this user may make now: the buttons to offer."""
    return WORKFLOW.legal_moves(assessment, user)


def transition(assessment, to, *, by, note="", expected_state=None):
    """Move the assessment to state `to` through the engine (unionsite.workflow).

    Submit: the unit's officer or staff above while the phase's self-assessment is open, every
    criterion scored, stamps `submitted_at`. Return (a reason is required), approve, reopen: staff
    above while review is open; approve stamps `reviewed_at`/`reviewed_by` and fills a reviewed score
    equal to the self score where the reviewer kept it. Never once the phase is closed. Every move
    recomputes the result and writes one history row. No notification is sent."""
    return WORKFLOW.transition(assessment, to, by=by, note=note, expected_state=expected_state)
