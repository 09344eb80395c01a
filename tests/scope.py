"""The registry that the URL-walking scope test reads.

Every app's tests declare, in `tests/<app>/scope_cases.py`, a dict `CASES` mapping each of its URL
names to a `Case`: how to build, for the insider's side of the world, the URL kwargs of an object
page (or None for a page without an object), and which method the view answers. A URL the project
registers but no module declares makes the walk test fail, so no view can forget its scope.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Case:
    kwargs: Callable[[Any], dict] | None = None
    method: str = "get"
    data: Callable[[Any], dict] = field(default=lambda world: {})
    # Public pages (login, the optional public honour roll) are reachable without logging in.
    public: bool = False
    # A shared catalogue row (a movement, a block) is no union's record: every role may read the
    # catalogue, so an outsider who may not edit it is forbidden (403) rather than told it is absent.
    shared: bool = False


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
