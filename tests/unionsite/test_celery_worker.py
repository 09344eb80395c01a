"""Round-trips a task through a real worker on the configured broker (Redis in CI, files otherwise)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration


def _client_app(var_dir):
    broker = os.environ.get("CELERY_BROKER_URL", "filesystem://")
    # Not the current app: the tests after this one in the process would send their tasks through it
    # (to the broker, not eagerly) instead of through the project's app.
    app = Celery("roundtrip-client", set_as_current=False)
    if broker.startswith("filesystem://"):
        queue = str(var_dir / "broker" / "queue")
        os.makedirs(queue, exist_ok=True)
        app.conf.update(
            broker_url=broker,
            broker_transport_options={
                "data_folder_in": queue,
                "data_folder_out": queue,
                "control_folder": str(var_dir / "broker" / "control"),
                "store_processed": False,
            },
            result_backend=f"file://{var_dir / 'celery-results'}",
        )
    else:
        app.conf.update(broker_url=broker, result_backend=broker)
    return app


def test_real_worker_round_trips_a_task(tmp_path):
    (tmp_path / "celery-results").mkdir()
    # A queue of this test's own: jobs other tests left on the shared broker are not this worker's.
    queue = f"roundtrip-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "unionsite.settings",
        "UNIONSITE_VAR_DIR": str(tmp_path),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "unionsite",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
            "-Q",
            queue,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        app = _client_app(tmp_path)
        result = app.send_task("unionsite.echo", kwargs={"text": "Công đoàn cơ sở"}, queue=queue)
        assert result.get(timeout=90) == {"echo": "Công đoàn cơ sở", "length": 15}
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert "Traceback" not in output, output
