import pytest
from django.test import RequestFactory

from unionsite.shortcuts import MAX_ID, paginate, parse_int, parse_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026", 2026),
        ("1", 1),
        (str(MAX_ID), MAX_ID),
        (None, None),
        ("", None),
        ("abc", None),
        ("abc\x00", None),
        ("-1", None),
        ("0", None),
        (" 7", None),
        ("1.5", None),
        ("²", None),  # str.isdigit() says yes, int() says no
        ("٣", None),  # an Arabic-Indic three: int() would accept it
        (str(MAX_ID + 1), None),  # would overflow a database integer
        ("9" * 5000, None),  # longer than int() converts
    ],
)
def test_parse_int_keeps_plain_numbers_in_range(value, expected):
    assert parse_int(value) == expected


def test_parse_int_bounds():
    assert parse_int("99999999999", high=9999) is None  # a year past any date
    assert parse_int("9999", high=9999) == 9999
    assert parse_int("1999", low=2000, high=2100) is None


@pytest.mark.parametrize(
    ("page", "expected"),
    [("2", 2), ("abc", 1), ("²", 1), ("", 1), ("-1", 3), ("0", 3), ("99999", 3), ("9" * 30, 3), ("9" * 5000, 1)],
)
def test_paginate_answers_junk_with_the_first_or_the_last_page(page, expected):
    request = RequestFactory().get("/", {"page": page})
    assert paginate(request, list(range(60))).number == expected  # settings.PAGE_SIZE = 25


def test_parse_text_strips_and_ignores_a_nul_byte():
    assert [parse_text(v) for v in [" nguyen thi ", "", None, "abc\x00", "\x00"]] == ["nguyen thi", "", "", "", ""]
