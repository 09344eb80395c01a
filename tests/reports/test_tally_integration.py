"""Done-when: beat, a worker and Redis run for real. A phase whose end has passed is tallied without
anyone asking; a tally whose worker is killed half way — its run row and figure rows written, the
windows closed, the transaction not committed — and that is delivered again leaves exactly one snapshot,
identical to the records' figures.

Needs PostgreSQL (the subprocesses must see the test database) and redis-server (started here on its
own port, 6391); bounded to well under a minute."""

import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from campaigns.models import Phase
from reports.figures import Selection, compute
from reports.models import TallyFigure, TallyRun
from tests.campaigns.factories_core import CampaignFactory, PhaseFactory
from tests.world import build_world

ROOT = Path(__file__).resolve().parents[2]
REDIS_PORT = 6391
DEADLINE = 45

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("the worker and beat must share the test database: PostgreSQL only")
    settings = connection.settings_dict
    user, password = settings["USER"], settings["PASSWORD"] or ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{settings['NAME']}"


@pytest.fixture
def redis(tmp_path):
    server = subprocess.Popen(
        ["redis-server", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{REDIS_PORT}/0"
    try:
        _wait(lambda: _pings(url))
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def _pings(url):
    import redis as redis_client

    try:
        return redis_client.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis_client.exceptions.ConnectionError:
        return False


def _wait(condition, timeout=DEADLINE):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.3)
    return False


def _env(tmp_path, database, broker):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "unionsite.settings",
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": broker,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "UNIONSITE_VAR_DIR": str(tmp_path),
    }


def _celery(env, *args):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "unionsite", *args, "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def _worker(env):
    return _celery(env, "worker", "--pool=solo", "--concurrency=1", "--without-gossip", "--without-mingle")


def _stop(process, *, kill=False):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL if kill else signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, _ = process.communicate()
    return output


def _ended_phase():
    world = build_world()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    campaign = CampaignFactory(
        launched_by=world.district_a, starts_on=yesterday - datetime.timedelta(days=200), ends_on=yesterday
    )
    return world, PhaseFactory(
        campaign=campaign, starts_on=campaign.starts_on, ends_on=yesterday, registration_open=True
    )


def _canonical(values):
    return json.dumps(values, sort_keys=True, ensure_ascii=False)


def _snapshot(run):
    return sorted((f.kind, f.key, f.name, _canonical(f.figures)) for f in TallyFigure.objects.filter(run=run))


def test_beat_tallies_an_ended_phase_without_anyone_asking(postgres, redis, tmp_path):
    world, phase = _ended_phase()
    # The sweep is a crontab every five minutes in production; here beat runs it every two seconds.
    every_two_seconds, _ = IntervalSchedule.objects.get_or_create(every=2, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.filter(task="reports.sweep_tallies").update(interval=every_two_seconds, crontab=None)
    assert PeriodicTask.objects.filter(task="reports.sweep_tallies", enabled=True).count() == 1
    env = _env(tmp_path, postgres, redis)
    worker = _worker(env)
    beat = _celery(
        env,
        "beat",
        "--scheduler",
        "django_celery_beat.schedulers:DatabaseScheduler",
        "--max-interval",
        "1",
        "--pidfile",
        str(tmp_path / "beat.pid"),
    )
    try:
        assert _wait(lambda: TallyRun.objects.filter(phase=phase).exists()), "no tally within the deadline"
    finally:
        beat_output = _stop(beat)
        worker_output = _stop(worker)
    assert "Traceback" not in worker_output, worker_output
    assert "Traceback" not in beat_output, beat_output
    run = TallyRun.objects.get(phase=phase)
    assert (run.version, run.requested_by) == (1, None)
    assert Phase.objects.get(pk=phase.pk).closed_at is not None
    assert run.figures.get(kind="unit", key=str(world.district_a.pk)).figures["grassroots"] == 2


def test_a_worker_killed_half_way_and_a_second_delivery_leave_one_identical_snapshot(
    postgres, redis, tmp_path, monkeypatch
):
    from celery import Celery

    # Celery reads CELERY_BROKER_URL from the environment before its own setting (CI sets it).
    monkeypatch.setenv("CELERY_BROKER_URL", redis)
    world, phase = _ended_phase()
    env = _env(tmp_path, postgres, redis)
    client = Celery("tally-client", set_as_current=False)
    client.conf.update(broker_url=redis, result_backend=redis)

    # Hold the notices' table against writes: the worker's tally closes the windows, writes its run
    # and every figure row, then waits to write the staff's notices — half way through its transaction.
    assert world.staff_a.pk  # the district's staff: the tally has notices to write
    holder = connection.copy()
    worker = _worker(env)
    try:
        with holder.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("LOCK TABLE campaigns_notice IN SHARE ROW EXCLUSIVE MODE")
            client.send_task("reports.tally_phase", kwargs={"phase_id": phase.pk, "version": 1})
            assert _wait(lambda: _waiting_on("campaigns_notice"), timeout=30), "the worker never reached the notices"
            # The waiting backend has written to the run, figure and phase tables (locks it holds).
            written = _written_by_waiting_backend("campaigns_notice")
            assert {"reports_tallyrun", "reports_tallyfigure", "campaigns_phase"} <= written, written
            _stop(worker, kill=True)  # killed half way, inside its transaction
            cursor.execute("ROLLBACK")
    finally:
        holder.close()
        _stop(worker, kill=True)
    # Nothing of the killed attempt is left: no run, no figure, the windows still as they were.
    assert not TallyRun.objects.filter(phase=phase).exists()
    assert not TallyFigure.objects.exists()
    assert Phase.objects.get(pk=phase.pk).closed_at is None

    # The same task delivered twice (late acknowledgement), to a new worker.
    worker = _worker(env)
    try:
        first = client.send_task("reports.tally_phase", kwargs={"phase_id": phase.pk, "version": 1})
        second = client.send_task("reports.tally_phase", kwargs={"phase_id": phase.pk, "version": 1})
        results = [first.get(timeout=DEADLINE), second.get(timeout=DEADLINE)]
    finally:
        output = _stop(worker)
    assert "Traceback" not in output, output
    assert sorted(r["created"] for r in results) == [False, True]
    run = TallyRun.objects.get(phase=phase)
    assert results[0]["run"] == results[1]["run"] == run.pk
    figures = compute(world.district_a, Selection.for_phase(phase))
    assert run.digest == figures.digest()
    assert _snapshot(run) == sorted((kind, key, name, _canonical(values)) for kind, key, name, values in figures.rows())


def _waiting_on(table):
    """True when a backend waits for a lock on `table`."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass",
            [table],
        )
        return cursor.fetchone()[0] > 0


def _written_by_waiting_backend(table):
    """The tables the backend waiting on `table` holds a row-write lock on (it inserted or updated rows)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT DISTINCT held.relation::regclass::text
            FROM pg_locks waiting
            JOIN pg_locks held ON held.pid = waiting.pid AND held.granted AND held.mode = 'RowExclusiveLock'
            WHERE NOT waiting.granted AND waiting.relation = %s::regclass AND held.relation IS NOT NULL
            """,
            [table],
        )
        return {row[0] for row in cursor.fetchall()}
