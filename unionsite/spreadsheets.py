""".xlsx files in and out, the same for every app.

Reading (imports): `open_workbook_for_import` checks the upload (type, size, first bytes), reads the
first sheet's header and non-blank rows up to a row limit, and raises ImportProblem with messages for
the person when the file cannot be used. Apps match headers with `normalise_header` (case and
diacritics ignored), read cells with `cell_text` / `parse_date_cell`, and name problems with RowError;
pages list them through `group_row_errors`, so that one problem on many rows is one line.

Writing (exports): `write_row` / `write_xlsx` store text that a spreadsheet program would run as a
formula (= + - @ at the start) as a plain string cell with the quote prefix set.

openpyxl is imported inside the functions: it is heavy and most requests never need it.
"""

import datetime
import io
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from unionsite.dates import INPUT_FORMATS
from unionsite.text import fold
from unionsite.uploads import validate_upload

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet program runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel's serial day numbers of 1900-01-01 .. 9999-12-31: a date cell that was formatted as a number.
EXCEL_SERIAL_DAYS = (1, 2958466)
DATE_PATTERNS = INPUT_FORMATS  # what a date field accepts (unionsite/dates.py)


@dataclass
class RowError:
    """A problem in an imported file: row and column as the person sees them in the spreadsheet
    (both None for the file as a whole)."""

    row: int | None
    column: str | None
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        if self.column is None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


def row_ranges(numbers):
    """Row numbers as a person reads them: [2, 3, 4, 7, 9, 10] → "2–4, 7, 9–10"."""
    numbers = sorted(set(numbers))
    runs = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


@dataclass
class RowErrorGroup:
    """One problem (the same column and message) found on several rows, named once."""

    rows: list
    column: str | None
    message: str

    @property
    def row(self):
        return row_ranges(self.rows)

    def __str__(self):
        if len(self.rows) <= 1:
            return str(RowError(self.rows[0] if self.rows else None, self.column, self.message))
        if self.column is None:
            return _("Rows %(rows)s: %(message)s") % {"rows": self.row, "message": self.message}
        return _("Rows %(rows)s, column “%(column)s”: %(message)s") % {
            "rows": self.row,
            "column": self.column,
            "message": self.message,
        }


def group_row_errors(errors):
    """[RowErrorGroup] for `errors` (RowError): identical problems on many rows become one line
    ("Rows 2–51: …"; a file where every row fails the same way is not fifty identical lines), in
    the order of their first row; problems of the file as a whole first."""
    groups = {}
    for error in errors:
        rows = groups.setdefault((error.row is None, error.column, str(error.message)), [])
        if error.row is not None:
            rows.append(error.row)
    ordered = sorted(groups.items(), key=lambda item: (not item[0][0], min(item[1], default=0)))
    return [RowErrorGroup(rows, column, message) for (_file, column, message), rows in ordered]


@dataclass
class ImportProblem(Exception):
    """The file as a whole cannot be used (type, size, unreadable, headings, too many rows)."""

    messages: list = field(default_factory=list)


@dataclass
class Sheet:
    """The first sheet of an imported workbook: the header row's values and the non-blank rows below
    it as (row number in the spreadsheet, [values])."""

    header: list
    rows: list


def cell_text(value):
    """A cell as text: '' for empty, 12 (not 12.0) for a whole number, white space collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def normalise_header(value):
    """A header cell as compared: 'Họ và TÊN ' and 'ho va ten' are the same."""
    return fold(cell_text(value))


def column_positions(header, names):
    """{key: index of its column} for the header cells found in `names` ({normalised heading: key});
    the first column with a heading wins."""
    positions = {}
    for index, value in enumerate(header):
        key = names.get(normalise_header(value))
        if key and key not in positions:
            positions[key] = index
    return positions


def parse_date_cell(value):
    """A date from a date cell, an Excel serial number or text (dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy,
    yyyy-mm-dd); None for an empty cell; ValueError(the text) when it is not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if EXCEL_SERIAL_DAYS[0] <= value < EXCEL_SERIAL_DAYS[1]:
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()
        raise ValueError(cell_text(value))
    text = cell_text(value)
    for pattern in DATE_PATTERNS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def open_workbook_for_import(upload, *, max_rows):
    """The header and rows of the first sheet of the uploaded .xlsx `upload` (a Sheet), reading at
    most `max_rows` rows under the header. Raises ImportProblem when the file is not an .xlsx within
    settings.UPLOAD_MAX_BYTES, cannot be read, is empty or has more than `max_rows` rows."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        validate_upload(upload, {"xlsx"})
    except ValidationError as invalid:
        raise ImportProblem(list(invalid.messages)) from None
    unreadable = ImportProblem([_("The file could not be read as an Excel workbook (.xlsx).")])
    header, rows = None, []
    try:
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
        try:
            for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
                if all(cell_text(v) == "" for v in values):
                    continue
                if header is None:
                    header = list(values)
                    continue
                if len(rows) == max_rows:
                    raise ImportProblem(
                        [_("The file has more than %(n)d rows; split it into smaller files.") % {"n": max_rows}]
                    )
                rows.append((number, list(values)))
        finally:
            workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, IndexError, TypeError):
        raise unreadable from None
    if header is None:
        raise ImportProblem([_("The file is empty.")])
    return Sheet(header=header, rows=rows)


def safe_cell(cell, value):
    """Set a cell so that nothing typed by a person can run as a formula."""
    if isinstance(value, Promise):
        value = str(value)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def write_row(sheet, values, *, font=None, formats=None):
    """Append `values` to `sheet` (an ordinary or a write-only worksheet) as safe cells; `formats`
    ({column index: number format}, e.g. {7: "#,##0"}) shows numbers and dates that way."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for index, value in enumerate(values):
        cell = safe_cell(WriteOnlyCell(sheet), value)
        if font is not None:
            cell.font = font
        if formats and index in formats and value is not None:
            cell.number_format = formats[index]
        cells.append(cell)
    sheet.append(cells)


def write_xlsx(rows, *, sheet_title, widths=None, notes=None, formats=None, extra_sheets=()):
    """.xlsx bytes of `rows` (the first is the header, in bold), streamed (write-only) so that a long
    list does not hold every cell in memory; `formats` as for write_row (header excepted); `notes`
    lines go to a second sheet of instructions; `extra_sheets` [(title, rows, widths)] follow it
    (e.g. the choices an import template's columns take)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(sheet_title)[:31])
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        if number == 1:
            write_row(sheet, row, font=bold)
        else:
            write_row(sheet, row, formats=formats)
    if notes:
        help_sheet = workbook.create_sheet(_("Instructions")[:31])
        help_sheet.column_dimensions["A"].width = 100
        for line in notes:
            write_row(help_sheet, [line])
    for title, extra_rows, extra_widths in extra_sheets:
        extra = workbook.create_sheet(str(title)[:31])
        for index, width in enumerate(extra_widths or [], start=1):
            extra.column_dimensions[get_column_letter(index)].width = width
        for number, row in enumerate(extra_rows, start=1):
            write_row(extra, row, font=bold if number == 1 else None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
