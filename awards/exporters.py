"""Exports: one class yields the rows once; the .xlsx formatter writes them."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _

# A spreadsheet program runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


def write_xlsx(title, header, rows):
    """Bytes of a one-sheet workbook. Text that looks like a formula is stored as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([str(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            cell.value = value
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell.data_type = "s"
                cell.quotePrefix = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class QueueExport:
    """The review queue as rows: what waits, where from, since when."""

    def __init__(self, nominations, *, now):
        self.nominations = nominations
        self.now = now

    def header(self):
        return [
            _("Nominee"),
            _("Union"),
            _("Title"),
            _("Level"),
            _("Campaign"),
            _("State"),
            _("Waiting since"),
            _("Days waiting"),
        ]

    def rows(self):
        for n in self.nominations:
            since = n.waiting_since
            yield [
                n.nominee_name,
                n.unit.name,
                n.title.name,
                str(n.get_level_display()),
                n.phase.campaign.title,
                str(n.get_state_display()),
                timezone.localtime(since).strftime("%d/%m/%Y %H:%M") if since else "",
                (self.now - since).days if since else 0,
            ]

    def to_xlsx(self):
        return write_xlsx(_("Review queue"), self.header(), self.rows())
