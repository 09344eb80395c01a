"""Sends junk query strings to every GET page of the registry as each standing role: no answer is a 5xx.

An invalid filter value is ignored (or shown as a form error), an out-of-range page gives the last page.
Each request sets every query parameter the views read to one kind of junk. The first kind goes to
every page; the others only to the pages that read a filter on that first request (a page that reads
only ?page= leaves it to unionsite.shortcuts.paginate, whose junk is tested in test_shortcuts.py), so
the walk costs a few seconds, not minutes."""

import re
from pathlib import Path

import pytest
from django import forms
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from tests.scope import all_cases, finish, log_in, registered_url_names

CASES = all_cases()
GET_PAGES = [n for n in registered_url_names() if n in CASES and CASES[n].method == "get"]
ROLES = ("officer_a", "staff_a", "city_reviewer", "officer_b", "admin")

# Every query parameter a view reads (test_every_query_parameter_is_walked keeps this list whole).
PARAMS = (
    "page",
    "after",
    "before",
    "q",
    "state",
    "year",
    "phase",
    "unit",
    "title",
    "campaign",
    "block",
    "cluster",
    "kind",
    "section",
    "all_versions",
    "show",
    "ownership",
    "gender",
    "active",
    "trade",
    "next",
    "source",
    "pick",
    "level",
    "field",
    "programme",
    "value_min",
    "value_max",
    "year_from",
    "year_to",
    "from",
    "until",
    "who",
    "record_type",
    "action",
    "date_from",
    "date_to",
)
# Not a number (and a NUL byte, which PostgreSQL refuses in a string), negative, past any date or
# page, past a 64-bit integer, and a digit that str.isdigit() accepts but int() refuses.
JUNK = ("abc\x00", "-1", "99999999999", "99999999999999999999", "²")

APPS = ("unions", "campaigns", "awards", "initiatives", "reports", "unionsite")
ROOT = Path(__file__).resolve().parents[2]


def _form_classes():
    found, todo = {}, [forms.BaseForm]
    while todo:
        cls = todo.pop()
        found[cls.__name__] = cls
        todo.extend(cls.__subclasses__())
    return found


def test_every_query_parameter_is_walked():
    """The parameters views read with request.GET, and the fields of the forms bound to request.GET."""
    form_classes = _form_classes()
    read = {"page"}  # unionsite.shortcuts.paginate
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            text = path.read_text()
            read.update(re.findall(r"""request\.GET(?:\.get\(|\[)["'](\w+)["']""", text))
            for form in re.findall(r"(\w+Form)\(request\.GET", text):
                read.update(form_classes[form].base_fields)
    assert sorted(read - set(PARAMS)) == []


def _recording(original, names):
    def recording(self, key, *args, **kwargs):
        names.add(key)
        return original(self, key, *args, **kwargs)

    return recording


@pytest.fixture
def read_parameters(monkeypatch):
    """The names read from any QueryDict (request.GET) since the set was last cleared."""
    names = set()
    for method in ("get", "getlist", "__getitem__"):
        monkeypatch.setattr(QueryDict, method, _recording(getattr(QueryDict, method), names))
    return names


def _nul_guard(sent):
    """Notes each query that carries a NUL byte: PostgreSQL refuses it (a 500 there, not on SQLite)."""

    def guard(execute, sql, params, many, context):
        for row in params if many else [params]:
            if any(isinstance(value, str) and "\x00" in value for value in row or ()):
                sent.append(sql)
        return execute(sql, params, many, context)

    return guard


@pytest.mark.django_db
@pytest.mark.parametrize("name", GET_PAGES)
def test_junk_query_never_answers_5xx(client, world, read_parameters, name):
    case = CASES[name]
    kwargs = case.kwargs(world) if case.kwargs else None
    url = reverse(name, kwargs=kwargs)
    data = case.data(world)
    failures = []
    for role in ROLES:
        log_in(client, world, role, case, kwargs)
        for value in JUNK:
            read_parameters.clear()
            nul = []
            try:
                with connection.execute_wrapper(_nul_guard(nul)):
                    response = finish(client.get(url, {**data, **dict.fromkeys(PARAMS, value)}))
            except Exception as exc:  # the test client re-raises what the view raised
                failures.append((role, value, repr(exc)))
                continue
            if response.status_code >= 500:
                failures.append((role, value, response.status_code))
            if nul:
                failures.append((role, value, "a NUL byte sent to the database", nul[0]))
            if response.status_code in (403, 404) or not read_parameters - {"page"}:
                break  # refused before reading the query, or reads no filter: the other junk changes nothing
    assert failures == [], f"{name}: {failures}"
