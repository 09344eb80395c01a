from celery import shared_task
from django.core.mail import send_mail
from django.utils import translation

from awards.domain import notification_email
from awards.models import Notification


@shared_task(name="awards.send_notification_email")
def send_notification_email(*, notification_id):
    """E-mail one in-app notification to its user; quietly nothing if it is gone or has no address."""
    notification = (
        Notification.objects.select_related("user", "nomination__member", "nomination__title")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or not notification.user.email:
        return False
    with translation.override("vi"):
        subject, body = notification_email(notification)
    send_mail(subject, body, None, [notification.user.email])
    return True
