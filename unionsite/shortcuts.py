"""Small things every app's views need: a permission check that answers 403, a page of rows, and
query parameters read so that junk is ignored (a number, a search text)."""

import math

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.utils.functional import cached_property


def require(user, perm, obj=None):
    """Raise PermissionDenied (→ 403) unless `user` has `perm` on `obj`."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows (settings.LIST_COUNT_CAP): the count is
    SELECT COUNT(*) over the first cap + 1 rows, so a city-wide list of a million members costs a
    bounded scan, not an exact COUNT(*) of every row. Past the cap, `capped` is true, `count` is the
    cap (the page says "more than …") and the pages beyond it are not offered."""

    def __init__(self, object_list, per_page, *, cap=None, known_count=None, total=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = settings.LIST_COUNT_CAP if cap is None else cap
        self.known_count = known_count  # exact, from kept counts: nothing is counted
        self.total = total  # exact, already counted by the caller: shown as a count would be (capped)

    @cached_property
    def _bounded_count(self):
        if self.total is not None:
            return min(self.total, self.cap + 1)
        rows = self.object_list
        if hasattr(rows, "query"):  # a queryset: count inside a LIMIT, in no particular order
            return rows.order_by()[: self.cap + 1].count()
        return len(rows)

    @cached_property
    def count(self):
        if self.known_count is not None:
            return self.known_count
        return min(self._bounded_count, self.cap)

    @property
    def capped(self):
        """The rows were counted up to the cap and there are more."""
        return self.known_count is None and self._bounded_count > self.cap

    @property
    def truncated(self):
        """Pages stop before the last row: they are offered up to the cap only (an OFFSET past it
        would walk that many rows of an index; people narrow the filters instead)."""
        return self.count > self.cap or self.capped

    @cached_property
    def num_pages(self):
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        reachable = max(1, min(self.count, self.cap) - self.orphans)
        return math.ceil(reachable / self.per_page)


def paginate(request, rows, *, param="page", count=None, total=None):
    """The page of `rows` the request asks for (?page=N, settings.PAGE_SIZE rows); junk or a page out
    of range gives the first or the last page. Counts stop at settings.LIST_COUNT_CAP, unless the
    caller knows the exact `count` (from kept counts). `total`: the number of rows, which the caller
    has already counted (e.g. for a totals panel): nothing is counted again, and the page shows it as
    it would a count of its own ("more than …" past the cap)."""
    paginator = CappedPaginator(rows, settings.PAGE_SIZE, known_count=count, total=total)
    return paginator.get_page(request.GET.get(param))


def paginate_searched(request, rows, *, param="page"):
    """The page of a searched list in one query: its rows carry `COUNT(*) OVER ()`, the number of rows
    the search found, so the search (an index scan of its words) runs once, not once to count and once
    for the page. A page past the found rows falls back to `paginate` (the last page)."""
    size = settings.PAGE_SIZE
    last_offered = max(1, settings.LIST_COUNT_CAP // size)
    number = min(parse_int(request.GET.get(param)) or 1, last_offered)
    found = list(rows.annotate(found_rows=Window(Count("pk")))[(number - 1) * size : number * size])
    if not found and number > 1:
        return paginate(request, rows, param=param)
    paginator = CappedPaginator(rows, size, known_count=found[0].found_rows if found else 0)
    return Page(found, number, paginator)


# The largest id a database row can have (a signed 64-bit integer).
MAX_ID = 2**63 - 1


def parse_int(value, *, low=1, high=MAX_ID):
    """`value` (a query parameter, e.g. request.GET.get("year")) as an int within [low, high], or None
    for anything else: absent, empty, not plain ASCII digits ("abc", "-1", "²"), or out of range, which
    would overflow a date or a database integer. Views ignore a filter that parses to None."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) > len(str(high)):
        return None
    number = int(value)
    return number if low <= number <= high else None


def parse_id(value):
    """`value` (a query parameter, a posted field, a cell of a grid) as the id of a database row, or None:
    the one way every view and import reads an id that a person could have crafted. Ids are plain ASCII
    digits from 1 to MAX_ID (a signed 64-bit integer): "²", "٣", "-1", "1.0", " 1" and a 25-digit number
    (which SQLite cannot even compare) are None, never a 500."""
    return parse_int(value, low=1, high=MAX_ID)


def parse_text(value):
    """`value` (a search box, e.g. request.GET.get("q")) stripped, or "" when absent or junk: a NUL
    byte, which PostgreSQL refuses in a string (forms refuse it too)."""
    if not isinstance(value, str) or "\x00" in value:
        return ""
    return value.strip()
