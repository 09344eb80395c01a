"""Jobs are kept in the database with the change that asks for them and sent after commit; with the
broker down the page still works, says the work will be done later, and the job waits (issue 13,
point 6). A broker that is down is a closed port here; tests/unionsite/test_faults.py stops and
starts a real Redis and kills a real worker."""

import pytest
from django.core import mail
from django.db import transaction

from awards.enums import NominationState as S
from tests.awards.factories import NominationFactory, PhaseFactory
from tests.brokers import DOWN, broker
from unionsite import jobs
from unionsite.models import OutboxMessage
from unionsite.tasks import flush_outbox

LATER = (
    "Đã lưu. Phần việc chạy nền của thao tác này (gửi thư, tạo tệp) sẽ được thực hiện sau: hiện chưa kết nối "
    "được máy chủ hàng đợi. Không có gì bị mất; bạn không cần làm lại."
)


@pytest.mark.django_db
def test_a_job_is_kept_with_its_transaction_and_gone_with_its_rollback(world):
    with transaction.atomic():
        jobs.queue("unionsite.echo", text="không gửi")
        assert OutboxMessage.objects.count() == 1
        transaction.set_rollback(True)  # the change is refused
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_job_sent_is_marked_sent(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = jobs.queue("unionsite.echo", text="xin chào")
    message.refresh_from_db()
    assert (message.task, message.kwargs, message.attempts, message.sent_at is not None) == (
        "unionsite.echo",
        {"text": "xin chào"},
        1,
        True,
    )
    assert not jobs.pending().exists()


@pytest.mark.django_db
def test_a_broker_that_is_down_leaves_the_job_waiting(world):
    message = OutboxMessage.objects.create(task="unionsite.echo", kwargs={"text": "chờ"})
    with broker(DOWN):
        assert jobs.send(message) is False
        assert jobs.flush() == 0
    message.refresh_from_db()
    assert (message.sent_at, message.claimed_until, message.attempts) == (None, None, 2)
    assert "127.0.0.1:1" in message.last_error or "refused" in message.last_error.lower()
    assert flush_outbox() == 1  # the broker is back (eager here): the periodic task sends it
    message.refresh_from_db()
    assert message.sent_at is not None


@pytest.mark.django_db
def test_two_senders_never_send_one_job_twice(world):
    message = OutboxMessage.objects.create(task="unionsite.echo", kwargs={"text": "một lần"})
    assert jobs.send(message) is True
    assert jobs.send(message) is False
    assert OutboxMessage.objects.get(pk=message.pk).attempts == 1


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_page_works_says_so_and_the_email_goes_later(client, world):
    nomination = NominationFactory(
        phase=PhaseFactory(campaign__launched_by=world.city),
        unit=world.grassroots_a,
        member=world.member_a,
        state=S.SUBMITTED,
        created_by=world.officer_a,
    )
    client.force_login(world.staff_a)
    url = f"/khen-thuong/de-nghi/{nomination.pk}/chuyen/"
    with broker(DOWN):
        response = client.post(url, {"to": "approved", "expected_state": "submitted", "note": ""}, follow=True)
    assert response.status_code == 200
    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [
        ("success", "Đề nghị hiện ở trạng thái: Cấp trên đã duyệt."),
        ("warning", LATER),
    ]
    nomination.refresh_from_db()
    assert nomination.state == S.APPROVED
    waiting = jobs.pending().get()
    assert waiting.task == "awards.send_notification_email"
    assert mail.outbox == []
    # The broker is back: the next job that gets through takes the waiting one with it.
    jobs.queue("unionsite.echo", text="tiếp theo")
    assert not jobs.pending().exists()
    assert [m.to for m in mail.outbox] == [["officer_a@example.vn"]]


@pytest.mark.django_db
def test_the_admin_sees_how_many_jobs_wait_for_the_broker(client, world):
    client.force_login(world.admin)
    assert 'data-testid="jobs-waiting"' not in client.get("/").content.decode()
    OutboxMessage.objects.create(task="unionsite.echo", kwargs={"text": "chờ"})
    OutboxMessage.objects.create(task="unionsite.echo", kwargs={"text": "chờ"})
    html = client.get("/").content.decode()
    assert (
        '<p class="text-danger mb-0 mt-1" data-testid="jobs-waiting">2 việc đang chờ máy chủ hàng đợi (Redis): '
        "sẽ được gửi khi máy chủ phản hồi.</p>"
    ) in html
