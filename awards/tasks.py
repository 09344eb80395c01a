from celery import shared_task

from awards.domain.workflow import email_notification


@shared_task(name="awards.send_notification_email")
def send_notification_email(*, notification_id):
    """E-mail one in-app notification to its user (once: see email_notification); quietly nothing if
    it is gone, already e-mailed or its user has no address."""
    return email_notification(notification_id)
