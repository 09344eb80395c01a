import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make around
# it are still plain synchronous calls, so Django's async-safety guard must be told so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent.parent / "var" / "test-artifacts"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def world(db):
    from tests.world import build_world

    return build_world()


# Reference data that data migrations create. A transactional test (browser, concurrency) empties
# every table when it ends, so the tests after it on the same worker would find none: put it back.
SEED_MIGRATIONS = [
    ("unionsite.migrations.0002_extensions_and_heartbeat_schedule", "schedule_heartbeat"),
    ("campaigns.migrations.0003_core_seed_movements", "seed"),
]


def ensure_reference_data():
    import importlib

    from django.apps import apps

    from awards.catalogue import ensure_catalogue

    for module, function in SEED_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
    ensure_catalogue()


@pytest.fixture(autouse=True)
def _reference_data(request):
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    ):
        request.getfixturevalue("transactional_db" if _is_transactional(request) else "db")
        ensure_reference_data()


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
