"""Requests sent at the same moment, for the PostgreSQL race tests (tests/test_races.py).

Two requests that race rarely meet at the exact instant by chance, so a test that only fires threads
proves little. Here the test holds a lock on the table the requests write (SHARE ROW EXCLUSIVE: they
may still read it, so each one passes every check the code makes before writing) until every request
waits to insert into it; then it lets them all go at once. Without a unique constraint both inserts
would succeed; with it, the database keeps one and the other request must answer without a 500.
"""

import threading
import time

from django.db import connection, connections, transaction
from django.test import Client

WAIT_SECONDS = 20


def logged_in_client(user):
    client = Client()
    client.force_login(user)
    return client


def _waiting_on(table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass", [table])
        return cursor.fetchone()[0]


def race(table, requests):
    """Run each callable of `requests` in its own thread (its own database connection), all held at
    their first write to `table` and then released together. Returns what each returned, in order;
    raises the first exception a request raised (a view's error reaches the test client as one)."""
    results = [None] * len(requests)
    errors = []

    def run(index, request):
        try:
            results[index] = request()
        except BaseException as error:  # re-raised in the test's thread below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, r), daemon=True) for i, r in enumerate(requests)]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table)} IN SHARE ROW EXCLUSIVE MODE")
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + WAIT_SECONDS
        while _waiting_on(table) < len(requests) and time.monotonic() < deadline:
            if not any(thread.is_alive() for thread in threads):
                break
            time.sleep(0.02)
        lined_up = _waiting_on(table)
    for thread in threads:
        thread.join(WAIT_SECONDS)
    if errors:
        raise errors[0]
    assert lined_up == len(requests), f"only {lined_up} of {len(requests)} requests reached the write to {table}"
    return results
