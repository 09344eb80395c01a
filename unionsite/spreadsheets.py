""".xlsx files in and out, the same for every app.

Reading (imports): `open_workbook_for_import` checks the upload (type, size, first bytes), then the
package before any parser runs (`check_xlsx_package`: the zip directory's sizes and packing, every XML
part scanned once by a streaming parser that refuses a DTD), reads the first sheet's header and
non-blank rows, counting every row under the header, blank ones too, toward the row limit, and raises
ImportProblem with messages for the person when the file cannot be used. openpyxl parses with
defusedxml (installed with the project), so XML entities are never expanded. Apps match headers with
`normalise_header` (case and diacritics ignored), read cells with `cell_text` / `parse_date_cell`, and
name problems with RowError; pages list them through `group_row_errors`, so that one problem on many
rows is one line.

Writing (exports): `write_row` / `write_xlsx` store text that a spreadsheet program would run as a
formula (= + - @ at the start) as a plain string cell with the quote prefix set.

openpyxl is imported inside the functions: it is heavy and most requests never need it.
"""

import datetime
import struct
import tempfile
import zipfile
from dataclasses import dataclass, field
from xml.parsers import expat

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
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

# The shape of an .xlsx package that no spreadsheet program writes (the sizes are settings).
MAX_PARTS = 1000  # files inside the zip
MAX_CELLS_PER_ROW = 16384  # Excel's last column is XFD
LARGE_PART = 1024 * 1024  # the packing ratio is judged on parts larger than this
# What a parser costs grows with the number of XML elements it meets, not with bytes ("<si/>" is five
# bytes): the worksheets (as far as they are read) and the shared strings may hold this many elements
# for each row an import may have. A row of ten filled columns is about thirty.
ELEMENTS_PER_ROW = 40
# Reading: the columns looked at (headings further right are not looked for) and how far down the
# header row may start (title lines and blank rows above it).
MAX_COLUMNS = 64
ROWS_ABOVE_HEADER = 10


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


def _unreadable():
    return ImportProblem([_("The file could not be read as an Excel workbook (.xlsx).")])


def _too_large():
    return ImportProblem(
        [
            _("The workbook is larger than %(size)s once unpacked; split it into smaller files.")
            % {"size": filesizeformat(settings.IMPORT_MAX_UNPACKED_BYTES)}
        ]
    )


def _packed_too_tightly():
    return ImportProblem(
        [_("The file is compressed in an unusual way and was not read. Save it again from Excel as .xlsx.")]
    )


def _zip_entry_count(upload):
    """The number of files the zip's end record announces (None when there is no end record), read from
    its last bytes before zipfile parses the directory: a directory of a million entries is itself a bomb."""
    size = upload.size
    tail_length = min(size, 22 + 0xFFFF)  # the end record, and its comment of at most 64 KiB
    upload.seek(size - tail_length)
    tail = upload.read(tail_length)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        return None
    return struct.unpack("<H", tail[at + 10 : at + 12])[0]


# The parts of a package that describe it rather than hold its data: openpyxl reads each of them
# whole, and no spreadsheet program makes them large. Every other part that is XML (worksheets, the
# shared strings, wherever the package puts them) is data, counted; the rest (pictures) is not parsed.
STRUCTURE_PARTS = {"[content_types].xml", "xl/workbook.xml", "xl/styles.xml"}
STRUCTURE_FOLDERS = ("docprops/", "xl/theme/")
XML_STARTS = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # UTF-8 and UTF-16 byte order marks


def _is_structure(name):
    name = name.lower()
    return name.endswith(".rels") or name in STRUCTURE_PARTS or name.startswith(STRUCTURE_FOLDERS)


