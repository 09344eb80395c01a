from celery import shared_task
from django.conf import settings
from django.utils import translation

from campaigns.models import Phase
from reports import content
from reports.domain import exports, periods, reminders, tally


@shared_task(name="reports.sweep_tallies")
def sweep_tallies():
    """Beat's crontab sweep: queue a tally of every phase that ended without one."""
    return tally.sweep()


# Returns what it did (the run and whether it made it): callers and the integration test read it.
@shared_task(name="reports.tally_phase", ignore_result=False)
def tally_phase(*, phase_id, version=1):
    """Tally one phase (a no-op when that version exists: safe to deliver twice)."""
    phase = Phase.objects.filter(pk=phase_id).first()
    if phase is None:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        run, created = tally.tally_phase(phase, version=version)
    return {"run": run.pk, "version": run.version, "created": created}


@shared_task(name="reports.tally_period")
def tally_period(*, tally_id):
    """Count a large campaign, year or stage report's figures and keep them (once: safe to deliver twice)."""
    with translation.override(settings.LANGUAGE_CODE):
        return periods.make(tally_id, official_of=content.is_official)


@shared_task(name="reports.send_deadline_reminders")
def send_deadline_reminders():
    with translation.override(settings.LANGUAGE_CODE):
        return reminders.send_due()


@shared_task(name="reports.make_export")
def make_export(*, export_id):
    with translation.override(settings.LANGUAGE_CODE):
        return exports.make(export_id)


@shared_task(name="reports.remove_expired_exports")
def remove_expired_exports():
    return exports.remove_expired()
