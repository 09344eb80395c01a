"""Reading .xlsx files for imports and writing them for exports, with real workbooks made by openpyxl."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook, load_workbook

from unionsite.spreadsheets import (
    ImportProblem,
    RowError,
    cell_text,
    column_positions,
    group_row_errors,
    normalise_header,
    open_workbook_for_import,
    parse_date_cell,
    row_ranges,
    write_row,
    write_xlsx,
)


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def xlsx_upload(rows, name="nhap.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def problem(upload, max_rows=100):
    with pytest.raises(ImportProblem) as raised:
        open_workbook_for_import(upload, max_rows=max_rows)
    return raised.value.messages


def test_reads_the_header_and_the_non_blank_rows_with_their_spreadsheet_numbers():
    upload = xlsx_upload(
        [
            [None, None],
            ["Họ và tên", "Ngày sinh"],
            ["Lê Thị Hoa", datetime.datetime(1990, 4, 12)],
            [None, "  "],
            ["Phạm Văn Nam", "01/02/1985"],
        ]
    )
    sheet = open_workbook_for_import(upload, max_rows=3)  # rows 3-5 under the header, the blank one too
    assert sheet.header == ["Họ và tên", "Ngày sinh"]
    assert sheet.rows == [
        (3, ["Lê Thị Hoa", datetime.datetime(1990, 4, 12)]),
        (5, ["Phạm Văn Nam", "01/02/1985"]),
    ]


def test_more_rows_than_the_limit_is_a_problem():
    upload = xlsx_upload([["Họ và tên"], ["A"], ["B"], ["C"]])
    assert problem(upload, max_rows=2) == ["Tệp có hơn 2 dòng; hãy chia thành các tệp nhỏ hơn."]


def test_fake_xlsx_that_is_really_text_is_a_problem():
    upload = SimpleUploadedFile("nhap.xlsx", "Họ và tên;Ngày sinh\n".encode())
    assert problem(upload) == ["Nội dung tệp không phải là tệp xlsx."]


def test_zip_that_is_not_a_workbook_is_a_problem():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert problem(SimpleUploadedFile("nhap.xlsx", buffer.getvalue())) == [
        "Không đọc được tệp như một bảng tính Excel (.xlsx)."
    ]


def test_other_type_and_oversized_file_are_problems(settings):
    assert problem(SimpleUploadedFile("nhap.csv", b"a;b\n")) == ["Chỉ nhận tệp Excel (.xlsx)."]
    settings.UPLOAD_MAX_BYTES = 1024
    assert problem(xlsx_upload([["Họ và tên"]])) == ["Tệp lớn hơn 1,0\xa0KB."]


def test_empty_workbook_is_a_problem():
    assert problem(xlsx_upload([])) == ["Tệp không có dữ liệu."]


def test_headers_match_ignoring_case_diacritics_and_spaces():
    assert normalise_header("  Họ và   TÊN ") == "ho va ten"
    assert normalise_header("Đơn vị") == "don vi"
    names = {"ho va ten": "full_name", "ngay sinh": "birth_date"}
    assert column_positions(["STT", "HỌ VÀ TÊN", "ngay sinh", "Họ và tên"], names) == {"full_name": 1, "birth_date": 2}


def test_cell_text():
    assert [cell_text(v) for v in (None, 12.0, 12.5, 912345678, "  Lê   Thị\nHoa ")] == [
        "",
        "12",
        "12.5",
        "912345678",
        "Lê Thị Hoa",
    ]


def test_parse_date_cell_reads_date_cells_text_and_excel_serial_numbers():
    assert parse_date_cell(datetime.datetime(1990, 4, 12, 0, 0)) == datetime.date(1990, 4, 12)
    assert parse_date_cell(datetime.date(1990, 4, 12)) == datetime.date(1990, 4, 12)
    assert [parse_date_cell(t) for t in ("12/04/1990", "2/4/1990", "12-04-1990", "12.04.1990", "1990-04-12")] == [
        datetime.date(1990, 4, 12),
        datetime.date(1990, 4, 2),
        datetime.date(1990, 4, 12),
        datetime.date(1990, 4, 12),
        datetime.date(1990, 4, 12),
    ]
    assert parse_date_cell(32975) == datetime.date(1990, 4, 12)  # a date cell formatted as a number
    assert parse_date_cell(32975.0) == datetime.date(1990, 4, 12)
    assert parse_date_cell(None) is None
    assert parse_date_cell("  ") is None


@pytest.mark.parametrize("value", ["31/02/1990", "hôm qua", "04/12/90", 0, -3, True])
def test_parse_date_cell_refuses_what_is_not_a_date(value):
    # The error carries what was written, to quote it back to the person.
    with pytest.raises(ValueError, match=f"^{re.escape(cell_text(value))}$") as raised:
        parse_date_cell(value)
    assert raised.value.args == (cell_text(value),)


def test_excel_serial_date_read_back_from_a_real_number_cell():
    upload = xlsx_upload([["Ngày sinh"], [32975]])
    sheet = open_workbook_for_import(upload, max_rows=10)
    assert parse_date_cell(sheet.rows[0][1][0]) == datetime.date(1990, 4, 12)


def test_row_error_names_row_and_column():
    assert [
        str(e)
        for e in (
            RowError(3, "Ngày sinh", "“31/02/1990” không phải ngày tháng."),
            RowError(4, None, "trùng."),
            RowError(None, None, "Tệp không có dữ liệu."),
        )
    ] == [
        "Dòng 3, cột “Ngày sinh”: “31/02/1990” không phải ngày tháng.",
        "Dòng 4: trùng.",
        "Tệp không có dữ liệu.",
    ]


FORMULAS = ["=1+2", '=HYPERLINK("http://x")', "+84 912", "-5", "@SUM(A1)", "\t=1", "\r=1"]


def test_write_xlsx_keeps_formula_like_text_as_text():
    content = write_xlsx(
        [[translation.gettext_lazy("Note"), "Số"], *[[value, n] for n, value in enumerate(FORMULAS)], ["Hòa", 7]],
        sheet_title="Danh sách",
        widths=[30, 8],
        notes=["=không phải công thức"],
    )
    workbook = load_workbook(io.BytesIO(content))
    assert workbook.sheetnames == ["Danh sách", "Hướng dẫn"]
    sheet = workbook["Danh sách"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]] == ["Ghi chú", "Số"]  # a lazy translation is written as text
    assert sheet["A1"].font.b is True
    cells = [sheet.cell(row=r, column=1) for r in range(2, 2 + len(FORMULAS))]
    assert [(c.value, c.data_type, c.quotePrefix) for c in cells] == [(v, "s", True) for v in FORMULAS]
    assert (sheet["A9"].value, sheet["A9"].quotePrefix, sheet["B9"].value, sheet["B9"].data_type) == (
        "Hòa",
        False,
        7,
        "n",
    )
    note = workbook["Hướng dẫn"]["A1"]
    assert (note.value, note.data_type) == ("=không phải công thức", "s")


def test_write_row_on_an_ordinary_sheet():
    workbook = Workbook()
    write_row(workbook.active, ["=SUM(A1:A3)", 3, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    cell = load_workbook(buffer).active["A1"]
    assert (cell.value, cell.data_type) == ("=SUM(A1:A3)", "s")


@pytest.mark.parametrize(
    ("numbers", "text"),
    [([2], "2"), ([2, 3], "2–3"), ([5, 2, 3, 4, 7, 9, 10], "2–5, 7, 9–10"), (list(range(2, 52)), "2–51")],
)
def test_row_ranges_read_as_a_person_writes_them(numbers, text):
    assert row_ranges(numbers) == text


def test_identical_problems_on_many_rows_are_listed_once():
    title = "Danh hiệu đăng ký"
    errors = [RowError(None, None, "Tệp có 2 trang tính: chỉ đọc trang đầu.")]
    errors += [RowError(row, title, "Không có danh hiệu “Lao động tiên tiến”.") for row in range(2, 52)]
    errors += [RowError(7, "Ngày sinh", "“31/02/1990” không phải là ngày (dd/mm/yyyy).")]
    with translation.override("vi"):
        lines = [str(group) for group in group_row_errors(errors)]
    assert lines == [
        "Tệp có 2 trang tính: chỉ đọc trang đầu.",
        "Dòng 2–51, cột “Danh hiệu đăng ký”: Không có danh hiệu “Lao động tiên tiến”.",
        "Dòng 7, cột “Ngày sinh”: “31/02/1990” không phải là ngày (dd/mm/yyyy).",
    ]
    with translation.override("en"):
        assert str(group_row_errors([RowError(3, None, "x"), RowError(4, None, "x")])[0]) == "Rows 3–4: x"
