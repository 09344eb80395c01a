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
