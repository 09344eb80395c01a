"""Pages of a long list reached by their place in the list's order, not by an offset (keyset, or
"seek", pagination).

An OFFSET of n makes the database walk n rows before the page; on a city's member list (a million
rows, in name order) the ten-thousandth row already costs a third of a second, and the last row would
cost seconds. Here the links to the next and the previous page carry a cursor: the ordering values of
the page's last (or first) row, and the next page is the rows after it, `WHERE (name_search, id) >
(…, …) ORDER BY name_search, id LIMIT 26`, which an index on the ordering answers in the same time
on page 1 and on page 40,000. The last page is the first rows of the list read backwards.

The first page, and a page asked for by its number (`?page=3`, as older links do), are read by
offset as `paginate` reads them (up to settings.LIST_COUNT_CAP rows); every link the page offers
is a cursor. The page number travels beside the cursor only to be shown: a cursor never names a
record, only a place in the order, and a crafted one shows the next rows of the reader's own list.
"""

import base64
import binascii
import datetime
import decimal
import json
import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.lookups import GreaterThan, LessThan
from django.utils import timezone
from django.utils.functional import cached_property

from unionsite.shortcuts import CappedPaginator, parse_int

# A cursor longer than this is junk (the longest real one is a name of 150 characters and an id).
MAX_CURSOR = 1200
LAST = "last"


def ordering_of(rows):
    """[(field, descending)] of a queryset's order: names of the model's own columns, ending with the
    primary key (the key that makes every place in the order unique). Anything else is a programming
    error (ValueError), not something a request can cause."""
    names = rows.query.order_by or (rows.model._meta.ordering if rows.query.default_ordering else ())
    fields = []
    for name in names:
        if not isinstance(name, str) or "__" in name or name.lstrip("-") == "?":
            raise ValueError(f"keyset pagination needs plain column names in the order, not {name!r}")
        descending = name.startswith("-")
        name = name.lstrip("-")
        field = rows.model._meta.pk if name == "pk" else rows.model._meta.get_field(name)
        fields.append((field, descending))
    if not fields or not fields[-1][0].primary_key:
        raise ValueError("keyset pagination needs an order that ends with the primary key")
    return fields


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()  # to the microsecond (DjangoJSONEncoder would cut it to milliseconds)
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def encode(row, fields):
    """The cursor of `row`: its ordering values as URL-safe base64 of a JSON list."""
    values = [_plain(getattr(row, field.attname)) for field, _descending in fields]
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(cursor, fields):
    """The ordering values a cursor carries, or None for anything that is not a cursor of this list
    (wrong length, wrong types, not base64, too long)."""
    if not isinstance(cursor, str) or not cursor or len(cursor) > MAX_CURSOR or not cursor.isascii():
        return None
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        return None
    if not isinstance(values, list) or len(values) != len(fields):
        return None
    parsed = []
    for value, (field, _descending) in zip(values, fields, strict=True):
        if not isinstance(value, str | int) or isinstance(value, bool):
            return None
        try:
            parsed.append(field.to_python(value))
        except (ValidationError, TypeError, ValueError, OverflowError):
            return None
        if isinstance(parsed[-1], str) and "\x00" in parsed[-1]:
            return None
        if isinstance(parsed[-1], datetime.datetime) and timezone.is_naive(parsed[-1]):
            return None  # the links write times with their offset: a time without one is not ours
        if isinstance(parsed[-1], int) and not -(2**63) <= parsed[-1] < 2**63:
            return None
    return parsed


class Row(Func):
    """A row value, `(a, b)`: compared with another, `(a, b) > (x, y)`, it is the order's own comparison,
    which PostgreSQL answers from an index on (a, b) as the start of its scan (and SQLite understands)."""

    function = ""
    output_field = models.Field()


def _beyond(fields, values, *, forward):
    """The rows after (forward) or before the place `values` in the order. All columns in one
    direction: one row comparison. Mixed directions: spelled out, (a > x) OR (a = x AND b < y) …,
    behind a bound on the first column that an index can start from."""
    directions = {descending for _field, descending in fields}
    if len(directions) == 1:
        later = LessThan if directions.pop() == forward else GreaterThan
        return later(
            Row(*(F(field.attname) for field, _d in fields)),
            Row(*(Value(value, output_field=field) for (field, _d), value in zip(fields, values, strict=True))),
        )
    q = Q()
    for index, ((field, descending), value) in enumerate(zip(fields, values, strict=True)):
        later = "lt" if descending == forward else "gt"
        equal = {f.attname: v for (f, _d), v in zip(fields[:index], values[:index], strict=True)}
        q |= Q(**equal) & Q(**{f"{field.attname}__{later}": value})
    first, descending = fields[0]
    bound = "lte" if descending == forward else "gte"
    return Q(**{f"{first.attname}__{bound}": values[0]}) & q


