import io

from openpyxl import load_workbook

from unionsite.spreadsheets import write_xlsx


def test_text_that_looks_like_a_formula_is_written_as_text():
    content = write_xlsx(
        [["Tên", "Số"], ["=1+2", 3], ["+84 912", 4], ["-5", 5], ["@SUM(A1)", 6], ["Hòa", 7]], sheet_title="Hàng đợi"
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Tên", "Số"],
        ["=1+2", 3],
        ["+84 912", 4],
        ["-5", 5],
        ["@SUM(A1)", 6],
        ["Hòa", 7],
    ]
    assert [sheet.cell(row=r, column=1).data_type for r in range(2, 7)] == ["s"] * 5
    assert sheet.title == "Hàng đợi"
