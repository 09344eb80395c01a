"""Score sheets, self-assessment and review: every business rule of scoring lives here."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.enums import AssessmentState
from campaigns.models import (
    Criterion,
    EvidenceFile,
    ScoreBand,
    ScoreEntry,
    ScoreSection,
    ScoreSheet,
    SelfAssessment,
    VetoCondition,
)
from campaigns.queries.scoring import current_sheet, sheet_outline
from unionsite.history import record_change
from unionsite.models import ChangeRecord

A = ChangeRecord.Action
S = AssessmentState

# Xếp loại mặc định; the staff who set up a sheet may change them.
DEFAULT_BANDS = [
    ("Hoàn thành xuất sắc nhiệm vụ", Decimal(90)),
    ("Hoàn thành tốt nhiệm vụ", Decimal(75)),
    ("Hoàn thành nhiệm vụ", Decimal(50)),
    ("Không hoàn thành nhiệm vụ", Decimal(0)),
]
DEFAULT_CAP_BAND = "Hoàn thành nhiệm vụ"


class ScoringError(Exception):
    """A rule says no; the message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------------------------------------------
# Classification


@dataclass
class Classification:
    band: ScoreBand | None
    reasons: list  # [{"kind": "veto"|"cap", "text": str}]


def classify(*, total, bands, scores, vetoes, cap_band):
    """The band a total earns, then the veto and cap rules.

    bands: the sheet's bands; scores: [(criterion, score or None)]; vetoes: the veto conditions that
    occurred. A veto gives the lowest band whatever the score. Otherwise a criterion scored below half
    its maximum limits the band to `cap_band` at best (an unscored criterion is not judged).
    """
    ordered = sorted(bands, key=lambda b: b.min_score, reverse=True)
    if not ordered:
        return Classification(None, [])
    band = next((b for b in ordered if total >= b.min_score), ordered[-1])
    if vetoes:
        return Classification(ordered[-1], [{"kind": "veto", "text": v.text} for v in vetoes])
    low = [c for c, score in scores if score is not None and score * 2 < c.max_points]
    if low and cap_band is not None and band.min_score > cap_band.min_score:
        return Classification(cap_band, [{"kind": "cap", "text": str(c)} for c in low])
    return Classification(band, [])


def refresh_result(assessment):
    """Recompute the totals and the band from the stored scores and save them."""
    entries = list(assessment.entries.select_related("criterion"))
    sheet = assessment.sheet
    assessment.self_total = sum((e.self_score or 0 for e in entries), start=Decimal(0))
    assessment.total = sum((e.score or 0 for e in entries), start=Decimal(0))
    result = classify(
        total=assessment.total,
        bands=list(sheet.bands.all()),
        scores=[(e.criterion, e.score) for e in entries],
        vetoes=list(assessment.vetoes.all()),
        cap_band=sheet.cap_band,
    )
    assessment.band = result.band
    assessment.band_reasons = result.reasons
    assessment.save(update_fields=["self_total", "total", "band", "band_reasons"])
    return result


# ---------------------------------------------------------------------------------------------------
# Score sheets


def sheet_is_locked(sheet):
    """A sheet that an assessment of a closed phase used cannot change any more."""
    return SelfAssessment.objects.filter(sheet=sheet, phase__closed_at__isnull=False).exists()


def _outline_text(sheet):
    """A flat description of the sheet for the history's before/after."""
    outline = sheet_outline(sheet)
    return {
        "name": sheet.name,
        "sections": "; ".join("  " * part.depth + part.section.title for part in outline),
        "criteria": "; ".join(f"{c} ({c.max_points})" for part in outline for c in part.criteria),
        "bands": "; ".join(f"{b.name} ≥ {b.min_score}" for b in sheet.bands.all()),
        "cap_band": sheet.cap_band.name if sheet.cap_band_id else "",
        "vetoes": "; ".join(v.text for v in sheet.vetoes.all()),
    }


