from celery import shared_task
from django.conf import settings
from django.utils import translation

from campaigns.domain import core as domain
from campaigns.domain import notices
from campaigns.models import Notice, Reminder


@shared_task(name="campaigns.deliver_reminder")
def deliver_reminder(*, reminder_id):
    reminder = Reminder.objects.select_related("campaign", "phase").filter(pk=reminder_id).first()
    if reminder is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        return domain.deliver_reminder(reminder)


@shared_task(name="campaigns.send_notice_email")
def send_notice_email(*, notice_id):
    """E-mail one notice (in the site's language); quietly nothing if it is gone or already e-mailed."""
    notice = (
        Notice.objects.select_related(
            "user", "unit", "reminder__campaign", "reminder__phase", "registration__campaign", "phase__campaign"
        )
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        return notices.send_notice_email(notice)


@shared_task(name="campaigns.import_title_registrations", time_limit=600)
def import_title_registrations(*, token, file_name, language, user_id, registration_id):
    """A title-registration import too long to wait for (unionsite.importjobs): its outcome goes to
    the job's page."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils.translation import ngettext

    from campaigns import importers
    from campaigns.domain import registrations
    from campaigns.enums import EntrySource
    from campaigns.models import UnitRegistration
    from unionsite.errors import DomainError
    from unionsite.importjobs import run
    from unionsite.spreadsheets import group_row_errors

    def work(upload):
        user = get_user_model().objects.get(pk=user_id, is_active=True)
        registration = UnitRegistration.objects.get(pk=registration_id)
        again = reverse("campaigns:registration_import", args=[registration.pk])
        try:
            rows = importers.rows_from_xlsx(upload)
            saved = registrations.add_title_registrations(
                registration, rows, by=user, source=EntrySource.FILE, file_name=file_name
            )
        except importers.ImportProblem as problem:
            return False, problem.messages, again
        except registrations.RowsInvalid as invalid:
            return False, [invalid.message, *group_row_errors(invalid.errors)], again
        except DomainError as error:
            return False, error.messages, again
        done = ngettext("%(n)d title registration imported.", "%(n)d title registrations imported.", saved) % {
            "n": saved
        }
        return True, [done], registration.get_absolute_url()

    run(token, language, file_name, work)
