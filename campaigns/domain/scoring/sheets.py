"""Score sheets: creation with the default bands, the builder's changes, versions once a closed phase used one."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from campaigns.domain.scoring.classification import DEFAULT_BANDS, DEFAULT_CAP_BAND, refresh_result
from campaigns.models import (
    Criterion,
    ScoreBand,
    ScoreSection,
    ScoreSheet,
    SelfAssessment,
    VetoCondition,
)
from campaigns.queries.scoring import score_sheets_for_user, sheet_outline
from unionsite.errors import DomainError
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require

A = ChangeRecord.Action


def sheet_is_locked(sheet):
    """A sheet that an assessment of a closed phase used cannot change any more."""
    return SelfAssessment.objects.filter(sheet=sheet, phase__closed_at__isnull=False).exists()


def _outline_text(sheet):
    """A description of the sheet for the history's before/after: raw values (numbers as text),
    rendered by the keys campaigns registers (campaigns.apps)."""
    outline = sheet_outline(sheet)
    return {
        "name": sheet.name,
        "sections": ["  " * part.depth + part.section.title for part in outline],
        "criteria": [[str(c), str(c.max_points)] for part in outline for c in part.criteria],
        "bands": [[b.name, str(b.min_score)] for b in sheet.bands.all()],
        "cap_band": sheet.cap_band.name if sheet.cap_band_id else "",
        "vetoes": [v.text for v in sheet.vetoes.all()],
    }


def create_sheet(*, campaign, block, name, by):
    """A new sheet with the default bands and cap. Needs staff at or above the launching unit
    (PermissionDenied); raises DomainError when the campaign has a sheet for the block."""
    require(by, "campaigns.manage_score_sheet", campaign)
    if ScoreSheet.objects.filter(campaign=campaign, block=block).exists():
        raise DomainError(_("This campaign already has a score sheet for this block."))
    try:
        with transaction.atomic():
            sheet = ScoreSheet.objects.create(campaign=campaign, block=block, name=name, created_by=by)
    except IntegrityError as exc:
        raise DomainError(_("This campaign already has a score sheet for this block.")) from exc
    bands = ScoreBand.objects.bulk_create(ScoreBand(sheet=sheet, name=n, min_score=m) for n, m in DEFAULT_BANDS)
    sheet.cap_band = next(b for b in bands if b.name == DEFAULT_CAP_BAND)
    sheet.save(update_fields=["cap_band"])
    record_change(sheet, by=by, action=A.CREATE, changes={k: [None, v] for k, v in _outline_text(sheet).items()})
    return sheet


def _copy_structure(source, target):
    """Copy the bands (and which one is the cap), the sections with their nesting, the criteria and
    the veto conditions of `source` onto the empty sheet `target`. Returns {kind: {old pk: new object}}."""
    maps = {"band": {}, "section": {}, "criterion": {}, "veto": {}}
    for band in source.bands.all():
        maps["band"][band.pk] = ScoreBand.objects.create(sheet=target, name=band.name, min_score=band.min_score)
    target.cap_band = maps["band"].get(source.cap_band_id)
    target.save(update_fields=["cap_band"])
    for part in sheet_outline(source):  # parents come before their children
        old = part.section
        maps["section"][old.pk] = ScoreSection.objects.create(
            sheet=target, title=old.title, order=old.order, parent=maps["section"].get(old.parent_id)
        )
        for criterion in part.criteria:
            maps["criterion"][criterion.pk] = Criterion.objects.create(
                section=maps["section"][old.pk],
                code=criterion.code,
                title=criterion.title,
                max_points=criterion.max_points,
                order=criterion.order,
            )
    for veto in source.vetoes.all():
        maps["veto"][veto.pk] = VetoCondition.objects.create(sheet=target, text=veto.text, order=veto.order)
    return maps


def copy_sheet(source, *, campaign, block, by, name=""):
    """A new sheet for `block` in `campaign`, starting as an exact copy of `source` (a sheet of an
    earlier campaign, another version, or another block): its sections and their nesting, criteria
    with their codes and maximum points, bands, cap band and veto conditions. Nothing of the source
    changes. `name` defaults to the source's.

    Needs the right to set up `campaign`'s sheets and to see `source` (PermissionDenied); refused
    (DomainError) when the campaign already has a sheet for the block. Side effect: one history row
    (create) with the whole outline and "copied_from"."""
    require(by, "campaigns.manage_score_sheet", campaign)
    if not score_sheets_for_user(by).filter(pk=source.pk).exists():
        raise PermissionDenied
    taken = DomainError({"block": [_("This campaign already has a score sheet for this block.")]})
    if ScoreSheet.objects.filter(campaign=campaign, block=block).exists():
        raise taken
    try:
        with transaction.atomic():
            sheet = ScoreSheet.objects.create(campaign=campaign, block=block, name=name or source.name, created_by=by)
            _copy_structure(source, sheet)
            changes = {k: [None, v] for k, v in _outline_text(sheet).items()}
            changes["copied_from"] = [None, f"{source} — {source.campaign.title} — {source.block.name}"]
            record_change(sheet, by=by, action=A.CREATE, changes=changes)
    except IntegrityError as exc:
        raise taken from exc
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
    maps = _copy_structure(sheet, new)
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
        changes={"version": [sheet.version, new.version], "copied_because_used": [None, True]},
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
    Needs staff at or above the launching unit (PermissionDenied).
    """
    require(by, "campaigns.manage_score_sheet", sheet)
    with transaction.atomic():
        sheet = ScoreSheet.objects.select_for_update().get(pk=sheet.pk)
        if not sheet.is_current:
            raise DomainError(_("Only the current version of a score sheet can be changed."))
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
                        raise DomainError(
                            _("Criterion %(criterion)s already has scores and cannot be deleted.") % {"criterion": obj}
                        )
                    obj.entries.all().delete()
                    obj.delete()
                continue
            section = by_key.get(row.data["section"])
            if section is None:
                raise DomainError(_("Criterion %(title)s has no section.") % {"title": row.data["title"]})
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
                raise DomainError(
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
            raise DomainError(_("A score sheet needs at least one band."))

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
