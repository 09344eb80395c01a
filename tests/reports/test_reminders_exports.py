import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from campaigns.enums import NoticeKind, RegistrationState
from campaigns.models import Notice, Reminder
from reports.domain import exports, reminders
from reports.enums import DeadlineKind, ExportFormat, ExportState
from reports.figures import Selection
from reports.models import DeadlineReminder, ReportExport
from tests.campaigns.factories_core import CampaignFactory, PhaseFactory
from tests.reports.factories import assessed, register

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 6, 23)


@pytest.fixture
def phase(world):
    campaign = CampaignFactory(launched_by=world.district_a)
    return PhaseFactory(
        campaign=campaign,
        starts_on=datetime.date(2023, 1, 1),
        ends_on=TODAY + datetime.timedelta(days=7),
        registration_open=True,
        self_assessment_open=True,
    )


@override_settings(REPORTS_REMINDER_DAYS=[7, 2])
def test_unions_still_to_register_or_self_assess_are_reminded_once(world, phase, django_capture_on_commit_callbacks):
    world.officer_a.email = "hang@example.vn"
    world.officer_a.save()
    register(phase.campaign, world.grassroots_a2)  # registered, not self-assessed
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due(today=TODAY) == 2
    rows = sorted(DeadlineReminder.objects.values_list("unit__short_code", "kind", "days_before"))
    assert rows == [("FECON", DeadlineKind.REGISTRATION, 7), ("TH-VY", DeadlineKind.SELF_ASSESSMENT, 7)]
    reminder = Reminder.objects.get(units=world.grassroots_a)
    assert (reminder.deadline, reminder.phase, reminder.sent_by) == (phase.ends_on, phase, None)
    notice = Notice.objects.get(user=world.officer_a)
    assert notice.kind == NoticeKind.REMINDER
    assert [m.to for m in mail.outbox] == [["hang@example.vn"]]
    assert "Còn 7 ngày đến hạn chót của Đợt 1." in mail.outbox[0].body
    # The same morning again: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due(today=TODAY) == 0
    assert Reminder.objects.count() == 2
    assert len(mail.outbox) == 1
    # Two days before: the union that has still not registered is reminded again (another row).
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due(today=phase.ends_on - datetime.timedelta(days=2)) == 2
    assert DeadlineReminder.objects.filter(days_before=2).count() == 2


@override_settings(REPORTS_REMINDER_DAYS=[7])
def test_no_reminder_for_unions_that_are_done_or_a_closed_phase(world, phase):
    for unit in (world.grassroots_a, world.grassroots_a2):
        register(phase.campaign, unit, state=RegistrationState.SUBMITTED)
        assessed(phase, unit, 80)
    assert reminders.send_due(today=TODAY) == 0
    phase.closed_at = timezone.now()
    phase.save()
    assert reminders.send_due(today=TODAY) == 0
    assert not DeadlineReminder.objects.exists()


def test_an_export_is_made_once_with_its_progress_and_expires(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        export = exports.request_export(
            user=world.staff_a, unit=world.district_a, selection=Selection.for_years(2023), fmt=ExportFormat.XLSX
        )
    export.refresh_from_db()
    assert (export.state, export.progress, export.filename) == (ExportState.READY, 100, "bao-cao-hd-year-2023.xlsx")
    with export.file.open("rb") as handle:
        assert handle.read(2) == b"PK"
    assert exports.make(export.pk) is False  # a second delivery does nothing
    name = export.file.name
    storage = export.file.storage
    assert exports.remove_expired(now=export.expires_at - datetime.timedelta(minutes=1)) == 0
    assert exports.remove_expired(now=export.expires_at + datetime.timedelta(minutes=1)) == 1
    assert not ReportExport.objects.exists()
    assert not storage.exists(name)


def test_export_pages_show_progress_then_the_file(client, world):
    export = ReportExport.objects.create(
        token="0123456789abcdef0123456789abcdef",
        user=world.staff_a,
        unit=world.district_a,
        kind="year",
        period="year:2023",
        format=ExportFormat.PDF,
        progress=60,
        state=ExportState.RUNNING,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    client.force_login(world.staff_a)
    page = client.get(f"/bao-cao/tep/{export.token}/", headers={"HX-Request": "true"})
    body = page.content.decode()
    assert 'hx-trigger="every 2s"' in body
    assert 'aria-valuenow="60"' in body
    assert client.get(f"/bao-cao/tep/{export.token}/tai-ve/").status_code == 404  # not ready yet
    client.force_login(world.city_reviewer)  # even above: only the person who asked sees it
    assert client.get(f"/bao-cao/tep/{export.token}/").status_code == 404
