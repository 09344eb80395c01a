"""Small things every app's views need: a permission check that answers 403, a page of rows, and
query parameters read so that junk is ignored (a number, a search text)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator


def require(user, perm, obj=None):
    """Raise PermissionDenied (→ 403) unless `user` has `perm` on `obj`."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def paginate(request, rows, *, param="page"):
    """The page of `rows` the request asks for (?page=N, settings.PAGE_SIZE rows); junk or a page out
    of range gives the first or the last page."""
    return Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get(param))


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
