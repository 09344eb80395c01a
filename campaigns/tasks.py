from celery import shared_task

from campaigns.domain import core as domain
from campaigns.models import Reminder


@shared_task(name="campaigns.deliver_reminder")
def deliver_reminder(*, reminder_id):
    reminder = Reminder.objects.select_related("campaign", "phase").filter(pk=reminder_id).first()
    if reminder is None:
        return 0
    return domain.deliver_reminder(reminder)