def _check_directory(infos):
    """Refuse from the zip directory alone: encrypted or oddly compressed parts, parts or a whole larger
    than the settings allow once unpacked, large parts packed far tighter than spreadsheet XML. zipfile
    never unpacks more than a part's declared size (a part that lies fails its CRC check), so the
    declared sizes bound what any parser will see."""
    total = 0
    for info in infos:
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _unreadable()
        total += info.file_size
        limit = settings.IMPORT_MAX_OTHER_XML_BYTES if _is_structure(info.filename) else settings.IMPORT_MAX_PART_BYTES
        if info.file_size > limit:
            raise _too_large()
        if info.file_size > LARGE_PART and info.file_size > settings.IMPORT_MAX_PACKING_RATIO * max(
            info.compress_size, 1
        ):
            raise _packed_too_tightly()
    if total > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise _too_large()


class _StopScan(Exception):
    pass


class _XmlScan:
    """One streaming pass (expat, constant memory) over an XML part before any other parser reads it.

    Every part: no DTD, so that no entity can be declared, let alone expanded (billion laughs); a DTD
    can only stand before the root element, so the structure parts are read no further than that.
    Data parts (worksheets, the shared strings): at most MAX_CELLS_PER_ROW cells in a row, and their
    elements count toward `budget` (shared by the whole package), which is what bounds the time
    openpyxl takes. A worksheet is read as far as an import reads it: `rows` rows when it declares its
    dimension (openpyxl then reads no further), to its end when it does not (openpyxl then reads all
    of it to find its size), so a worksheet without a dimension and with more rows than an import
    takes is refused here."""

    def __init__(self, *, data, budget, rows):
        self.data, self.budget, self.rows = data, budget, rows
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartDoctypeDeclHandler = self.refuse
        self.parser.EntityDeclHandler = self.refuse
        self.parser.StartElementHandler = self.start
        self.dimension = False
        self.row_count = 0
        self.cells = 0

    def refuse(self, *args):
        raise _unreadable()

    def start(self, name, attrs):
        if not self.data:
            raise _StopScan
        self.budget.spend()
        local = name.rpartition(":")[2]
        if local == "c":
            self.cells += 1
            if self.cells > MAX_CELLS_PER_ROW:
                raise _unreadable()
        elif local == "row":
            self.row_count += 1
            self.cells = 0
            if self.row_count > self.rows:
                if self.dimension:
                    raise _StopScan
                # openpyxl would read every row of it to find its size; an import never takes them.
                raise _too_many_rows(self.budget.max_rows, blank=True)
        elif local == "dimension":
            self.dimension = True

    def feed(self, first, part):
        try:
            chunk = first
            while chunk:
                self.parser.Parse(chunk, False)
                chunk = part.read(64 * 1024)
            self.parser.Parse(b"", True)
        except _StopScan:
            pass


class _Budget:
    def __init__(self, elements, max_rows):
        self.left, self.max_rows = elements, max_rows

    def spend(self):
        self.left -= 1
        if self.left < 0:
            raise ImportProblem(
                [
                    _(
                        "The workbook holds more than an import of %(n)d rows can take (other sheets or "
                        "formatted empty cells count too); keep only the rows to import, or split it "
                        "into smaller files."
                    )
                    % {"n": self.max_rows}
                ]
            )


def check_xlsx_package(upload, *, max_rows):
    """Raise ImportProblem unless the .xlsx `upload` is a package a spreadsheet program could have
    written, before any parser reads it: at most MAX_PARTS files, sizes within the settings
    (IMPORT_MAX_UNPACKED_BYTES, IMPORT_MAX_PART_BYTES, IMPORT_MAX_OTHER_XML_BYTES,
    IMPORT_MAX_PACKING_RATIO), and XML parts that are well formed, hold no DTD and, where they grow
    with the data, no more elements than an import of `max_rows` rows needs (see _XmlScan). Reads no
    part beyond its declared size. Returns the number of rows of its longest worksheet (counted up to
    a little past `max_rows`): what decides whether an import runs in a worker."""
    count = _zip_entry_count(upload)
    if count is None or count > MAX_PARTS:
        raise _unreadable()
    rows_read = max_rows + ROWS_ABOVE_HEADER + 1
    budget = _Budget(rows_read * ELEMENTS_PER_ROW, max_rows)
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_PARTS:
                raise _unreadable()
            _check_directory(infos)
            rows = 0
            for info in infos:
                with archive.open(info) as part:
                    first = part.read(64 * 1024)
                    structure = _is_structure(info.filename)
                    if structure or first.lstrip().startswith(XML_STARTS):
                        scan = _XmlScan(data=not structure, budget=budget, rows=rows_read)
                        scan.feed(first, part)
                        rows = max(rows, scan.row_count)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, expat.ExpatError, NotImplementedError, OSError, ValueError):
        raise _unreadable() from None
    finally:
        upload.seek(0)
    return rows


