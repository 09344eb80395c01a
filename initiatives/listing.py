"""The register of initiatives as a list: its filters and the totals of what is listed (shared by the
list page, its .xlsx export and anything else that shows a filtered register)."""

from django.db.models import Count, Prefetch, Sum

from initiatives.enums import Level
from initiatives.models import Author, Recognition
from unionsite.text import fold


def filter_initiatives(
    rows,
    *,
    q="",
    unit=None,
    level="",
    year_from=None,
    year_to=None,
    field=None,
    state="",
    value_min=None,
    value_max=None,
    programme=None,
):
    """`rows` narrowed by the list's filters; a filter left empty (None or "") keeps every row.
    `q`: every word of it in the folded title (diacritics and case ignored); `unit`: its subtree;
    the years and the value (money saved or earned per year, in đồng) are inclusive bounds."""
    for word in fold(q).split():
        rows = rows.filter(title_search__contains=word)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if level:
        rows = rows.filter(level=level)
    if year_from is not None:
        rows = rows.filter(year__gte=year_from)
    if year_to is not None:
        rows = rows.filter(year__lte=year_to)
    if field is not None:
        rows = rows.filter(field=field)
    if state:
        rows = rows.filter(state=state)
    if value_min is not None:
        rows = rows.filter(value_per_year__gte=value_min)
    if value_max is not None:
        rows = rows.filter(value_per_year__lte=value_max)
    if programme is not None:
        rows = rows.filter(programmes=programme)
    return rows


def with_list_details(rows):
    """What a row of the list shows, read in a fixed number of queries whatever the number of rows."""
    authors = Author.objects.select_related("member").order_by("order", "pk")
    return rows.select_related("unit", "field").prefetch_related(Prefetch("authors", queryset=authors))


def list_totals(rows):
    """The totals panel of a filtered list, in two grouped queries: how many initiatives are listed and
    the money they save or earn per year; and, per level, how many of them hold an active recognition
    at that level and their value. {"count", "value", "levels": [(level, label, count, value)]}."""
    # COUNT(*), not COUNT(id): the (unit) INCLUDE (value_per_year) index then answers it alone.
    listed = rows.order_by().aggregate(count=Count("*"), value=Sum("value_per_year"))
    recognised = (
        Recognition.objects.filter(revoked_at__isnull=True, initiative__in=rows.order_by().values("pk"))
        .values("level")
        .annotate(count=Count("pk"), value=Sum("initiative__value_per_year"))
        .order_by()
    )
    found = {row["level"]: (row["count"], row["value"] or 0) for row in recognised}
    return {
        "count": listed["count"],
        "value": listed["value"] or 0,
        "levels": [(level, label, *found.get(level, (0, 0))) for level, label in Level.choices],
    }
