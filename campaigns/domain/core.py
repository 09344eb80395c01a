"""Business rules of campaigns: the state table, phase dates, closing phases, reminders.

Every change of a campaign, phase, target, document, pledge or movement goes through this module and
leaves a history row (unionsite.history).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from campaigns.domain import notices
from campaigns.enums import CampaignState, NoticeKind, ReminderKind, TargetMetric
from campaigns.models import (
    Campaign,
    CampaignDocument,
    Movement,
    Notice,
    Phase,
    PhaseDetail,
    Pledge,
    Reminder,
    Target,
)
from unions.enums import UnitKind
from unions.scope import Scope
from unionsite.errors import DomainError
from unionsite.history import diff, record_change, snapshot
from unionsite.jobs import queue
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require
from unionsite.workflow import Move, Workflow


def _has_phase(campaign, actor):
    if not campaign.phases.exists():
        return _("Add at least one phase before launching the campaign.")
    return None


_CHANGE = "campaigns.change_campaign"
# The only legal moves of a campaign: launch a draft, close a launched campaign, reopen a closed one.
# Nobody is notified by e-mail: a launched campaign appears on the home page of every user below.
WORKFLOW = Workflow(
    Campaign,
    [
        Move(
            source=CampaignState.DRAFT,
            target=CampaignState.LAUNCHED,
            label=gettext_lazy("Launch"),
            perm=_CHANGE,
            name="launch",
            checks=(_has_phase,),
        ),
        Move(
            source=CampaignState.LAUNCHED,
            target=CampaignState.CLOSED,
            label=gettext_lazy("Close"),
            perm=_CHANGE,
            name="close",
            style="secondary",
        ),
        Move(
            source=CampaignState.CLOSED,
            target=CampaignState.LAUNCHED,
            label=gettext_lazy("Reopen"),
            perm=_CHANGE,
            name="reopen",
            style="secondary",
        ),
    ],
    noun=pgettext_lazy("workflow record", "campaign"),
)


def transition(campaign, to, *, by, note="", expected_state=None):
    """Move `campaign` to state `to` through the engine (unionsite.workflow): staff of the launching
    unit or an admin; launching needs at least one phase. One history row; nobody is e-mailed."""
    return WORKFLOW.transition(campaign, to, by=by, note=note, expected_state=expected_state)


# --- records of a campaign: who may save them and what makes them wrong ----------------------------


def campaign_problems(campaign):
    """{field: [message]}: an end before the start, or a period that leaves a phase outside."""
    if campaign.starts_on and campaign.ends_on and campaign.ends_on < campaign.starts_on:
        return {"ends_on": [_("The campaign cannot end before it starts.")]}
    return check_campaign_period(campaign)


def target_problems(target):
    problems = {}
    if target.metric == TargetMetric.TITLE_REGISTRATIONS and not target.title_id:
        problems["title"] = [_("Choose the title whose registrations are counted.")]
    if target.metric != TargetMetric.TITLE_REGISTRATIONS and target.title_id:
        problems["title"] = [_("A title is chosen only for a number of registrations for a title.")]
    if target.metric == TargetMetric.REGISTERED_SHARE and target.value is not None and target.value > 100:
        problems["value"] = [_("A share cannot exceed 100%.")]
    twin = _same_target(target)
    if twin is not None:
        described = f"{twin.get_metric_display()} – {twin.title}: {twin.value}" if twin.title_id else str(twin)
        if twin.block_id:
            message = _("%(unit)s already set this target for the block %(block)s: %(target)s. Change that one.")
        else:
            message = _("%(unit)s already set this target for all blocks: %(target)s. Change that one.")
        params = {"unit": twin.set_by.name, "block": twin.block.name if twin.block_id else "", "target": described}
        problems.setdefault("block", []).append(message % params)
    return problems


def _same_target(target):
    """Another target of the campaign set by the same unit for the same block, metric and title: two
    would be counted against each other on the campaign page, so a block has one of each."""
    if not (target.campaign_id and target.set_by_id and target.metric):
        return None
    twins = Target.objects.filter(
        campaign_id=target.campaign_id,
        set_by_id=target.set_by_id,
        block_id=target.block_id,
        metric=target.metric,
        title_id=target.title_id,
    )
    if target.pk:
        twins = twins.exclude(pk=target.pk)
    return twins.select_related("set_by", "block", "title").first()


def pledge_problems(pledge, signatories):
    if signatories is None:
        return {}
    strangers = [unit.name for unit in signatories if unit.cluster_id != pledge.cluster_id]
    if strangers:
        return {"signatories": [_("Not in this cluster: %(units)s.") % {"units": ", ".join(strangers)}]}
    if len(signatories) < 2:
        return {"signatories": [_("A pledge is signed by at least two units of the cluster.")]}
    return {}


def _contributes(campaign, unit):
    """A unit adding to a campaign lies at or under its launching unit."""
    if not unit.is_within(campaign.launched_by):
        raise DomainError(_("This unit does not take part in this campaign."))


def _check_campaign(campaign, by, m2m):
    if campaign.pk is None:
        require(by, "campaigns.add_campaign")
        scope = Scope.for_user(by)
        if campaign.launched_by.kind == UnitKind.GRASSROOTS or not (
            scope.is_admin or scope.holds_on(campaign.launched_by, staff=True)
        ):
            raise PermissionDenied(_("Only the staff of a federation launch its campaigns."))
    else:
        require(by, "campaigns.change_campaign", campaign)
    return campaign_problems(campaign)


def _check_target(target, by, m2m):
    require(by, "campaigns.change_target", target)
    _contributes(target.campaign, target.set_by)
    return target_problems(target)


def _check_phase_detail(detail, by, m2m):
    require(by, "campaigns.change_phase_detail", detail)
    _contributes(detail.phase.campaign, detail.unit)
    return {}


def _check_document(document, by, m2m):
    require(by, "campaigns.change_document", document)
    _contributes(document.campaign, document.issued_by)
    return {}


def _check_pledge(pledge, by, m2m):
    require(by, "campaigns.change_pledge", pledge)
    _contributes(pledge.campaign, pledge.cluster.organiser)
    return pledge_problems(pledge, (m2m or {}).get("signatories"))


def _check_movement(movement, by, m2m):
    require(by, "campaigns.manage_movements")
    return {}


def _check_phase(phase, by, m2m):
    require(by, "campaigns.change_campaign", phase.campaign)
    return phase_problems(phase)


def phase_problems(phase, *, today=None):
    """{field: [message]}: registration is not opened on a phase that has already ended (units would
    be invited to register for a period that is over). A phase whose registration was left open
    when it ended may still be edited; closing it, or moving its end, is the way out."""
    today = today or timezone.localdate()
    if not (phase.registration_open and phase.ends_on and phase.ends_on < today):
        return {}
    if phase.pk and Phase.objects.filter(pk=phase.pk, registration_open=True).exists():
        return {}
    return {
        "registration_open": [
            _("%(name)s ended on %(end)s: registration cannot be opened on it. Move its end date first.")
            % {"name": phase.name, "end": date_format(phase.ends_on, "SHORT_DATE_FORMAT")}
        ]
    }


RECORD_CHECKS = {
    Campaign: _check_campaign,
    Target: _check_target,
    PhaseDetail: _check_phase_detail,
    CampaignDocument: _check_document,
    Pledge: _check_pledge,
    Movement: _check_movement,
    Phase: _check_phase,
}


def save_record(obj, *, by, before=None, note="", m2m=None):
    """Create or update a record of a campaign (the campaign itself, a phase, target, phase detail,
    document, pledge or movement) and record what changed. `before` is a `snapshot` taken before the
    edit; `m2m` maps a many-to-many field name to its new values (saved after the row).

    Checks first that `by` may save it (PermissionDenied) and the record's rules (DomainError by
    field: RECORD_CHECKS), whatever calls it."""
    problems = RECORD_CHECKS[type(obj)](obj, by, m2m)
    if problems:
        raise DomainError(problems)
    creating = obj.pk is None
    fields = list(before) if before else []
    with transaction.atomic():
        obj.save()
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
        if creating:
            record_change(obj, by=by, action=ChangeRecord.Action.CREATE, note=note)
        else:
            changes = diff(before or {}, snapshot(obj, fields))
            if changes or note:
                record_change(obj, by=by, action=ChangeRecord.Action.UPDATE, changes=changes, note=note)
    return obj


def phase_date_errors(campaign, starts_on, ends_on, *, exclude_pk=None):
    """The reasons the dates are not acceptable for a phase of `campaign`: {field: [message]}."""
    errors = {}
    if starts_on and ends_on and ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The phase cannot end before it starts."))
    outside = _("The date must lie within the campaign period (%(start)s – %(end)s).") % {
        "start": date_format(campaign.starts_on, "SHORT_DATE_FORMAT"),
        "end": date_format(campaign.ends_on, "SHORT_DATE_FORMAT"),
    }
    if starts_on and not campaign.starts_on <= starts_on <= campaign.ends_on:
        errors.setdefault("starts_on", []).append(outside)
    if ends_on and not campaign.starts_on <= ends_on <= campaign.ends_on:
        errors.setdefault("ends_on", []).append(outside)
    if starts_on and ends_on and not errors:
        others = Phase.objects.filter(campaign=campaign, starts_on__lte=ends_on, ends_on__gte=starts_on)
        if exclude_pk:
            others = others.exclude(pk=exclude_pk)
        clash = others.order_by("number").first()
        if clash:
            errors.setdefault("__all__", []).append(
                _("The phase overlaps %(name)s (%(start)s – %(end)s).")
                % {
                    "name": clash.name,
                    "start": date_format(clash.starts_on, "SHORT_DATE_FORMAT"),
                    "end": date_format(clash.ends_on, "SHORT_DATE_FORMAT"),
                }
            )
    return errors


def save_phase(phase, *, by, before=None):
    """Save a phase after re-checking, with the campaign row locked, that it lies in the campaign period
    and overlaps no other phase (two people adding phases at once cannot both slip in)."""
    if not by.has_perm("campaigns.change_campaign", phase.campaign):
        raise PermissionDenied
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=phase.campaign_id)
        if phase.pk and Phase.objects.filter(pk=phase.pk, closed_at__isnull=False).exists():
            raise DomainError(_("This phase is closed and can no longer be changed."))
        errors = phase_date_errors(campaign, phase.starts_on, phase.ends_on, exclude_pk=phase.pk)
        if errors:
            raise ValidationError(errors)
        if Phase.objects.filter(campaign=campaign, number=phase.number).exclude(pk=phase.pk).exists():
            raise ValidationError({"number": [_("Another phase of this campaign has this number.")]})
        return save_record(phase, by=by, before=before)


def check_campaign_period(campaign):
    """Phases already entered must stay inside the campaign period when it is edited."""
    if campaign.pk is None or not campaign.starts_on or not campaign.ends_on:
        return {}
    outside = (
        Phase.objects.filter(campaign_id=campaign.pk)
        .exclude(starts_on__gte=campaign.starts_on, ends_on__lte=campaign.ends_on)
        .order_by("number")
        .first()
    )
    if outside:
        return {
            "__all__": [
                _("%(name)s runs %(start)s – %(end)s, outside the new period: change the phase first.")
                % {
                    "name": outside.name,
                    "start": date_format(outside.starts_on, "SHORT_DATE_FORMAT"),
                    "end": date_format(outside.ends_on, "SHORT_DATE_FORMAT"),
                }
            ]
        }
    return {}


def delete_phase(phase, *, by, note=""):
    """Remove a phase entered by mistake. Only while the campaign is a draft: once launched, units
    register and assess against its phases. Side effect: a history row on the campaign."""
    if not by.has_perm("campaigns.change_campaign", phase.campaign):
        raise PermissionDenied
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=phase.campaign_id)
        if campaign.state != CampaignState.DRAFT:
            raise DomainError(_("Phases can be removed only while the campaign is a draft."))
        record_change(
            campaign,
            by=by,
            action=ChangeRecord.Action.OTHER,
            changes={"phase": [phase.name, None]},
            note=note or _("Phase removed: %(phase)s") % {"phase": phase.name},
        )
        phase.delete()


def withdraw_target(target, *, by, reason):
    """Withdraw a target, with the reason: the row stays, marked withdrawn (by whom, when, why), and
    no longer shows or counts on the campaign. Side effects: a history row on the target and one on
    the campaign, both with the reason."""
    if not by.has_perm("campaigns.change_target", target):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": [_("Give the reason for withdrawing the target.")]})
    with transaction.atomic():
        withdrawn = Target.objects.filter(pk=target.pk).update(
            withdrawn_at=timezone.now(), withdrawn_by=by, withdraw_reason=reason
        )
        if not withdrawn:
            raise DomainError(_("This target was already withdrawn."))
        record_change(
            target, by=by, action=ChangeRecord.Action.TRANSITION, changes={"withdrawn": [False, True]}, note=reason
        )
        changes = {"target": [str(target), None]}
        record_change(target.campaign, by=by, action=ChangeRecord.Action.OTHER, changes=changes, note=reason)


def next_phase_number(campaign):
    last = campaign.phases.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def close_phase(phase, *, by, note=""):
    """Close a phase: sets `closed_at` (score sheets used in it are frozen from then on) and turns all
    its capability flags off. Claimed with a conditional update, so closing twice does nothing the
    second time and tells the user. Side effect: a "transition" history row on the phase."""
    if not by.has_perm("campaigns.change_campaign", phase.campaign):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        claimed = Phase.objects.filter(pk=phase.pk, closed_at__isnull=True).update(
            closed_at=now,
            registration_open=False,
            self_assessment_open=False,
            nominations_open=False,
            review_open=False,
        )
        if not claimed:
            raise DomainError(_("This phase was already closed."))
        changes = {"closed_at": [None, now.isoformat()]}
        record_change(phase, by=by, action=ChangeRecord.Action.TRANSITION, changes=changes, note=note)
    phase.refresh_from_db()
    return phase


def send_reminder(campaign, *, by, kind, units, phase=None, message="", deadline=None):
    """Record a reminder to `units` and queue its delivery after commit (task campaigns.deliver_reminder:
    an in-app notice for each officer of each union, with the message and the deadline, and an
    e-mail to each officer who has an address). Staff over the unions only; a self-assessment
    reminder names its phase; a deadline cannot lie in the past. Side effect: a history row."""
    if not by.has_perm("campaigns.view_coverage", campaign):
        raise PermissionDenied
    units = list(units)
    if not units:
        raise DomainError(_("Choose at least one union to remind."))
    if kind == ReminderKind.SELF_ASSESSMENT and phase is None:
        raise DomainError({"phase": [_("Choose the phase whose self-assessment is due.")]})
    if deadline is not None and deadline < timezone.localdate():
        raise DomainError({"deadline": [_("The deadline has already passed.")]})
    with transaction.atomic():
        reminder = Reminder.objects.create(
            campaign=campaign, phase=phase, kind=kind, message=message, deadline=deadline, sent_by=by
        )
        reminder.units.set(units)
        record_change(
            reminder,
            by=by,
            action=ChangeRecord.Action.CREATE,
            changes={"units": [None, [unit.short_code for unit in units]]},
        )
        queue("campaigns.deliver_reminder", reminder_id=reminder.pk)
    return reminder


def deliver_reminder(reminder):
    """Leave each officer of each reminded union an in-app notice (the reminder's text and deadline)
    and e-mail the same text to those with an address.

    Safe to run again, and to kill in the middle: the notices are created and the reminder marked
    sent (`sent_at`) in one transaction under a lock on the reminder, so they exist all or not at
    all and a second run creates none; then each notice not yet e-mailed is e-mailed in its own
    transaction (notices.send_notice_email), so a run killed half-way leaves the rest to the next.
    Records on the reminder the number of its notices e-mailed so far and returns the number this
    run sent."""
    with transaction.atomic():
        claimed = Reminder.objects.select_for_update().filter(pk=reminder.pk, sent_at__isnull=True).first()
        if claimed is not None:
            Notice.objects.bulk_create(
                (
                    Notice(kind=NoticeKind.REMINDER, reminder=reminder, user=row.user, unit=row.unit)
                    for row in notices.officers_of(reminder.units.all())
                ),
                ignore_conflicts=True,
            )
            Reminder.objects.filter(pk=reminder.pk).update(sent_at=timezone.now())
    sent = 0
    waiting = Notice.objects.filter(reminder=reminder, emailed_at__isnull=True).exclude(user__email="")
    for notice in waiting.select_related("user", "unit", "reminder__campaign", "reminder__phase").order_by("pk"):
        sent += notices.send_notice_email(notice)
    emailed = Notice.objects.filter(reminder=reminder, emailed_at__isnull=False).count()
    Reminder.objects.filter(pk=reminder.pk).update(email_count=emailed)
    return sent