def _too_many_rows(max_rows, blank):
    if blank:
        message = _(
            "The file has more than %(n)d rows (empty rows count too); delete the empty rows under the data "
            "or split it into smaller files."
        )
    else:
        message = _("The file has more than %(n)d rows; split it into smaller files.")
    return ImportProblem([message % {"n": max_rows}])


def open_workbook_for_import(upload, *, max_rows):
    """The header and rows of the first sheet of the uploaded .xlsx `upload` (a Sheet): the first
    non-blank row (within the first ROWS_ABOVE_HEADER + 1) is the header, the non-blank rows under it
    the data, in the first MAX_COLUMNS columns. Raises ImportProblem when the file is not an .xlsx
    within settings.UPLOAD_MAX_BYTES, fails check_xlsx_package, cannot be read, is empty, or has more
    than `max_rows` rows under the header, blank ones included (counted while streaming, so that a
    million blank rows cost no more than `max_rows`)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        validate_upload(upload, {"xlsx"})
    except ValidationError as invalid:
        raise ImportProblem(list(invalid.messages)) from None
    check_xlsx_package(upload, max_rows=max_rows)
    header, header_number, rows, blank = None, None, [], 0
    try:
        upload.seek(0)
        workbook = load_workbook(upload, read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            if not hasattr(sheet, "iter_rows"):  # a chart sheet
                raise _unreadable()
            for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                values = list(values)
                while values and values[-1] is None:  # read to MAX_COLUMNS; kept to the last value
                    values.pop()
                empty = all(cell_text(v) == "" for v in values)
                if header is None:
                    if not empty:
                        header, header_number = values, number
                    elif number > ROWS_ABOVE_HEADER:
                        raise ImportProblem(
                            [
                                _("The first %(n)d rows are empty: the column headings must be in the first row.")
                                % {"n": number}
                            ]
                        )
                    continue
                if number - header_number > max_rows:
                    raise _too_many_rows(max_rows, blank)
                if empty:
                    blank += 1
                    continue
                rows.append((number, values))
        finally:
            workbook.close()
    except ImportProblem:
        raise
    # SyntaxError: ElementTree's and lxml's ParseError; ValueError: defusedxml's refusals among others.
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        OSError,
        IndexError,
        TypeError,
        SyntaxError,
    ):
        raise _unreadable() from None
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


def write_xlsx_file(rows, *, sheet_title, widths=None, notes=None, formats=None, extra_sheets=()):
    """An open temporary file holding the .xlsx of `rows` (the first is the header, in bold), at its
    start, deleted once closed: written row by row (write-only) and kept on disk, so that neither
    the cells nor the file of a long list sit in the web process's memory (a FileResponse sends it
    in chunks and closes it). `formats` as for write_row (header excepted); `notes` lines go to a
    second sheet of instructions; `extra_sheets` [(title, rows, widths)] follow it (e.g. the
    choices an import template's columns take)."""
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
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (closed by the caller or the response)
    workbook.save(handle)
    handle.seek(0)
    return handle


def write_xlsx(rows, **options):
    """The .xlsx of `rows` as bytes (small files: templates, a union's list); see write_xlsx_file."""
    with write_xlsx_file(rows, **options) as handle:
        return handle.read()