def _reversed(fields):
    return [f"{'' if descending else '-'}{field.attname}" for field, descending in fields]


class KeysetPage(Page):
    """A page of rows with cursor links: `next_cursor`, `previous_cursor` (None on the first page:
    the link goes to the list without a cursor) and `number` (None when the place is not known, e.g.
    the last page of a list counted only up to the cap)."""

    keyset = True

    def __init__(self, rows, number, paginator, *, more_after, more_before, fields):
        super().__init__(rows, number or 1, paginator)
        self.shown_number = number
        self.more_after = more_after
        self.more_before = more_before
        self.fields = fields

    def has_next(self):
        return self.more_after

    def has_previous(self):
        return self.more_before

    def next_page_number(self):
        return self.shown_number + 1 if self.shown_number else None

    def previous_page_number(self):
        return self.shown_number - 1 if self.shown_number and self.shown_number > 1 else None

    @cached_property
    def next_cursor(self):
        return encode(self.object_list[-1], self.fields) if self.object_list else None

    @cached_property
    def previous_cursor(self):
        """None when the previous page is the first one (its link is the list itself)."""
        if not self.object_list or self.shown_number == 2:
            return None
        return encode(self.object_list[0], self.fields)

    @property
    def num_pages(self):
        """The number of pages when the list's length is known exactly, else None."""
        return self.paginator.exact_pages

    @property
    def is_last(self):
        return not self.more_after

    def start_index(self):
        if self.shown_number is None:
            return 0
        return (self.shown_number - 1) * self.paginator.per_page + 1


class KeysetPaginator(CappedPaginator):
    """A CappedPaginator whose pages past the first are reached by cursor: its count (exact, or "more
    than" the cap) is for display; `exact_pages` is the number of pages when the count is exact."""

    @cached_property
    def exact_pages(self):
        if self.capped:
            return None
        return max(1, math.ceil(self.count / self.per_page))


def paginate_keyset(request, rows, *, count=None, param="page"):
    """The page of `rows` the request asks for, by cursor (`?after=…` / `?before=…`), by number for the
    first pages (`?page=N` as `paginate`), or the last page (`?page=last`). `rows` must be ordered by
    the model's own columns ending with the primary key (see `ordering_of`), with an index on them
    for the cursor to be cheap. Junk cursors give the first page; a cursor past the end gives the last."""
    fields = ordering_of(rows)
    size = settings.PAGE_SIZE
    paginator = KeysetPaginator(rows, size, known_count=count)
    asked = request.GET.get(param)
    number = parse_int(asked)
    after = decode(request.GET.get("after"), fields)
    before = None if after is not None else decode(request.GET.get("before"), fields)

    def _page(found, shown, *, more_after, more_before):
        return KeysetPage(found, shown, paginator, more_after=more_after, more_before=more_before, fields=fields)

    def _last():
        pages = paginator.exact_pages
        wanted = size if pages is None else paginator.count - (pages - 1) * size
        found = list(rows.order_by(*_reversed(fields))[: wanted + 1])
        more = len(found) > wanted
        found = found[:wanted][::-1]
        return _page(found, pages, more_after=False, more_before=more)

    def _by_number(wanted_number):
        offered = max(1, settings.LIST_COUNT_CAP // size)
        shown = min(wanted_number or 1, offered)
        found = list(rows[(shown - 1) * size : shown * size + 1])
        if not found and shown > 1:
            return _last()
        return _page(found[:size], shown, more_after=len(found) > size, more_before=shown > 1)

    if after is not None:
        found = list(rows.filter(_beyond(fields, after, forward=True))[: size + 1])
        if not found:
            return _last()
        shown = number if number and number > 1 else None
        return _page(found[:size], shown, more_after=len(found) > size, more_before=True)
    if before is not None:
        found = list(rows.filter(_beyond(fields, before, forward=False)).order_by(*_reversed(fields))[: size + 1])
        if len(found) <= size:  # at (or past) the start: the first page, always full
            return _by_number(1)
        shown = number if number and number >= 1 else None
        return _page(found[:size][::-1], shown, more_after=True, more_before=True)
    if asked == LAST:
        return _last()
    return _by_number(number)
