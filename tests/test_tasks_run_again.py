"""Background work is safe to run again: a task that failed or was cut off half-way leaves nothing
half-written, and the next run does what is left, once (issue 13, point 6). The real worker killed
with SIGKILL is in tests/unionsite/test_faults.py."""

import io
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail

from awards.domain.workflow import email_notification
from awards.models import Notification
from campaigns.domain.core import deliver_reminder
from campaigns.enums import ReminderKind
from campaigns.models import Notice, Reminder
from tests.awards.factories import NominationFactory, PhaseFactory
from tests.campaigns.factories_registrations import open_campaign
from tests.factories import user_with_role
from tests.mail import FailsOnSecondBackend
from unions.enums import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_goes_away(settings):
    settings.EMAIL_BACKEND = "tests.mail.FailsOnSecondBackend"
    FailsOnSecondBackend.sent, FailsOnSecondBackend.failures = 0, 1


def test_a_notification_is_emailed_once_however_often_its_task_runs(world):
    nomination = NominationFactory(phase=PhaseFactory(campaign__launched_by=world.city), unit=world.grassroots_a)
    notification = Notification.objects.create(user=world.officer_a, nomination=nomination, state="approved")
    assert email_notification(notification.pk) is True
    assert email_notification(notification.pk) is False
    assert len(mail.outbox) == 1
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None


def test_a_notification_whose_email_failed_is_sent_by_the_next_run(world, smtp_goes_away):
    nomination = NominationFactory(phase=PhaseFactory(campaign__launched_by=world.city), unit=world.grassroots_a)
    first, second = (
        Notification.objects.create(user=user, nomination=nomination, state="approved")
        for user in (world.officer_a, world.staff_a)
    )
    assert email_notification(first.pk) is True
    with pytest.raises(SMTPServerDisconnected):
        email_notification(second.pk)
    assert Notification.objects.get(pk=second.pk).emailed_at is None  # rolled back with the failed send
    assert email_notification(second.pk) is True
    assert [m.to for m in mail.outbox] == [["officer_a@example.vn"], ["staff_a@example.vn"]]


def test_a_reminder_cut_off_half_way_is_finished_by_the_next_run(world, smtp_goes_away):
    user_with_role(world.grassroots_a2, Role.GRASSROOTS_OFFICER, "officer_a2")
    reminder = Reminder.objects.create(
        campaign=open_campaign(world.district_a), kind=ReminderKind.REGISTRATION, sent_by=world.staff_a
    )
    reminder.units.set([world.grassroots_a, world.grassroots_a2])
    with pytest.raises(SMTPServerDisconnected):
        deliver_reminder(reminder)
    # Every notice is there (created in one transaction), the first e-mail went out, the second did not.
    assert Notice.objects.filter(reminder=reminder).count() == 2
    assert Notice.objects.filter(reminder=reminder, emailed_at__isnull=False).count() == 1
    assert Reminder.objects.get(pk=reminder.pk).sent_at is not None
    assert deliver_reminder(reminder) == 1
    assert deliver_reminder(reminder) == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["officer_a2@example.vn", "officer_a@example.vn"]
    assert Notice.objects.filter(reminder=reminder).count() == 2
    assert Reminder.objects.get(pk=reminder.pk).email_count == 2


def test_an_export_cut_off_half_way_is_written_whole_by_the_next_run_and_only_then_handed_over(client, world):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from openpyxl import load_workbook

    from unions.exporters import export_path
    from unions.tasks import export_members
    from unions.views.members import EXPORTS_SESSION_KEY

    token = "e" * 32
    default_storage.save(export_path(token), ContentFile(b"PK\x03\x04 half a file"))
    client.force_login(world.officer_a)
    session = client.session
    session[EXPORTS_SESSION_KEY] = [token]
    session.save()
    url = f"/to-chuc/doan-vien/xuat-excel/{token}/"
    assert "Tệp đã sẵn sàng." not in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    export_members(user_id=world.officer_a.pk, params={}, token=token)
    export_members(user_id=world.officer_a.pk, params={}, token=token)  # delivered twice: left as it is
    assert "Tệp đã sẵn sàng." in client.get(url, HTTP_HX_REQUEST="true").content.decode()
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Nguyễn Thị Kim Dung"]
    assert not default_storage.exists(export_path(token))
    assert not default_storage.exists(export_path(token, ready=True))