def create_sheet(*, campaign, block, name, by):
    """A new sheet with the default bands and cap. Raises ScoringError when the block has one."""
    if ScoreSheet.objects.filter(campaign=campaign, block=block).exists():
        raise ScoringError(_("This campaign already has a score sheet for this block."))
    try:
        with transaction.atomic():
            sheet = ScoreSheet.objects.create(campaign=campaign, block=block, name=name, created_by=by)
    except IntegrityError as exc:
        raise ScoringError(_("This campaign already has a score sheet for this block.")) from exc
    bands = ScoreBand.objects.bulk_create(ScoreBand(sheet=sheet, name=n, min_score=m) for n, m in DEFAULT_BANDS)
    sheet.cap_band = next(b for b in bands if b.name == DEFAULT_CAP_BAND)
    sheet.save(update_fields=["cap_band"])
    record_change(sheet, by=by, action=A.CREATE, changes={k: [None, v] for k, v in _outline_text(sheet).items()})
    return sheet


def new_version(sheet, *, by):
    """Copy `sheet` into version n+1, which becomes the current one.

    Assessments of closed phases stay on the old version; those of phases still running move to the
    copy (their scores follow the copied criteria). Returns (new sheet, {kind: {old pk: new object}}).
    """
    ScoreSheet.objects.filter(pk=sheet.pk).update(is_current=False)
    new = ScoreSheet.objects.create(
        campaign_id=sheet.campaign_id,
        block_id=sheet.block_id,
        name=sheet.name,
        version=sheet.version + 1,
        previous=sheet,
        created_by=by,
    )
    maps = {"band": {}, "section": {}, "criterion": {}, "veto": {}}
    for band in sheet.bands.all():
        maps["band"][band.pk] = ScoreBand.objects.create(sheet=new, name=band.name, min_score=band.min_score)
    new.cap_band = maps["band"].get(sheet.cap_band_id)
    new.save(update_fields=["cap_band"])
    for part in sheet_outline(sheet):  # parents come before their children
        old = part.section
        maps["section"][old.pk] = ScoreSection.objects.create(
            sheet=new, title=old.title, order=old.order, parent=maps["section"].get(old.parent_id)
        )
        for criterion in part.criteria:
            maps["criterion"][criterion.pk] = Criterion.objects.create(
                section=maps["section"][old.pk],
                code=criterion.code,
                title=criterion.title,
                max_points=criterion.max_points,
                order=criterion.order,
            )
    for veto in sheet.vetoes.all():
        maps["veto"][veto.pk] = VetoCondition.objects.create(sheet=new, text=veto.text, order=veto.order)
    moving = list(SelfAssessment.objects.filter(sheet=sheet, phase__closed_at__isnull=True))
    for assessment in moving:
        for entry in assessment.entries.all():
            entry.criterion = maps["criterion"][entry.criterion_id]
            entry.save(update_fields=["criterion"])
        old_vetoes = list(assessment.vetoes.values_list("pk", flat=True))
        assessment.vetoes.set([maps["veto"][pk] for pk in old_vetoes])
        assessment.sheet = new
        assessment.band = maps["band"].get(assessment.band_id)
        assessment.save(update_fields=["sheet", "band"])
    record_change(
        new,
        by=by,
        action=A.CREATE,
        note=_("Version %(new)s, copied from version %(old)s that a closed phase used.")
        % {"new": new.version, "old": sheet.version},
    )
    return new, maps


@dataclass
class Row:
    """One row of the sheet builder: `key` is a saved pk ("12") or a new row's key ("n1a2b3c4d")."""

    key: str
    delete: bool = False
    data: dict | None = None


