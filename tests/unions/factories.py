"""Factories for the unions tests (the shared ones live in tests/factories.py)."""

import io

from openpyxl import Workbook

from unions.columns import MEMBER_COLUMNS


def header_row(language="vi"):
    from django.utils import translation

    with translation.override(language):
        return [str(c.label) for c in MEMBER_COLUMNS]


def xlsx_bytes(rows, *, header=True, language="vi"):
    """A real .xlsx made by openpyxl: the header row of the template, then `rows`."""
    workbook = Workbook()
    sheet = workbook.active
    if header:
        sheet.append(header_row(language))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def member_row(name="Lê Thị Hoa", gender="Nữ", born="12/04/1990", card="", trade="May công nghiệp", joined=""):
    return [name, gender, born, trade, "Công nhân", "có", card, "0912345678", joined]
