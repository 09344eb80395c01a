"""Point the project's Celery app at another broker for a test, and put it back afterwards.

Unit tests run tasks eagerly (settings_test); the tests of faults publish for real, to a broker
that is down (a closed port) or to a Redis server of their own (tests/unionsite/test_faults.py)."""

import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

from kombu import pools

from unionsite.celery import app

# Nothing listens on port 1: a broker there is a broker that is down.
DOWN = "redis://127.0.0.1:1/0"


def _forget_connections():
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    pools.reset()


@contextmanager
def broker(url, **transport_options):
    """Publish jobs for real (not eagerly) to `url` inside the block."""
    keys = ("task_always_eager", "broker_url", "broker_transport_options")
    saved = {key: app.conf[key] for key in keys}
    # Celery reads CELERY_BROKER_URL from the environment before its own setting (CI sets it).
    saved_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = url
    _forget_connections()
    app.conf.update(
        task_always_eager=False,
        broker_url=url,
        broker_transport_options={"socket_connect_timeout": 2, **transport_options},
    )
    try:
        yield
    finally:
        app.conf.update(saved)
        if saved_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_env
        _forget_connections()


class RedisServer:
    """A redis-server of the test's own on `port` (never the shared one), stopped and started at will."""

    def __init__(self, port, folder):
        self.port, self.folder, self.process = port, folder, None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    @staticmethod
    def available():
        return shutil.which("redis-server") is not None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None