def save_structure(sheet, *, by, name, sections, criteria, bands, vetoes, cap_key):
    """Apply the builder's rows to the sheet (or to a new version when the sheet is locked).

    sections: [Row(data={"title", "parent"})], criteria: [Row(data={"section", "code", "title",
    "max_points"})], bands: [Row(data={"name", "min_score"})], vetoes: [Row(data={"text"})], each in
    page order; parent/section/cap_key are row keys. Writes one history row with the before/after,
    recomputes the results of the assessments that use the sheet. Returns the sheet that was saved.
    """
    with transaction.atomic():
        sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
        if not sheet.is_current:
            raise ScoringError(_("Only the current version of a score sheet can be changed."))
        maps = {"band": {}, "section": {}, "criterion": {}, "veto": {}}
        if sheet_is_locked(sheet):
            sheet, maps = new_version(sheet, by=by)
        before = _outline_text(sheet)

        def existing(kind, model, key, **owner):
            if key.startswith("n"):
                return None
            old_pk = int(key)
            if old_pk in maps[kind]:
                return maps[kind][old_pk]
            return model.objects.filter(pk=old_pk, **owner).first()

        # Sections: create and update first, parents once every section exists, deletions last.
        by_key = {}
        doomed_sections = []
        for index, row in enumerate(sections):
            obj = existing("section", ScoreSection, row.key, sheet=sheet)
            if row.delete:
                if obj is not None:
                    doomed_sections.append(obj)
                continue
            if obj is None:
                obj = ScoreSection(sheet=sheet)
            obj.title = row.data["title"]
            obj.order = index
            obj.save()
            by_key[row.key] = obj
        for row in sections:
            if row.delete:
                continue
            parent = by_key.get(row.data.get("parent") or "")
            obj = by_key[row.key]
            if parent is not None and parent.pk == obj.pk:
                parent = None
            if obj.parent_id != (parent.pk if parent else None):
                obj.parent = parent
                obj.save(update_fields=["parent"])
        for index, row in enumerate(criteria):
            obj = existing("criterion", Criterion, row.key, section__sheet=sheet)
            if row.delete:
                if obj is not None:
                    if obj.entries.exclude(self_score=None, reviewed_score=None).exists():
                        raise ScoringError(
                            _("Criterion %(criterion)s already has scores and cannot be deleted.") % {"criterion": obj}
                        )
                    obj.entries.all().delete()
                    obj.delete()
                continue
            section = by_key.get(row.data["section"])
            if section is None:
                raise ScoringError(_("Criterion %(title)s has no section.") % {"title": row.data["title"]})
            if obj is None:
                obj = Criterion()
            obj.section = section
            obj.code = row.data["code"]
            obj.title = row.data["title"]
            obj.max_points = row.data["max_points"]
            obj.order = index
            obj.save()
        for section in doomed_sections:
            if section.criteria.exists() or section.children.exists():
                raise ScoringError(
                    _("Section %(title)s still has criteria or sections under it; delete those first.")
                    % {"title": section.title}
                )
            section.delete()

        # Bands: minimums are unique per sheet, so park the kept ones out of the way before renumbering.
        kept = []
        for row in bands:
            obj = existing("band", ScoreBand, row.key, sheet=sheet)
            if row.delete:
                if obj is not None:
                    obj.delete()
                continue
            kept.append((row, obj))
        for index, (_row, obj) in enumerate(kept):
            if obj is not None:
                obj.min_score = Decimal(-1 - index)
                obj.save(update_fields=["min_score"])
        band_by_key = {}
        for row, obj in kept:
            obj = obj or ScoreBand(sheet=sheet)
            obj.name = row.data["name"]
            obj.min_score = row.data["min_score"]
            obj.save()
            band_by_key[row.key] = obj
        if not band_by_key:
            raise ScoringError(_("A score sheet needs at least one band."))

        for index, row in enumerate(vetoes):
            obj = existing("veto", VetoCondition, row.key, sheet=sheet)
            if row.delete:
                if obj is not None:
                    obj.delete()
                continue
            obj = obj or VetoCondition(sheet=sheet)
            obj.text = row.data["text"]
            obj.order = index
            obj.save()

        sheet.name = name
        sheet.cap_band = band_by_key.get(cap_key or "")
        sheet.save(update_fields=["name", "cap_band"])
        after = _outline_text(sheet)
        changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        if changes:
            record_change(sheet, by=by, action=A.UPDATE, changes=changes)
        for assessment in SelfAssessment.objects.filter(sheet=sheet).select_related("sheet", "sheet__cap_band"):
            refresh_result(assessment)
    return sheet


# ---------------------------------------------------------------------------------------------------
# Self-assessment and review


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
        record_change(locked, by=by, action=A.TRANSITION, changes={"from": frm, "to": to}, note=note.strip())
    return locked
