"""Reminders before a phase's deadline, sent by beat every morning.

`settings.REPORTS_REMINDER_DAYS` (e.g. [7, 2]) says how many days before a phase's last day the unions
that have not yet registered (while registration is open) or not submitted their self-assessment
(while it is open) are reminded: a campaigns Reminder with the phase's deadline, delivered as an in-app
notice to each officer and an e-mail where the officer has an address. Each (phase, union, kind, days)
is recorded in a DeadlineReminder row whose unique constraint is the claim, so none is sent twice.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.enums import CampaignState, ReminderKind
from campaigns.models import Phase, Reminder, SelfAssessment, UnitRegistration
from campaigns.queries.core import ASSESSED_STATES, REGISTERED_STATES
from reports.enums import DeadlineKind
from reports.models import DeadlineReminder
from unions.enums import UnitKind
from unions.models import OrgUnit
from unionsite.jobs import queue


def reminder_days():
    return sorted({int(d) for d in getattr(settings, "REPORTS_REMINDER_DAYS", [7, 2]) if int(d) >= 0}, reverse=True)


def pending_units(phase, kind):
    """The active grassroots unions under the campaign that have not done `kind` for the phase."""
    campaign = phase.campaign
    units = OrgUnit.objects.filter(path__startswith=campaign.launched_by.path, kind=UnitKind.GRASSROOTS, active=True)
    registered = UnitRegistration.objects.filter(campaign=campaign, unit=OuterRef("pk"), state__in=REGISTERED_STATES)
    if kind == DeadlineKind.REGISTRATION:
        return units.exclude(Exists(registered))
    assessed = SelfAssessment.objects.filter(phase=phase, unit=OuterRef("pk"), state__in=ASSESSED_STATES)
    return units.filter(Exists(registered)).exclude(Exists(assessed))


def send_due(today=None):
    """Remind the unions due today; returns the number of unions reminded (each counted per reminder)."""
    today = today or timezone.localdate()
    sent = 0
    for days in reminder_days():
        phases = Phase.objects.filter(
            ends_on=today + datetime.timedelta(days=days),
            closed_at__isnull=True,
            campaign__state=CampaignState.LAUNCHED,
        ).select_related("campaign__launched_by")
        for phase in phases:
            if phase.registration_open:
                sent += remind(phase, DeadlineKind.REGISTRATION, days)
            if phase.self_assessment_open:
                sent += remind(phase, DeadlineKind.SELF_ASSESSMENT, days)
    return sent


KINDS = {
    DeadlineKind.REGISTRATION: ReminderKind.REGISTRATION,
    DeadlineKind.SELF_ASSESSMENT: ReminderKind.SELF_ASSESSMENT,
}


def remind(phase, kind, days):
    """One reminder of `kind`, `days` before the phase's end, to the unions still pending and not yet
    reminded so; returns how many unions it reached."""
    with transaction.atomic():
        Phase.objects.select_for_update().filter(pk=phase.pk).first()  # one sender per phase at a time
        done = DeadlineReminder.objects.filter(phase=phase, kind=kind, days_before=days, unit=OuterRef("pk"))
        units = list(pending_units(phase, kind).exclude(Exists(done)).order_by("path"))
        if not units:
            return 0
        reminder = Reminder.objects.create(
            campaign=phase.campaign,
            phase=phase,
            kind=KINDS[kind],
            deadline=phase.ends_on,
            message=_("%(days)s days are left before the deadline of %(phase)s.") % {"days": days, "phase": phase.name}
            if days
            else _("Today is the deadline of %(phase)s.") % {"phase": phase.name},
        )
        reminder.units.set(units)
        DeadlineReminder.objects.bulk_create(
            DeadlineReminder(phase=phase, unit=unit, kind=kind, days_before=days, reminder=reminder) for unit in units
        )
        queue("campaigns.deliver_reminder", reminder_id=reminder.pk)
    return len(units)
