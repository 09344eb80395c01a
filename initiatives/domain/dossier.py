"""The initiative dossier: its content, authors and evidence, and the rules they must meet."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.enums import IN_REVIEW_STATES, InitiativeState
from initiatives.models import Author, Evidence, Initiative
from unions.enums import UnitKind
from unionsite.errors import DomainError
from unionsite.history import diff, record_change, snapshot
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require
from unionsite.uploads import SCANS, validate_upload

EDITABLE_FIELDS = [
    "unit",
    "year",
    "title",
    "field",
    "problem",
    "solution",
    "novelty",
    "first_applied_on",
    "applied_where",
    "trial",
    "value_per_year",
    "social_value",
]
HUNDRED = Decimal("100")
EVIDENCE_KINDS = SCANS | {"xlsx"}


def dossier_problems(initiative, authors):
    """What is wrong with a dossier, as {field: [message]}; `authors` is [(member, share, category)]."""
    problems = {}

    def add(field, message):
        problems.setdefault(field, []).append(message)

    if initiative.unit_id and initiative.unit.kind != UnitKind.GRASSROOTS:
        add("unit", _("An initiative is filed by a grassroots union."))
    if initiative.value_per_year is not None and initiative.value_per_year < 0:
        add("value_per_year", _("The value cannot be negative."))
    if initiative.value_per_year in (None, 0) and not (initiative.social_value or "").strip():
        add("social_value", _("Give the money saved or earned per year, or describe the social value."))
    if initiative.first_applied_on and initiative.first_applied_on > timezone.localdate():
        add("first_applied_on", _("The date of first application cannot be in the future."))
    if not authors:
        add("authors", _("Name at least one author."))
    else:
        members = [member.pk for member, _share, _category in authors]
        if len(set(members)) != len(members):
            add("authors", _("An author is named twice."))
        if any(share is None or share <= 0 for _m, share, _c in authors):
            add("authors", _("Each author's contribution must be more than 0 %."))
        total = sum((share or Decimal(0) for _m, share, _c in authors), Decimal(0))
        if total != HUNDRED:
            add(
                "authors",
                _("The contributions add up to %(total)s %%; they must add up to 100 %%.")
                % {"total": f"{total.normalize():f}".replace(".", ",")},
            )
        if any(not member.active for member, _s, _c in authors):
            add("authors", _("An author is no longer an active member."))
    return problems


def save_initiative(initiative, authors, *, by, programmes=None, reason=""):
    """Create or edit a dossier (draft or returned) with its authors [(member, share, category)].
    Edits after the first submission need a reason; every edit is recorded."""
    creating = initiative.pk is None
    require(
        by,
        "initiatives.add_initiative" if creating else "initiatives.change_initiative",
        None if creating else initiative,
    )
    if initiative.unit_id:
        require(by, "initiatives.submit_initiative", initiative.unit)
    problems = dossier_problems(initiative, authors)
    if problems:
        raise DomainError(problems)
    reason = (reason or "").strip()
    with transaction.atomic():
        if creating:
            initiative.created_by = by
            initiative.save()
            record_change(initiative, by=by, action=ChangeRecord.Action.CREATE)
            before = None
        else:
            locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
            if not locked.is_editable:
                raise DomainError(
                    _("This initiative can no longer be changed: it is “%(state)s”.")
                    % {"state": locked.get_state_display()}
                )
            submitted_before = locked.state != InitiativeState.DRAFT
            if submitted_before and not reason:
                raise DomainError({"reason": [_("Say why the submitted dossier is changed.")]})
            before = snapshot(locked, EDITABLE_FIELDS)
            authors_before = _authors_text(initiative)
            initiative.save()
        added = _save_authors(initiative, authors)
        if programmes is not None:
            initiative.programmes.set(programmes)
        if before is not None:
            changes = diff(before, snapshot(initiative, EDITABLE_FIELDS))
            authors_after = _authors_text(initiative)
            if authors_after != authors_before:
                changes["authors"] = [authors_before, authors_after]
            if changes:
                record_change(initiative, by=by, action=ChangeRecord.Action.UPDATE, changes=changes, note=reason)
        if added:
            from initiatives.domain.councils import refresh_exclusions

            refresh_exclusions(initiative)
    return initiative


def _authors_text(initiative):
    return "; ".join(
        f"{a.member.full_name} {a.share.normalize():f} %" for a in initiative.authors.select_related("member")
    )


def _save_authors(initiative, authors):
    """Replace the author rows; returns the members newly added (they may exclude council members)."""
    existing = {a.member_id: a for a in initiative.authors.all()}
    wanted = {member.pk for member, _s, _c in authors}
    initiative.authors.exclude(member_id__in=wanted).delete()  # part of the dossier edit, recorded above
    added = []
    for order, (member, share, category) in enumerate(authors):
        row = existing.get(member.pk)
        if row is None:
            Author.objects.create(initiative=initiative, member=member, share=share, category=category, order=order)
            added.append(member)
        elif (row.share, row.category, row.order) != (share, category, order):
            row.share, row.category, row.order = share, category, order
            row.save(update_fields=["share", "category", "order"])
    return added


def add_evidence(initiative, upload, description, *, by):
    """Attach an evidence file (PDF, Word, Excel or a scan; size-checked) to a dossier."""
    require(by, "initiatives.submit_initiative", initiative)
    if initiative.state not in (*IN_REVIEW_STATES, InitiativeState.DRAFT, InitiativeState.RETURNED):
        raise DomainError(_("Evidence cannot be added to an initiative that has been decided."))
    validate_upload(upload, EVIDENCE_KINDS)
    description = (description or "").strip()
    if not description:
        raise DomainError({"description": [_("Say what the file shows.")]})
    with transaction.atomic():
        evidence = Evidence.objects.create(
            initiative=initiative,
            description=description,
            file=upload,
            original_name=upload.name[:255],
            size=upload.size,
            uploaded_by=by,
        )
        record_change(
            initiative, by=by, action=ChangeRecord.Action.OTHER, changes={"evidence": [None, evidence.original_name]}
        )
    return evidence


def withdraw_evidence(evidence, *, by, reason):
    require(by, "initiatives.submit_initiative", evidence.initiative)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for withdrawing the file."))
    if evidence.withdrawn_at:
        raise DomainError(_("This file has already been withdrawn."))
    with transaction.atomic():
        evidence.withdrawn_at = timezone.now()
        evidence.save(update_fields=["withdrawn_at"])
        record_change(
            evidence.initiative,
            by=by,
            action=ChangeRecord.Action.OTHER,
            changes={"evidence": [evidence.original_name, None]},
            note=reason,
        )
