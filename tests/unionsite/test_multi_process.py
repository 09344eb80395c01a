"""More than one machine's worth of processes on one PostgreSQL and one Redis: gunicorn with three
workers, two Celery workers and beat. A bounded concurrent load on 127.0.0.1 (threads) adds members
and races to approve the same nominations; beat sends a heartbeat every second. Checked afterwards:
nothing lost and nothing done twice (every member once, the kept counts exact, each nomination moved
once with one history row and one notice, every heartbeat beat sent run exactly once).

Needs PostgreSQL (DATABASE_URL) and redis-server on the PATH; it starts its own Redis on port 6392."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from django.db import connection
from django.test import Client

from awards.domain.workflow import recipients
from awards.enums import Level, NominationState
from awards.models import Notification
from tests.awards.factories import NominationFactory, PhaseFactory
from unions.models import Member, OrgUnit
from unionsite.history import history_for

ROOT = Path(__file__).resolve().parents[2]
REDIS_PORT = 6392
THREADS = 8
MEMBERS = 48
RACED_NOMINATIONS = 12

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url():
    config = connection.settings_dict
    auth = config["USER"] + (f":{config['PASSWORD']}" if config["PASSWORD"] else "")
    return f"postgres://{auth}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{config['NAME']}"


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Stack:
    """The processes, started in order and stopped (gracefully, then killed) in reverse."""

    def __init__(self, tmp_path):
        self.tmp = tmp_path
        self.processes = []  # (name, Popen, log path)
        self.port = _free_port()
        broker = f"redis://127.0.0.1:{REDIS_PORT}/0"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "unionsite.settings",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker,
            "CELERY_RESULT_BACKEND": broker,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "UNIONSITE_VAR_DIR": str(tmp_path / "var"),
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
        }

    def start(self, name, args):
        log = self.tmp / f"{name}.log"
        handle = log.open("w")
        process = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log_handle = handle  # closed by stop()
        self.processes.append((name, process, log))
        return process

    def log(self, name):
        return next(log for n, _p, log in self.processes if n == name).read_text(errors="replace")

    def stop(self, name=None):
        for entry in reversed(list(self.processes)):
            process_name, process, _log = entry
            if name is not None and process_name != name:
                continue
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            process.log_handle.close()


@pytest.fixture
def stack(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("several processes share one database: PostgreSQL only")
    redis = shutil.which("redis-server")
    if redis is None:
        pytest.skip("redis-server is not installed")
    stack = Stack(tmp_path)
    (tmp_path / "var").mkdir()
    python = sys.executable
    try:
        stack.start(
            "redis", [redis, "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        )
        _wait(lambda: _redis_ping(), 20, "redis-server")
        for n in (1, 2):
            stack.start(
                f"worker{n}",
                [python, "-m", "celery", "-A", "unionsite", "worker", "-n", f"w{n}@%h", "--concurrency=2",
                 "--without-gossip", "--without-mingle", "--loglevel=INFO"],
            )  # fmt: skip
        stack.start(
            "gunicorn",
            [python, "-m", "gunicorn", "unionsite.wsgi", "--workers", "3", "--bind", f"127.0.0.1:{stack.port}",
             "--timeout", "60", "--access-logfile", "-"],
        )  # fmt: skip
        _wait(lambda: _answers(stack.port), 60, "gunicorn")
        _wait(lambda: "ready" in stack.log("worker1") and "ready" in stack.log("worker2"), 90, "celery workers")
        yield stack
    finally:
        stack.stop()
    for name, _process, log in stack.processes:
        assert "Traceback" not in log.read_text(errors="replace"), f"{name}:\n{log.read_text(errors='replace')}"


def _redis_ping():
    try:
        with socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _answers(port):
    try:
        return requests.get(f"http://127.0.0.1:{port}/dang-nhap/", timeout=2).status_code == 200
    except requests.RequestException:
        return False


def _session(port, user):
    """A requests session logged in as `user` (the session row is written here, in the shared database)."""
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set("sessionid", client.cookies["sessionid"].value, domain="127.0.0.1")
    return session


def _csrf(session, url):
    page = session.get(url, timeout=30)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_web_workers_and_beat_lose_nothing_and_do_nothing_twice(world, stack):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    from unionsite.models import Heartbeat

    base = f"http://127.0.0.1:{stack.port}"
    units = [world.grassroots_a, world.grassroots_a2]
    phase = PhaseFactory(campaign__launched_by=world.city, campaign__title="Thi đua năm 2026")
    raced = [
        NominationFactory(phase=phase, unit=world.grassroots_a, state=NominationState.SUBMITTED, level=Level.UPPER)
        for _ in range(RACED_NOMINATIONS)
    ]
    before = {unit.pk: Member.objects.filter(unit=unit, active=True).count() for unit in units}
    # Beat: the heartbeat every second instead of every minute.
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.filter(name="Heartbeat").update(interval=every_second, total_run_count=0)
    Heartbeat.objects.filter(name="celery").delete()
    stack.start("beat", [sys.executable, "-m", "celery", "-A", "unionsite", "beat", "--loglevel=INFO",
                         "--schedule", str(stack.tmp / "beat-schedule")])  # fmt: skip

    officer = _session(stack.port, world.staff_a)
    token = _csrf(officer, f"{base}/to-chuc/doan-vien/them/")

    def add_member(n):
        unit = units[n % 2]
        response = officer.post(
            f"{base}/to-chuc/doan-vien/them/",
            data={
                "csrfmiddlewaretoken": token,
                "unit": unit.pk,
                "full_name": f"Tải Đồng Thời {n:03d}",
                "gender": "female",
                "date_of_birth": "01/02/1990",
            },
            allow_redirects=False,
            timeout=60,
        )
        return response.status_code

    def approve(nomination):
        response = officer.post(
            f"{base}/khen-thuong/de-nghi/{nomination.pk}/chuyen/",
            data={"csrfmiddlewaretoken": token, "to": "approved", "expected_state": "submitted", "note": ""},
            allow_redirects=False,
            timeout=60,
        )
        return response.status_code

    with ThreadPoolExecutor(THREADS) as pool:
        added = list(pool.map(add_member, range(MEMBERS)))
        # Every nomination approved by two requests at once: one moves it, the other finds it moved.
        moved = list(pool.map(approve, [n for n in raced for _ in range(2)]))
    assert added == [302] * MEMBERS
    assert moved == [302] * (2 * RACED_NOMINATIONS)

    # Members: each once, none lost; the kept counts moved by exactly what was added.
    names = list(Member.objects.filter(full_name__startswith="Tải Đồng Thời").values_list("full_name", flat=True))
    assert sorted(names) == [f"Tải Đồng Thời {n:03d}" for n in range(MEMBERS)]
    for unit in units:
        actual = Member.objects.filter(unit=unit, active=True).count()
        assert actual == before[unit.pk] + MEMBERS // 2
        assert OrgUnit.objects.get(pk=unit.pk).active_members == actual

    # Nominations: moved once each, one history row, one notice for each person told.
    for nomination in raced:
        told = [user for user in recipients(nomination) if user.pk != world.staff_a.pk]
        assert told
        nomination.refresh_from_db()
        assert nomination.state == NominationState.APPROVED
        moves = [c for c in history_for(nomination) if "state" in c.changes]
        assert [c.changes["state"] for c in moves] == [["submitted", "approved"]]
        notices = Notification.objects.filter(nomination=nomination, state=NominationState.APPROVED)
        assert sorted(notices.values_list("user_id", flat=True)) == sorted(user.pk for user in told)

    # Beat → workers: let a few heartbeats through, stop beat (it saves how many it sent), let the
    # workers drain, and compare: every heartbeat sent ran exactly once.
    _wait(lambda: Heartbeat.objects.filter(name="celery", runs__gte=5).exists(), 60, "five heartbeats")
    stack.stop("beat")
    sent = PeriodicTask.objects.get(name="Heartbeat").total_run_count
    _wait(lambda: Heartbeat.objects.get(name="celery").runs >= sent, 30, "the workers to drain")
    time.sleep(2)  # anything run twice would show up now
    assert Heartbeat.objects.get(name="celery").runs == sent >= 5
    # Both workers took part.
    assert "unionsite.heartbeat" in stack.log("worker1") + stack.log("worker2")
