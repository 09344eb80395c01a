"""A report's tables written in Python: a district's annexes hold a row per grassroots union (600 and
more) and a cell per figure; through template tags and the `num` filter each cell costs some
100 µs, a whole annex over a second. Here a table is one pass of string building, escaped the same."""

from django import template
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from unionsite.templatetags.unionsite_tags import num

register = template.Library()


def _number(value, separator):
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", separator)
    return num(value)


def _cell(value, separator):
    if isinstance(value, int) and not isinstance(value, bool):  # digits and the separator: nothing to escape
        return f'<td class="text-end">{value:,}</td>'.replace(",", separator)
    if isinstance(value, str) or value is None:
        return f"<td>{escape(value or '')}</td>"
    return f'<td class="text-end">{escape(_number(value, separator))}</td>'


@register.simple_tag
def report_table(table, testid=""):
    """The table as the page shows it: caption, header, rows (the row's name as a
    row header), the total row; text left, figures right, numbers grouped the reader's way."""
    separator = get_format("THOUSAND_SEPARATOR")
    attrs = f' data-testid="{escape(testid)}"' if testid else ""
    out = [
        '<div class="table-responsive">',
        f'<table class="table table-sm table-bordered report-table"{attrs}>',
        f'<caption class="caption-top fw-semibold text-body">{escape(table.title)}</caption>',
        "<thead><tr>",
        *(f'<th scope="col">{escape(cell)}</th>' for cell in table.header),
        "</tr></thead><tbody>",
    ]
    header = table.row_header - 1
    for row in table.rows:
        out.append("<tr>")
        for i, cell in enumerate(row):
            if i == header:
                out.append(f'<th scope="row" class="fw-normal">{escape(cell)}</th>')
            else:
                out.append(_cell(cell, separator))
        out.append("</tr>")
    if not table.rows:
        nothing = escape(_("No rows."))  # outside the f-string: xgettext does not read calls inside one
        out.append(f'<tr><td colspan="{len(table.header)}" class="text-muted">{nothing}</td></tr>')
    if table.total:
        out.append('<tr class="fw-bold">')
        out.extend(_cell(cell, separator) for cell in table.total)
        out.append("</tr>")
    out.append("</tbody></table></div>")
    # Every value above went through escape().
    return mark_safe("".join(out))  # nosec B308 B703
