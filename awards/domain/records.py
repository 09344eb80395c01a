"""Nominations as records, attachments, decisions and awards."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import CLOSED_STATES, NOMINATION_LEVELS, CommendationMethod, Level, NominationState
from awards.models import Award, Decision, Nomination, NominationAttachment
from campaigns.enums import CampaignState
from unions.enums import UnitKind
from unionsite.errors import DomainError, duplicates_refused
from unionsite.history import diff, record_change, snapshot
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require

S = NominationState


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


def nomination_problems(nomination):
    """What is wrong with a nomination's content, as {field: [message]} (empty when nothing is).
    The rules of a nomination live here: every way in (form, import, command) goes through them."""
    problems = {}

    def add(field, message):
        problems.setdefault(field, []).append(message)

    unit, phase, member, title = nomination.unit, nomination.phase, nomination.member, nomination.title
    collective = (nomination.collective_name or "").strip()
    nomination.collective_name = collective
    if unit.kind != UnitKind.GRASSROOTS:
        add("unit", _("Nominations are made for grassroots unions."))
    if not unit.is_within(phase.campaign.launched_by) or phase.campaign.state != CampaignState.LAUNCHED:
        add("phase", _("This campaign is not launched for the chosen union."))
    elif not phase.nominations_open and nomination.pk is None:
        add("phase", _("Nominations are closed in %(phase)s.") % {"phase": phase.name})
    if member and collective:
        add("collective_name", _("Choose a member or name a collective, not both."))
    elif not member and not collective:
        add("member", _("Choose a member or name a collective."))
    if member and member.unit_id != unit.pk:
        add("member", _("This member does not belong to the chosen union."))
    if member and not title.accepts_member():
        add("member", _("This title is given to collectives only."))
    if collective and not title.accepts_collective():
        add("collective_name", _("This title is given to individuals only."))
    if nomination.level not in NOMINATION_LEVELS or not title.levels.filter(level=nomination.level).exists():
        add("level", _("This title does not exist at the chosen level."))
    if (member or collective) and not problems:
        same = Nomination.objects.filter(title=title, level=nomination.level, year=phase.campaign.year).exclude(
            state__in=CLOSED_STATES
        )
        nominee = {"member": member} if member else {"unit": unit, "collective_name": collective}
        if same.filter(**nominee).exclude(pk=nomination.pk).exists():
            add("__all__", _("This nominee already has a nomination for this title, level and year."))
    return problems


def save_nomination(nomination, *, by):
    """Create or edit a nomination (draft or returned): year from the campaign, earlier titles from
    the records, a history row with what changed.

    Checks that `by` may nominate for the union (or change this nomination: PermissionDenied) and
    the rules of `nomination_problems` (DomainError with the messages by field); the database keeps
    one live nomination per nominee, title, level and year even when two saves run at once (the
    second gets the same DomainError as the check)."""
    with duplicates_refused():
        created = nomination.pk is None
        if not created:
            current = Nomination.objects.select_for_update().select_related("unit").get(pk=nomination.pk)
            require(by, "awards.change_nomination", current)
            if not current.is_editable:
                raise DomainError(_("This nomination can no longer be edited: it is under review."))
            before = snapshot(current, EDITABLE_FIELDS)
        require(by, "awards.nominate_for", nomination.unit)
        problems = nomination_problems(nomination)
        if problems:
            raise DomainError(problems)
        if created:
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
    """Attach a document to an editable nomination; a history row names it."""
    require(by, "awards.change_nomination", nomination)
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


def new_decision(*, unit, level, number, date, signer, signer_title, method, by):
    """Create a decision of `unit` and record it; DomainError when the unit already issued one numbered
    `number` in the year of `date` (numbers start again each year; the database keeps them unique per
    unit and year). Used inside the issuing transaction of an upper-level or a grassroots decision."""
    if Decision.objects.filter(unit=unit, year=date.year, number=number).exists():
        raise DomainError(
            {
                "number": [
                    _("%(unit)s already has a decision numbered %(number)s in %(year)s.")
                    % {"unit": unit.name, "number": number, "year": date.year}
                ]
            }
        )
    decision = Decision.objects.create(
        unit=unit,
        level=level,
        number=number,
        date=date,
        signer=signer,
        signer_title=signer_title,
        method=method,
        created_by=by,
    )
    record_change(decision, by=by, action=ChangeRecord.Action.CREATE)
    return decision


def issue_decision(*, unit, number, date, signer, signer_title="", nominations, method=CommendationMethod.REGULAR, by):
    """Issue a decision over accepted nominations: one Award per nomination, history on each; `method`
    is the kind of commendation (loại hình khen thưởng), kept on the decision and its awards.
    All or nothing: if one of them was moved or awarded meanwhile, or the number was taken in the
    year meanwhile, nothing is issued. `by` must be staff of the deciding unit (or above it:
    PermissionDenied)."""
    require(by, "awards.decide_for_unit", unit)
    if unit.kind == UnitKind.GRASSROOTS:
        raise DomainError(_("A grassroots union records its own titles as a grassroots decision."))
    level = decision_level(unit)
    number = (number or "").strip()
    with duplicates_refused():
        pks = sorted(n.pk for n in nominations)
        locked = list(Nomination.objects.select_for_update().filter(pk__in=pks).order_by("pk"))
        allowed = set(decidable_nominations(unit).filter(pk__in=pks).values_list("pk", flat=True))
        stale = [n for n in locked if n.pk not in allowed]
        if stale or len(locked) != len(pks):
            raise DomainError(
                _("These nominations can no longer be included (moved or already decided): %(names)s.")
                % {"names": ", ".join(str(n) for n in stale)}
            )
        decision = new_decision(
            unit=unit,
            level=level,
            number=number,
            date=date,
            signer=signer,
            signer_title=signer_title,
            method=method,
            by=by,
        )
        for nomination in locked:
            award = Award.objects.create(
                title_id=nomination.title_id,
                level=nomination.level,
                year=nomination.year,
                unit_id=nomination.unit_id,
                member_id=nomination.member_id,
                collective_name=nomination.collective_name,
                decision=decision,
                method=method,
                nomination=nomination,
            )
            record_change(award, by=by, action=ChangeRecord.Action.CREATE, note=number)
            record_change(
                nomination,
                by=by,
                action=ChangeRecord.Action.OTHER,
                changes={"decision": [None, number]},
            )
    return decision


def revoke_award(award, *, by, reason):
    """Thu hồi: the award stays in the records, marked revoked with the reason; history kept.
    Only staff of the deciding unit (or the grassroots union for its own decision) may revoke."""
    require(by, "awards.revoke_award", award)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for revoking the award."))
    with transaction.atomic():
        locked = Award.objects.select_for_update().get(pk=award.pk)
        if locked.revoked_at:
            raise DomainError(_("This award has already been revoked."))
        locked.revoked_at = timezone.now()
        locked.revoke_reason = reason
        locked.save(update_fields=["revoked_at", "revoke_reason"])
        record_change(locked, by=by, action=ChangeRecord.Action.UPDATE, changes={"revoked": [False, True]}, note=reason)
    award.revoked_at, award.revoke_reason = locked.revoked_at, reason
    return locked
