"""The registry that the URL-walking scope test reads.

Every app's tests declare, in `tests/<app>/scope_cases.py`, a dict `CASES` mapping each of its URL
names to a `Case`: how to build, for the insider's side of the world, the URL kwargs of an object
page (or None for a page without an object), and which method the view answers. A URL the project
registers but no module declares makes the walk test fail, so no view can forget its scope.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Case:
    kwargs: Callable[[Any], dict] | None = None
    method: str = "get"
    data: Callable[[Any], dict] = field(default=lambda world: {})
    # Public pages (login, the optional public honour roll) are reachable without logging in.
    public: bool = False


APP_CASE_MODULES = [
    "tests.unionsite.scope_cases",
    "tests.unions.scope_cases",
    "tests.campaigns.scope_cases",
    "tests.awards.scope_cases",
    "tests.initiatives.scope_cases",
]

# Django's own admin has its own login and only admits superusers.
EXCLUDED_NAMESPACES = {"admin"}


def all_cases():
    cases = {}
    for module_name in APP_CASE_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if not module_name.startswith(exc.name or ""):
                raise
            continue
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
