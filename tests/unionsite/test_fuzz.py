"""Property-based tests (hypothesis): every list page's query parameters and the main forms' fields get
arbitrary text, huge numbers and digits that are not ASCII; no answer is a 5xx and nothing is written.

tests/unionsite/test_junk_walk.py sends a few fixed kinds of junk to every page as every role; here
hypothesis draws the values, a few examples a page (the suite stays fast), as the page's insider.
Every value is drawn so that it is never a valid id (unionsite.shortcuts.parse_id gives None), so a
form that takes a choice cannot be valid and a write would be a bug, not luck.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.importers import GRID_FIELDS
from tests.scope import all_cases, finish, log_in, registered_url_names
from tests.unionsite.test_junk_walk import PARAMS
from unionsite.shortcuts import MAX_ID, parse_id

CASES = all_cases()
GET_PAGES = [n for n in registered_url_names() if n in CASES and CASES[n].method == "get"]

# The forms people fill most, whose fields are read from the page itself; and the actions posted
# without a page of their own (their fields are those of the case's data). Each has a choice or an
# id that no drawn value satisfies (a form of free text only, such as a registration's commitments,
# may rightly save what it is sent).
FORM_PAGES = (
    "unions:member_create",
    "unions:member_edit",
    "unions:unit_create",
    "unions:unit_edit",
    "unions:account_create",
    "unions:block_create",
    "campaigns:campaign_add",
    "campaigns:registration_create",
    "campaigns:registration_grid",
    "awards:nomination_create",
    "awards:decision_create",
    "awards:quota_create",
)
POSTED_ACTIONS = ("awards:queue_bulk", "unions:unit_merge", "campaigns:registration_transition")

FUZZ = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is found again by running again
    database=None,  # nothing written under the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Digits that str.isdigit() or int() accept but that are not ASCII: superscripts, Arabic-Indic, fullwidth…
NON_ASCII_DIGIT = st.characters(categories=["Nd", "No"]).filter(lambda c: not c.isascii())
VALUE = st.one_of(
    st.text(max_size=30),
    st.text(NON_ASCII_DIGIT, min_size=1, max_size=6),
    st.integers(min_value=MAX_ID + 1, max_value=10**40).map(str),
    st.integers(max_value=0).map(str),
    st.sampled_from(["9" * 25, "9" * 5000, "1.0", "1e9", " 1", "²", "٣", "１"]),
).filter(lambda value: parse_id(value) is None)


# Tables a refused request may still touch: the session (logging in, messages) and the claim of a
# form's one-time token (unionsite.submissions), which a refused save rolls back.
NOT_DATA = ("DJANGO_SESSION", "UNIONSITE_FORMSUBMISSION")


def _writes(sent):
    """Notes every INSERT, UPDATE or DELETE except those of NOT_DATA."""

    def guard(execute, sql, params, many, context):
        statement = sql.lstrip().upper()
        if statement.startswith(("INSERT", "UPDATE", "DELETE")) and not any(t in statement for t in NOT_DATA):
            sent.append(sql)
        return execute(sql, params, many, context)

    return guard


def _request(client, method, url, data):
    """(status, writes) of one request; an exception the view raised is a failure like a 5xx."""
    writes = []
    with connection.execute_wrapper(_writes(writes)):
        response = finish(getattr(client, method)(url, data))
    return response.status_code, writes


class _PostedFields(HTMLParser):
    """The names of the fields of the page's POST forms (not files, not the CSRF token)."""

    def __init__(self):
        super().__init__()
        self.names, self.in_post = set(), False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_post = (attrs.get("method") or "").lower() == "post"
        elif (
            self.in_post
            and tag in ("input", "select", "textarea")
            and attrs.get("name") not in (None, "csrfmiddlewaretoken")
            and attrs.get("type") != "file"
        ):
            self.names.add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post = False


def _page(client, world, name):
    case = CASES[name]
    kwargs = case.kwargs(world) if case.kwargs else None
    log_in(client, world, case.insider, case, kwargs)
    return case, reverse(name, kwargs=kwargs)


def _read_parameters(client, url, base, monkeypatch):
    """The parameters of PARAMS the page reads: one request with all of them, recording QueryDict reads."""
    names = set()
    original = QueryDict.get

    def recording(self, key, *args, **kwargs):
        names.add(key)
        return original(self, key, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(QueryDict, "get", recording)
        patch.setattr(QueryDict, "getlist", _recording_getlist(QueryDict.getlist, names))
        finish(client.get(url, {**base, **dict.fromkeys(PARAMS, "1")}))
    return sorted(names & set(PARAMS))


def _recording_getlist(original, names):
    def recording(self, key, *args, **kwargs):
        names.add(key)
        return original(self, key, *args, **kwargs)

    return recording


@pytest.mark.django_db
@pytest.mark.parametrize("name", GET_PAGES)
def test_query_parameters_never_answer_5xx_nor_write(client, world, monkeypatch, name):
    """Each page gets the parameters it reads (a page that reads none is walked by test_junk_walk.py)."""
    case, url = _page(client, world, name)
    base = case.data(world)
    read = _read_parameters(client, url, base, monkeypatch)
    if not read:
        return

    @FUZZ
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(read, VALUE)))
    def check(params):
        status, writes = _request(client, "get", url, {**base, **params})
        assert status < 500, params
        assert writes == [], (params, writes)

    check()


def _form_fields(client, url):
    parser = _PostedFields()
    parser.feed(client.get(url).content.decode())
    return sorted(parser.names)


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORM_PAGES + POSTED_ACTIONS)
def test_form_fields_never_answer_5xx_nor_write(client, world, name):
    case, url = _page(client, world, name)
    fields = sorted(case.data(world)) if name in POSTED_ACTIONS else _form_fields(client, url)
    # The grid's rows are named after its cells; the script packs them into one JSON field.
    assert fields, f"{name}: no field found on the page"

    @FUZZ
    @given(st.fixed_dictionaries({f: st.one_of(VALUE, st.lists(VALUE, min_size=2, max_size=3)) for f in fields}))
    def check(data):
        status, writes = _request(client, "post", url, data)
        assert status < 500, data
        assert writes == [], (data, writes)

    check()


@pytest.mark.django_db
def test_registration_grid_json_never_answers_5xx_nor_writes(client, world):
    """The grid as its script posts it: the rows packed in one JSON field."""
    _case, url = _page(client, world, "campaigns:registration_grid")
    cells = st.one_of(VALUE, st.integers(), st.floats(), st.none(), st.booleans())

    @FUZZ
    @given(st.lists(st.dictionaries(st.sampled_from(GRID_FIELDS), cells), min_size=1, max_size=3))
    def check(rows):
        status, writes = _request(client, "post", url, {"rows_json": json.dumps(rows)})
        assert status < 500, rows
        assert writes == [], (rows, writes)

    check()


def test_values_are_never_ids():
    """What the strategies may draw: the property behind "no write" above."""
    drawn = []

    @settings(max_examples=200, derandomize=True, database=None)
    @given(VALUE)
    def collect(value):
        drawn.append(value)

    collect()
    assert all(parse_id(v) is None for v in drawn)
    assert any(re.fullmatch(r"\d{20,}", v) for v in drawn)  # huge ASCII numbers
    assert any(v and not v.isascii() and v.isdigit() for v in drawn)  # digits that are not ASCII
