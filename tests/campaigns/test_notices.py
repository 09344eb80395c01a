"""Reminders and registration news reach the union's officers in the app and by e-mail (issue 9, item 4)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from campaigns import tasks
from campaigns.domain import registrations as registrations_domain
from campaigns.enums import NoticeKind, ReminderKind
from campaigns.enums import RegistrationState as S
from campaigns.models import Notice, Reminder
from tests.campaigns.factories_registrations import UnitRegistrationFactory, open_campaign
from tests.factories import user_with_role
from unions.enums import Role

pytestmark = pytest.mark.django_db

DEADLINE = timezone.localdate() + datetime.timedelta(days=20)
DEADLINE_TEXT = DEADLINE.strftime("%d/%m/%Y")


@pytest.fixture
def campaign(world):
    return open_campaign(world.district_a)


def remind(client, user, campaign, units, **data):
    client.force_login(user)
    return client.post(
        reverse("campaigns:coverage_remind", args=[campaign.pk]),
        {"kind": ReminderKind.REGISTRATION, "units": [u.pk for u in units], **data},
        follow=True,
    )


def test_the_officer_reads_the_message_and_the_deadline_in_the_app_and_by_email(
    client, world, campaign, django_capture_on_commit_callbacks
):
    # A second officer of Fecon without an address: a notice, no e-mail.
    user_with_role(world.grassroots_a, Role.GRASSROOTS_OFFICER, "officer_a_no_mail", email="")
    message = "Đề nghị công đoàn gửi bản đăng ký kèm danh sách đoàn viên đăng ký danh hiệu."
    with django_capture_on_commit_callbacks(execute=True):
        remind(
            client,
            world.staff_a,
            campaign,
            [world.grassroots_a, world.grassroots_a2],
            message=message,
            deadline=DEADLINE.isoformat(),
        )
    reminder = Reminder.objects.get()
    assert (reminder.deadline, reminder.message, reminder.email_count) == (DEADLINE, message, 1)
    assert sorted((n.kind, n.user.username, n.unit.short_code) for n in Notice.objects.all()) == [
        (NoticeKind.REMINDER, "officer_a", "FECON"),
        (NoticeKind.REMINDER, "officer_a_no_mail", "FECON"),
    ]
    [email] = mail.outbox
    assert email.to == ["officer_a@example.vn"]
    assert email.subject == f"Nhắc nhở: Đăng ký thi đua — {campaign.title}"
    body = f"Phong trào: {campaign.title}\nĐăng ký thi đua.\nHạn chót: {DEADLINE_TEXT}.\n\n{message}"
    assert email.body == f"Công đoàn Công ty Cổ phần Fecon\n\n{body}"
    # The coverage page counts what really went out.
    response = client.get(reverse("campaigns:coverage", args=[campaign.pk]))
    rows = response.context["reminders"]
    assert [(r.unit_count, r.notice_count, r.email_count) for r in rows] == [(2, 2, 1)]
    page = response.content.decode()
    assert "Thông báo trong ứng dụng" in page
    assert DEADLINE_TEXT in page
    # In the app the officer reads the same words as the e-mail.
    client.force_login(world.officer_a)
    home = client.get(reverse("home")).content.decode()
    assert f"Nhắc nhở: Đăng ký thi đua — {campaign.title}" in home
    assert f"Hạn chót: {DEADLINE_TEXT}.<br><br>{message}" in home


def test_a_reminder_is_never_delivered_twice(world, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reminder = Reminder.objects.create(
            campaign=campaign, kind=ReminderKind.REGISTRATION, sent_by=world.staff_a, deadline=DEADLINE
        )
        reminder.units.set([world.grassroots_a])
    assert tasks.deliver_reminder(reminder_id=reminder.pk) == 1
    assert tasks.deliver_reminder(reminder_id=reminder.pk) == 0
    notice = Notice.objects.get()
    assert tasks.send_notice_email(notice_id=notice.pk) == 0
    assert (len(mail.outbox), Notice.objects.count()) == (1, 1)


def test_a_deadline_in_the_past_or_not_a_date_is_refused(client, world, campaign):
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = remind(client, world.staff_a, campaign, [world.grassroots_a], deadline=yesterday)
    assert [str(m) for m in response.context["messages"]] == ["Hạn chót này đã qua."]
    response = remind(client, world.staff_a, campaign, [world.grassroots_a], deadline="31/02/2026")
    assert [str(m) for m in response.context["messages"]] == ["Hạn chót không phải là ngày hợp lệ (dd/mm/yyyy)."]
    assert Reminder.objects.count() == 0


def test_the_union_hears_when_its_registration_is_returned_with_the_reason(
    client, world, campaign, django_capture_on_commit_callbacks
):
    registration = UnitRegistrationFactory(
        campaign=campaign, unit=world.grassroots_a, state=S.SUBMITTED, commitments="Cam kết"
    )
    with django_capture_on_commit_callbacks(execute=True):
        registrations_domain.transition(
            registration, S.RETURNED, by=world.staff_a, note="Bổ sung danh sách tổ đăng ký tập thể."
        )
    notice = Notice.objects.get()
    assert (notice.kind, notice.user, notice.registration, notice.note) == (
        NoticeKind.REGISTRATION_RETURNED,
        world.officer_a,
        registration,
        "Bổ sung danh sách tổ đăng ký tập thể.",
    )
    assert notice.emailed_at is not None
    [email] = mail.outbox
    assert (email.to, email.subject) == (
        ["officer_a@example.vn"],
        f"Bản đăng ký bị trả lại để bổ sung: {campaign.title}",
    )
    assert email.body == (
        "Công đoàn Công ty Cổ phần Fecon\n\n"
        f"Bản đăng ký thi đua của Công đoàn Công ty Cổ phần Fecon cho phong trào “{campaign.title}” đã bị trả lại "
        "để bổ sung.\nLý do: Bổ sung danh sách tổ đăng ký tập thể."
    )
    client.force_login(world.officer_a)
    home = client.get(reverse("home")).content.decode()
    assert "Lý do: Bổ sung danh sách tổ đăng ký tập thể." in home
    assert registration.get_absolute_url() in home
    # Resubmitted and accepted: one more notice and one more e-mail; nothing sent twice.
    with django_capture_on_commit_callbacks(execute=True):
        registrations_domain.transition(registration, S.RESUBMITTED, by=world.officer_a)
        registrations_domain.transition(registration, S.ACCEPTED, by=world.staff_a)
    assert [n.kind for n in Notice.objects.order_by("pk")] == [
        NoticeKind.REGISTRATION_RETURNED,
        NoticeKind.REGISTRATION_ACCEPTED,
    ]
    assert [m.subject for m in mail.outbox] == [
        f"Bản đăng ký bị trả lại để bổ sung: {campaign.title}",
        f"Bản đăng ký đã được chấp nhận: {campaign.title}",
    ]
    assert mail.outbox[1].body == (
        "Công đoàn Công ty Cổ phần Fecon\n\n"
        f"Bản đăng ký thi đua của Công đoàn Công ty Cổ phần Fecon cho phong trào “{campaign.title}” đã được chấp nhận."
    )
    for notice in Notice.objects.all():
        assert tasks.send_notice_email(notice_id=notice.pk) == 0
    assert len(mail.outbox) == 2


def test_the_union_hears_when_the_district_enters_its_registration(world, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registrations_domain.create_registration(campaign, world.grassroots_a, by=world.staff_a, commitments="x")
        # A union without an officer: nobody to tell, nothing sent.
        registrations_domain.create_registration(campaign, world.grassroots_a2, by=world.staff_a, commitments="x")
    assert [(n.kind, n.user, n.unit) for n in Notice.objects.all()] == [
        (NoticeKind.REGISTRATION_ENTERED, world.officer_a, world.grassroots_a)
    ]
    [email] = mail.outbox
    assert email.subject == f"Cấp trên đã nhập thay bản đăng ký: {campaign.title}"
    assert email.body == (
        "Công đoàn Công ty Cổ phần Fecon\n\n"
        f"Công đoàn cấp trên đã nhập thay bản đăng ký thi đua của Công đoàn Công ty Cổ phần Fecon cho phong trào "
        f"“{campaign.title}” theo hồ sơ công đoàn gửi lên, và đã chấp nhận. Hãy kiểm tra nội dung cam kết và danh "
        "sách đăng ký danh hiệu."
    )


def test_submitting_tells_nobody(world, campaign, django_capture_on_commit_callbacks):
    registration = UnitRegistrationFactory(campaign=campaign, unit=world.grassroots_a, commitments="Cam kết")
    with django_capture_on_commit_callbacks(execute=True):
        registrations_domain.transition(registration, S.SUBMITTED, by=world.officer_a)
    assert (Notice.objects.count(), len(mail.outbox)) == (0, 0)


def test_demo_logins_have_addresses_so_emails_are_counted():
    call_command("load_demo")
    users = get_user_model().objects.filter(username__in=["canbo.coso", "canbo.quan", "canbo.thanhpho"])
    assert sorted(users.values_list("username", "email")) == [
        ("canbo.coso", "canbo.coso@thidua.example.vn"),
        ("canbo.quan", "canbo.quan@thidua.example.vn"),
        ("canbo.thanhpho", "canbo.thanhpho@thidua.example.vn"),
    ]


def test_coverage_says_when_a_reminder_reached_nobody(client, world, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        remind(client, world.staff_a, campaign, [world.grassroots_a2])  # no officer account there
    page = client.get(reverse("campaigns:coverage", args=[campaign.pk])).content.decode()
    assert "Các công đoàn này chưa có tài khoản cán bộ: hãy báo cho họ bằng cách khác." in page
    assert (Notice.objects.count(), len(mail.outbox)) == (0, 0)
