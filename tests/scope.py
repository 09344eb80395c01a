"""The registry that the URL-walking scope test reads.

Every app's tests declare, in `tests/<app>/scope_cases.py`, a dict `CASES` mapping each of its URL
names to a `Case`: how to build, for the insider's side of the world, the URL kwargs of an object
page (or None for a page without an object), which method the view answers, who its insider is and
what the insider gets. A URL the project registers but no module declares makes the walk test fail,
so no view can forget its scope, and a view that answers 404 to everyone fails the insider's walk.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True, kw_only=True)
class Case:
    # Who gets through: a standing user of tests/world.py ("officer_a", "staff_a", "city_reviewer"),
    # or "admin" for a superuser.
    insider: str
    kwargs: Callable[[Any], dict] | None = None
    method: str = "get"
    # The request's data; for an action, data that makes it succeed for the insider.
    data: Callable[[Any], dict] = field(default=lambda world: {})
    # What the insider gets: 200 for a page; an action that is done sends them on (302) to
    # `redirect(world, kwargs)`, and `done(world, kwargs)` proves it really happened.
    expect: int = 200
    redirect: Callable[[Any, dict], str] | None = None
    done: Callable[[Any, dict], bool] | None = None
    # The users above the insider (the district's staff, the city's reviewer, a superuser) get what the
    # insider gets on this page, or the status given here (e.g. {"city_reviewer": 403} where only the
    # district may change it); None: not checked. POST actions are not repeated by them.
    above: dict[str, int] | None = field(default_factory=dict)
    # Session values the page needs (e.g. the token of an export this session asked for).
    session: Callable[[Any, dict], dict] | None = None
    # Public pages (login, the optional public honour roll) are reachable without logging in.
    public: bool = False
    # A shared catalogue row (a movement, a block) is no union's record: every role may read the
    # catalogue, so an outsider who may not edit it is forbidden (403) rather than told it is absent.
    shared: bool = False

    def __post_init__(self):
        assert (self.redirect is not None) == (self.expect == 302), "a redirect declares its target"


def log_in(client, world, username, case, kwargs):
    """Log in a standing user of the world, with the session values the case's page needs."""
    client.force_login(getattr(world, username))
    if case.session:
        session = client.session
        session.update(case.session(world, kwargs))
        session.save()


def finish(response):
    """Read a download to its end, so that the test client closes its file as a WSGI server would
    (response.close() would also close the test's database connection on PostgreSQL)."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response


TESTS_DIR = Path(__file__).resolve().parent


def case_modules():
    """Every tests/<app>/scope_cases*.py module."""
    return sorted(
        ".".join(path.relative_to(TESTS_DIR.parent).with_suffix("").parts)
        for path in TESTS_DIR.glob("*/scope_cases*.py")
    )


# Django's own admin has its own login and only admits superusers.
EXCLUDED_NAMESPACES = {"admin"}


def all_cases():
    cases = {}
    for module_name in case_modules():
        module = importlib.import_module(module_name)
        clash = set(cases) & set(module.CASES)
        assert not clash, f"{module_name} declares {sorted(clash)} again"
        cases.update(module.CASES)
    return cases


def registered_url_names():
    names = []

    def walk(patterns, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                if ns in EXCLUDED_NAMESPACES:
                    continue
                walk(entry.url_patterns, f"{ns}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                names.append(f"{namespace}{entry.name}")

    walk(get_resolver().url_patterns, "")
    return sorted(set(names))
