"""Faults, for real (issue 13, point 6): a Redis server of the test's own is stopped and started again,
and a real Celery worker is killed with SIGKILL in the middle of a task. PostgreSQL: the worker is
another process and reads the test's database.

- With Redis down, pages keep working; the job is kept in the database and the page says the work
  will be done later; when Redis is back the job is sent (by the next job that gets through, or by
  the periodic task) and the worker does it.
- A worker killed while it sends a reminder's e-mails leaves no half-written state (every notice or
  none; the reminder marked sent with them); the message goes back to the queue (late
  acknowledgement) and the next worker sends the e-mails not yet sent, each exactly once."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from awards.enums import NominationState as S
from awards.models import Notification
from campaigns.enums import ReminderKind
from campaigns.models import Notice, Reminder
from tests.awards.factories import NominationFactory, PhaseFactory
from tests.brokers import RedisServer, broker
from tests.campaigns.factories_registrations import open_campaign
from tests.factories import GrassrootsFactory, user_with_role
from unions.enums import Role
from unionsite import jobs
from unionsite.tasks import flush_outbox

ROOT = Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("UNIONSITE_TEST_REDIS_PORT", "6390"))

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: the worker is another process on the same database"
    ),
    pytest.mark.skipif(not RedisServer.available(), reason="needs redis-server (Debian package redis-server)"),
]


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(PORT, tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def mail_dir(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


class Worker:
    """A real worker (prefork, one pool process: as in production, the message is acknowledged by the
    main process, so acknowledging it early would lose it when both are killed)."""

    def __init__(self, redis, mail_dir, var_dir):
        settings = connection.settings_dict
        database = f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "DATABASE_URL": f"{database}/{settings['NAME']}",
            "CELERY_BROKER_URL": redis.url,
            "CELERY_RESULT_BACKEND": redis.url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "UNIONSITE_VAR_DIR": str(var_dir),
            "UNIONSITE_MAIL_DIR": str(mail_dir),
            "UNIONSITE_SLOW_MAIL_SECONDS": "0.8",
            "PYTHONPATH": str(ROOT),
        }
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "unionsite",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=WARNING",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        return self

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        """Stop the worker (if it still runs) and return what it printed; its pipe is closed either way."""
        if self.process is None:
            return ""
        if self.process.poll() is None:
            self.process.terminate()
        try:
            output, _ = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
            output, _ = self.process.communicate()
        return output


@pytest.fixture
def worker(redis, mail_dir, tmp_path):
    workers = []

    def start():
        workers.append(Worker(redis, mail_dir, tmp_path).start())
        return workers[-1]

    yield start
    for started in workers:
        output = started.stop()
        assert "Traceback" not in output, output


def _wait_for(condition, seconds=30, what="the worker"):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def _mails(folder):
    return sorted(folder.glob("*.eml"))


def _recipients(folder):
    found = []
    for path in _mails(folder):
        for line in path.read_text().splitlines():
            if line.startswith("To: "):
                found.append(line.removeprefix("To: "))
    return sorted(found)


def test_with_redis_down_pages_work_and_the_work_is_done_when_it_is_back(client, world, redis, worker, mail_dir):
    nominations = [
        NominationFactory(
            phase=PhaseFactory(campaign__launched_by=world.city),
            unit=world.grassroots_a,
            state=S.SUBMITTED,
            created_by=world.officer_a,
        )
        for _ in range(2)
    ]
    client.force_login(world.staff_a)
    with broker(redis.url):
        redis.stop()
        response = client.post(
            f"/khen-thuong/de-nghi/{nominations[0].pk}/chuyen/",
            {"to": "approved", "expected_state": "submitted", "note": ""},
            follow=True,
        )
        assert response.status_code == 200
        assert [m.level_tag for m in response.context["messages"]] == ["success", "warning"]
        assert str(list(response.context["messages"])[1]).startswith("Đã lưu. Phần việc chạy nền của thao tác này")
        assert client.get(f"/khen-thuong/de-nghi/{nominations[0].pk}/").status_code == 200
        assert [m.task for m in jobs.pending()] == ["awards.send_notification_email"]

        redis.start()
        worker()
        # The next action's job gets through and takes the waiting one with it.
        response = client.post(
            f"/khen-thuong/de-nghi/{nominations[1].pk}/chuyen/",
            {"to": "approved", "expected_state": "submitted", "note": ""},
            follow=True,
        )
        assert [m.level_tag for m in response.context["messages"]] == ["success"]
        assert not jobs.pending().exists()
        _wait_for(lambda: len(_mails(mail_dir)) == 2, what="two e-mails")
        assert _recipients(mail_dir) == ["officer_a@example.vn", "officer_a@example.vn"]
        assert not Notification.objects.filter(emailed_at__isnull=True).exists()

        # And the periodic task: Redis down, a job kept; Redis back, beat's flush sends it.
        redis.stop()
        jobs.queue("awards.send_notification_email", notification_id=Notification.objects.first().pk)
        assert jobs.pending().count() == 1
        redis.start()
        assert flush_outbox() == 1
        assert not jobs.pending().exists()


def test_a_worker_killed_mid_task_leaves_nothing_half_written_and_the_next_run_finishes(
    client, world, redis, worker, mail_dir
):
    unions = [world.grassroots_a] + [GrassrootsFactory(parent=world.district_a) for _ in range(3)]
    officers = [world.officer_a] + [
        user_with_role(unit, Role.GRASSROOTS_OFFICER, f"officer_{i}") for i, unit in enumerate(unions[1:], start=1)
    ]
    campaign = open_campaign(world.district_a)
    client.force_login(world.staff_a)
    first = worker()
    with broker(redis.url):
        response = client.post(
            reverse("campaigns:coverage_remind", args=[campaign.pk]),
            {"kind": ReminderKind.REGISTRATION, "units": [u.pk for u in unions], "message": "Hạn nộp 15/12"},
        )
    assert response.status_code == 302
    reminder = Reminder.objects.get()
    # Killed once a first e-mail is out and marked (committed): the worker is then sending the next.
    _wait_for(
        lambda: Notice.objects.filter(reminder=reminder, emailed_at__isnull=False).exists(),
        what="the first e-mail marked sent",
    )
    first.kill()  # SIGKILL, the pool process and the worker, while it sends the next one

    # Nothing half-written: every notice exists (one transaction with the reminder's mark), and every
    # notice marked e-mailed went out. An e-mail is handed to the mail backend inside the transaction that
    # marks it, so the kill can fall between the two for the one in flight: at most one e-mail out and
    # not marked, which the next run sends again (delivery at least once, never lost).
    assert Notice.objects.filter(reminder=reminder).count() == 4
    assert Reminder.objects.get(pk=reminder.pk).sent_at is not None
    marked = Notice.objects.filter(reminder=reminder, emailed_at__isnull=False).count()
    sent_before = len(_mails(mail_dir))
    assert 1 <= marked <= sent_before <= marked + 1
    assert marked < 4

    # The message was not acknowledged: the next worker gets it back and sends the rest.
    worker()
    _wait_for(lambda: Reminder.objects.get(pk=reminder.pk).email_count == 4, seconds=40, what="the rest")
    recipients = _recipients(mail_dir)
    assert sorted(set(recipients)) == sorted(officer.email for officer in officers)
    assert len(recipients) - 4 <= sent_before - marked  # only the one in flight may have gone twice
    assert Notice.objects.filter(reminder=reminder).count() == 4
