import os
from pathlib import Path

import pytest
from django.db.models.signals import post_migrate

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


@pytest.fixture(scope="session")
def _django_connections_closed():
    from django.db import connections

    assert not any(c.in_atomic_block for c in connections.all(initialized_only=True)), (
        "Playwright starts inside a database transaction: browser tests must be transactional (live_server)"
    )
    connections.close_all()


@pytest.fixture(scope="session")
def playwright(_django_connections_closed, playwright):
    # Between its calls Playwright's sync API leaves its event loop marked as running in this thread,
    # and Django then keeps the thread's connections apart from those it used before (asgiref's Local
    # goes by context once a loop runs). Close the ones from before it starts and the ones from while
    # it ran before it stops: else one stays open, unseen, and the test database cannot be dropped
    # ("being accessed by other users") when a database test ran after a browser test.
    yield playwright
    from django.db import connections

    connections.close_all()


@pytest.fixture(autouse=True)
def _browser_contexts_closed(request):
    # A test that opens its own contexts (browser.new_context()) and leaves them open keeps their pages
    # and keep-alive sockets to the live server for the rest of the run, and the server threads behind
    # those sockets their database connections (CONN_MAX_AGE): then the test database cannot be dropped.
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    before = set(browser.contexts)
    yield
    for context in browser.contexts:
        if context not in before:
            context.close()


@pytest.fixture(autouse=True)
def _site_language():
    # A request answered in English (the language cookie set by the switcher) leaves English active in
    # the test's thread, as the locale middleware activates a language and nothing deactivates it; the
    # next test in the same worker would then read English where it expects the site's Vietnamese.
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _celery_join_flag():
    yield
    # An eager task runs inside celery's denied_join_result(), which saves and restores one flag for
    # the whole process. Two live-server threads running tasks at once can leave it set, and then
    # every later result.get() in this worker raises "Never call result.get() within a task!".
    from celery import _state

    _state._set_task_join_will_block(False)


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


# Reference data that data migrations create. A transactional test (browser, concurrency) empties every
# table when it ends (TransactionTestCase's flush); the flush then sends post_migrate, as migrate does,
# and this puts the reference data back right away, so that every test finds it without checking.
SEED_MIGRATIONS = [
    ("unionsite.migrations.0002_extensions_and_heartbeat_schedule", "schedule_heartbeat"),
    ("campaigns.migrations.0003_core_seed_movements", "seed"),
    ("reports.migrations.0002_schedule", "schedule"),
    ("unionsite.migrations.0003_forms_once_and_outbox", "schedule"),
    ("unionsite.migrations.0004_schedule_forget_import_files", "schedule"),
]


def ensure_reference_data():
    import importlib

    from django.apps import apps

    from awards.catalogue import ensure_catalogue
    from initiatives.seed import seed_current

    for module, function in SEED_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
    ensure_catalogue()
    seed_current()  # initiatives' fields, programmes, criteria and value thresholds (migration 0002)


def _reseed_after_flush(sender, app_config=None, **kwargs):
    # post_migrate is sent once per app; seed once, for the first of them.
    if app_config is not None and app_config.label == "unionsite":
        ensure_reference_data()


post_migrate.connect(_reseed_after_flush, dispatch_uid="tests.reference_data")


def _delete_instead_of_truncate():
    """A transactional test empties every table when it ends. On PostgreSQL, Django's flush does it
    with one TRUNCATE of every table, which makes new files for each table and index: 0.2-2 s a test
    on a busy machine. DELETE empties the same (small) tables in a few milliseconds; foreign keys are
    deferred to the commit, when every table is empty. Sequences are not reset either way."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED;", *(f"DELETE FROM {self.quote_name(table)};" for table in tables)]

    DatabaseOperations.sql_flush = sql_flush


_delete_instead_of_truncate()


# The standing world (tests/world.py). Consecutive tests of one module that ask for `world` share one
# built inside a transaction around them (SharedWorld); every other test (transactional ones, a world
# that could not be shared) builds its own.
_shared_world = None  # the SharedWorld of the module now running, while it runs


@pytest.fixture(scope="module")
def _module_world(request, django_db_setup, django_db_blocker):
    global _shared_world
    from tests.world import SharedWorld

    shared = SharedWorld(django_db_blocker)
    # Module fixtures are set up before the test's own (its savepoint): open it now for the first test.
    item = getattr(request, "_pyfuncitem", None)  # the test this module fixture is set up for
    if item is not None and _wants_shared_world(item):
        shared.open()
    _shared_world = shared
    yield shared
    _shared_world = None
    shared.close()


@pytest.fixture
def world(request, _module_world, db):
    from tests.world import build_world

    if _module_world.is_open:
        assert _wants_shared_world(request.node), "the shared world is open around a test that must not see it"
        return _module_world.copy()
    return build_world()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # The test's own transaction is over (its fixtures are torn down); the module's shared world is
    # still there if the next test belongs to the same module. Open or close it for that test.
    if _shared_world is not None and nextitem is not None:
        if _wants_shared_world(nextitem):
            _shared_world.open()
        elif _uses_db(nextitem):
            _shared_world.close()
    return result


# Heaviest files first, so that the two xdist workers end together on small tests instead of one
# of them finishing a long browser file alone (`make test` runs --dist loadfile --no-loadscope-reorder:
# files are handed out in this order). Rough costs relative to a plain database test (~0.1 s).
COST_BROWSER = 60  # Chromium against the live server: 5-20 s
COST_INTEGRATION = 40  # a real Celery worker process
COST_TRANSACTIONAL = 10  # commits, then empties every table


def _cost(item):
    if item.get_closest_marker("browser") or "live_server" in getattr(item, "fixturenames", ()):
        return COST_BROWSER
    if item.get_closest_marker("integration"):
        return COST_INTEGRATION
    return COST_TRANSACTIONAL if _is_transactional(item) else 1


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # After pytest-django's own sort (database tests, then transactional ones, then the rest), which
    # stays the order inside each file.
    cost = {}
    for item in items:
        cost[item.path] = cost.get(item.path, 0) + _cost(item)
    first = {}
    for index, item in enumerate(items):
        first.setdefault(item.path, index)
    items.sort(key=lambda item: (-cost[item.path], first[item.path]))


TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}
DB_FIXTURES = {"db", *TRANSACTIONAL_FIXTURES}


def _uses_db(item):
    fixtures = getattr(item, "fixturenames", None)
    if fixtures is None:  # not a test function: assume the worst
        return True
    return item.get_closest_marker("django_db") is not None or bool(DB_FIXTURES & set(fixtures))


def _is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker:
        from pytest_django.fixtures import validate_django_db

        transaction, reset_sequences, _databases, serialized_rollback, _apps = validate_django_db(marker)
        if transaction or reset_sequences or serialized_rollback:
            return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def _wants_shared_world(item):
    return "world" in getattr(item, "fixturenames", ()) and not _is_transactional(item)
