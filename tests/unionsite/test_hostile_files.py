"""Hostile files posted to the three imports (members, title registrations, initiatives): each is
refused with a Vietnamese message, quickly, without the process growing, and nothing is saved
(issue 13).

The bombs are made here with zlib and a zip written by hand: a run of identical bytes compressed once
with a full flush compresses to the same bytes every time, so a gigabyte of XML costs a kilobyte to
repeat. The CRCs of the gigabyte parts are not computed (zipfile checks a CRC only at the end of a part, long
after a parser would have swallowed the gigabytes), so making one takes milliseconds.
"""

import io
import resource
import struct
import time
import tracemalloc
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from campaigns.models import TitleRegistration
from initiatives.models import Initiative
from tests.campaigns.factories_registrations import UnitRegistrationFactory, open_campaign
from tests.unions.factories import header_row, member_row, xlsx_bytes
from unions.models import Member
from unionsite.models import ChangeRecord

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
# The bounds of a refusal. Generous so that a busy machine does not flake: a refusal takes milliseconds,
# and what a bomb costs when it is not refused is gigabytes and minutes.
SECONDS = 2.0
GROWTH = 100 * MB

UNREADABLE = "Không đọc được tệp như một bảng tính Excel (.xlsx)."
TOO_LARGE = "Bảng tính lớn hơn 20,0\xa0MB khi giải nén; hãy chia thành các tệp nhỏ hơn."
PACKED = "Tệp được nén theo cách bất thường nên không được đọc. Hãy lưu lại từ Excel dưới dạng .xlsx."
TOO_MANY_ROWS = "Tệp có hơn 5000 dòng; hãy chia thành các tệp nhỏ hơn."
TOO_MUCH = (
    "Bảng tính chứa nhiều hơn mức một lần nhập 5000 dòng cho phép (các trang tính khác và các ô trống đã "
    "định dạng cũng được tính); hãy chỉ giữ lại các dòng cần nhập, hoặc chia thành các tệp nhỏ hơn."
)
TOO_MANY_BLANK_ROWS = (
    "Tệp có hơn 5000 dòng (dòng trống cũng được tính); "
    "hãy xoá các dòng trống dưới dữ liệu hoặc chia thành các tệp nhỏ hơn."
)

# -- a zip written by hand ------------------------------------------------------------------------------

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {R_NS}>'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
EMPTY_STRINGS = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}></sst>'


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet(rows_xml, last_row=2):
    """A worksheet of two columns and `last_row` rows. Its dimension (which every spreadsheet program
    writes, and openpyxl reads instead of the whole sheet to learn its size, reading no row past it) is
    left out when `last_row` is None."""
    start = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>'
    if last_row:
        start += f'<dimension ref="A1:B{last_row}"/>'
    return f"{start}<sheetData>{rows_xml}</sheetData></worksheet>"


HEADER_ROW = '<row r="1">' + "".join(inline(f"{chr(65 + i)}1", h) for i, h in enumerate(["Họ và tên", "Ngày sinh"]))
HEADER_ROW += "</row>"


class Part:
    """A part of the package: its compressed bytes and the size it declares once unpacked."""

    def __init__(self, data, *, size=None, crc=None):
        if size is None:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            self.data, self.size, self.crc = compressor.compress(data) + compressor.flush(), len(data), zlib.crc32(data)
        else:
            self.data, self.size, self.crc = data, size, crc or 0

    @classmethod
    def repeated(cls, head, unit, times, tail):
        """`head` + `unit` * `times` + `tail`, deflated without ever holding the whole in memory."""
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
        block = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
        again = compressor.compress(unit) + compressor.flush(zlib.Z_FULL_FLUSH)
        assert again == block  # after a full flush the same input gives the same output
        end = compressor.compress(tail) + compressor.flush()
        size = len(head) + len(unit) * times + len(tail)
        crc = None
        if size <= 100 * MB:  # a gigabyte's CRC would cost a second; see the module's docstring
            crc = zlib.crc32(head)
            for _ in range(times):
                crc = zlib.crc32(unit, crc)
            crc = zlib.crc32(tail, crc)
        return cls(start + block * times + end, size=size, crc=crc)


def package(
    sheet_part,
    *,
    strings=None,
    workbook=WORKBOOK,
    extra=None,
    sheet_path="worksheets/sheet1.xml",
    strings_path="sharedStrings.xml",
):
    """An .xlsx package written by hand: the parts openpyxl reads, with `sheet_part` as the first sheet
    and `strings` as the shared strings, at the paths under xl/ that the manifest and the workbook's
    relationships name."""
    types = CONTENT_TYPES.replace("/xl/worksheets/sheet1.xml", f"/xl/{sheet_path}")
    parts = {
        "[Content_Types].xml": types.replace("/xl/sharedStrings.xml", f"/xl/{strings_path}"),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS.replace("worksheets/sheet1.xml", sheet_path).replace(
            "sharedStrings.xml", strings_path
        ),
        f"xl/{sheet_path}": sheet_part,
        f"xl/{strings_path}": strings if strings is not None else EMPTY_STRINGS,
        **(extra or {}),
    }
    out, directory = io.BytesIO(), []
    for name, part in parts.items():
        if not isinstance(part, Part):
            part = Part(part.encode() if isinstance(part, str) else part)
        offset = out.tell()
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0x21, part.crc, len(part.data), part.size, len(encoded), 0)
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + encoded + part.data)
        fields = (20, 20, 0, 8, 0, 0x21, part.crc, len(part.data), part.size, len(encoded), 0, 0, 0, 0, 0, offset)
        directory.append(b"PK\x01\x02" + struct.pack("<HHHHHHIIIHHHHHII", *fields) + encoded)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(parts), len(parts), out.tell() - start, start, 0))
    return out.getvalue()


# -- the bombs --------------------------------------------------------------------------------------------


def one_cell_of_a_gigabyte():
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{HEADER_ROW}<row r="2">'
    head += '<c r="A2" t="inlineStr"><is><t>'
    return package(Part.repeated(head.encode(), b"a" * MB, 1024, b"</t></is></c></row></sheetData></worksheet>"))


def huge_shared_strings():
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>'.encode()
    return package(sheet(HEADER_ROW), strings=Part.repeated(head, b"<si><t>a</t></si>" * 60000, 1000, b"</sst>"))


def millions_of_blank_rows():
    """Five million empty rows: 30 MB of XML in a few kB."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{HEADER_ROW}'.encode()
    return package(Part.repeated(head, b"<row/>" * 100_000, 50, b"</sheetData></worksheet>"))


def blank_rows_within_the_size_limits(dimension=True):
    """Under every size limit (400 kB of XML): only counting the blank rows refuses it."""
    return package(sheet(HEADER_ROW + "<row/>" * 70_000, 70_001 if dimension else None))


def one_blank_row_far_down():
    """One empty row numbered 1,048,576: openpyxl fills the gap with a million empty rows."""
    return package(sheet(HEADER_ROW + '<row r="1048576"/>', 1_048_576))


def billion_laughs(where):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    doctype = f'<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE lolz [{entities}]>'
    if where == "sheet":
        body = doctype + f"<worksheet {NS}><sheetData>{HEADER_ROW}"
        body += '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
        return package(body)
    if where == "strings":
        return package(sheet(HEADER_ROW), strings=doctype + f"<sst {NS}><si><t>&lol9;</t></si></sst>")
    return package(sheet(HEADER_ROW), workbook=doctype + WORKBOOK.split("?>", 1)[1].replace("Sheet1", "&lol9;"))


def rows_in_a_sheet_elsewhere():
    """250,000 empty rows, no dimension, in a worksheet the package keeps under another name: what
    counts is what a part holds, not what it is called."""
    rows = "".join(f'<row r="{n}"/>' for n in range(2, 250_002))
    return package(sheet(HEADER_ROW + rows, None), sheet_path="data/rows.bin")


def strings_elsewhere():
    """250,000 different shared strings, under another name: openpyxl reads them all, whatever the
    rows; they count toward the package's elements."""
    items = "".join(f"<si><t>{n}</t></si>" for n in range(250_000))
    strings = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS}>{items}</sst>'
    return package(sheet(HEADER_ROW), strings=strings, strings_path="data/words.bin")


def hundred_thousand_rows():
    rows = "".join(f'<row r="{n}">{inline(f"A{n}", "Lê Thị Hoa")}</row>' for n in range(2, 100_002))
    return package(sheet(HEADER_ROW + rows, 100_001))


def lying_directory():
    """A part that declares 1 kB unpacked but holds a gigabyte: zipfile stops at the declared size."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{HEADER_ROW}'.encode()
    bomb = Part.repeated(head, b"<row/>" * 100_000, 2000, b"</sheetData></worksheet>")
    bomb.size, bomb.crc = 1024, 0
    return package(bomb)


def many_parts():
    return package(sheet(HEADER_ROW), extra={f"xl/media/image{n}.png": b"" for n in range(1500)})


def row_of_too_many_cells():
    cells = "".join(f'<c r="A{n}"/>' for n in range(20_000))
    return package(sheet(HEADER_ROW + f'<row r="2">{cells}</row>', None))


def tightly_packed_picture():
    """No XML at all, but 30 MB of zeros in 30 kB: refused by the packing ratio alone."""
    return package(sheet(HEADER_ROW), extra={"xl/media/image1.png": Part(b"\0" * (5 * MB))})


# -- the measure ------------------------------------------------------------------------------------------


def bounded(post):
    """`post()`'s response, after asserting that it takes under SECONDS and that, posted again under
    tracemalloc (which slows Python down, so not timed), it allocates under GROWTH; the process's peak
    resident size must not grow by GROWTH either."""
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    started = time.perf_counter()
    response = post()
    elapsed = time.perf_counter() - started
    assert elapsed < SECONDS, f"took {elapsed:.2f} s"
    tracemalloc.start()
    try:
        again = post()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < GROWTH, f"allocated {peak / MB:.0f} MB"
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - peak_before
    assert grown < GROWTH, f"the process grew by {grown / MB:.0f} MB"
    assert again.status_code == response.status_code
    return response


@pytest.fixture
def officer(client, world):
    """The insider, logged in, after one refused import of each kind: the first request of a process
    imports openpyxl and compiles the pages' templates, which is not what the bounds measure."""
    client.force_login(world.officer_a)
    registration = UnitRegistrationFactory(campaign=open_campaign(world.district_a), unit=world.grassroots_a)
    urls = (
        reverse("unions:member_import"),
        reverse("campaigns:registration_import", args=[registration.pk]),
        reverse("initiatives:import"),
    )
    for url in urls:
        client.post(url, {"unit": world.grassroots_a.pk, "file": SimpleUploadedFile("a.xlsx", xlsx_bytes([]))})
    registration.delete()
    return world.officer_a


@pytest.fixture
def registration(world):
    return UnitRegistrationFactory(campaign=open_campaign(world.district_a), unit=world.grassroots_a)


def post_member_import(client, world, content, name="doan-vien.xlsx"):
    def post():
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        return client.post(reverse("unions:member_import"), {"unit": world.grassroots_a.pk, "file": upload})

    response = bounded(post)
    assert response.status_code == 200
    form = response.context["form"]
    if form.errors:
        return [str(e) for e in form.errors["file"]]
    return [str(e) for e in response.context["result"].errors]


def post_registration_import(client, registration, content, name="dang-ky.xlsx"):
    def post():
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        return client.post(reverse("campaigns:registration_import", args=[registration.pk]), {"file": upload})

    response = bounded(post)
    assert response.status_code == 200
    return [str(e) for e in response.context["form"].errors["file"]]


def post_initiative_import(client, world, content, name="sang-kien.xlsx"):
    def post():
        upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
        return client.post(reverse("initiatives:import"), {"unit": world.grassroots_a.pk, "file": upload})

    response = bounded(post)
    assert response.status_code == 200
    form = response.context["form"]
    if form.errors:
        return [str(e) for e in form.errors["file"]]
    return [str(e) for e in response.context["result"].errors]


def nothing_saved(world):
    return (
        list(Member.objects.values_list("pk", flat=True)) == [world.member_a.pk, world.member_b.pk]
        and not TitleRegistration.objects.exists()
        and not Initiative.objects.exists()
        and not ChangeRecord.objects.exists()
    )


HOSTILE = {
    "one cell of a gigabyte": (one_cell_of_a_gigabyte, TOO_LARGE),
    "huge shared strings": (huge_shared_strings, TOO_LARGE),
    "millions of blank rows": (millions_of_blank_rows, TOO_LARGE),
    "blank rows within the size limits": (blank_rows_within_the_size_limits, TOO_MANY_BLANK_ROWS),
    "blank rows in a sheet without its dimension": (
        lambda: blank_rows_within_the_size_limits(dimension=False),
        TOO_MANY_BLANK_ROWS,
    ),
    "one blank row far down": (one_blank_row_far_down, TOO_MANY_BLANK_ROWS),
    "billion laughs in the sheet": (lambda: billion_laughs("sheet"), UNREADABLE),
    "billion laughs in the shared strings": (lambda: billion_laughs("strings"), UNREADABLE),
    "billion laughs in the workbook": (lambda: billion_laughs("workbook"), UNREADABLE),
    "100,000 rows": (hundred_thousand_rows, TOO_MANY_ROWS),
    "250,000 rows in a sheet under another name": (rows_in_a_sheet_elsewhere, TOO_MANY_BLANK_ROWS),
    "250,000 shared strings under another name": (strings_elsewhere, TOO_MUCH),
    "a directory that lies": (lying_directory, UNREADABLE),
    "1,500 parts": (many_parts, UNREADABLE),
    "a row of 20,000 cells": (row_of_too_many_cells, UNREADABLE),
    "a tightly packed picture": (tightly_packed_picture, PACKED),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_hostile_workbook_is_refused_by_every_import(client, world, officer, registration, case):
    make, message = HOSTILE[case]
    content = make()
    assert len(content) < 4 * MB
    assert post_member_import(client, world, content) == [message]
    assert post_registration_import(client, registration, content) == [message]
    assert post_initiative_import(client, world, content) == [message]
    assert nothing_saved(world)


def test_the_bombs_are_what_the_probe_found():
    """Sizes as found (issue 13): a cell of a gigabyte in about 1 MB, shared strings of a gigabyte in a
    few MB, millions of blank rows; the packages are real zips that zipfile lists."""
    import zipfile

    def sizes(content):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return {info.filename: info.file_size for info in archive.infolist()}

    cell = one_cell_of_a_gigabyte()
    assert len(cell) < 1.5 * MB
    assert sizes(cell)["xl/worksheets/sheet1.xml"] > 10**9
    strings = huge_shared_strings()
    assert len(strings) < 4 * MB
    assert sizes(strings)["xl/sharedStrings.xml"] > 10**9
    blank = millions_of_blank_rows()
    assert sizes(blank)["xl/worksheets/sheet1.xml"] > 25 * MB


def test_a_workbook_written_by_hand_is_read(client, world, officer):
    """The hand-written package is a good workbook when it holds no bomb: the refusals above are the
    bombs', not the packaging's."""
    from unionsite.spreadsheets import open_workbook_for_import

    rows = HEADER_ROW + f'<row r="2">{inline("A2", "Lê Thị Hoa")}{inline("B2", "12/04/1990")}</row>'
    read = open_workbook_for_import(SimpleUploadedFile("a.xlsx", package(sheet(rows))), max_rows=10)
    assert (read.header, read.rows) == (["Họ và tên", "Ngày sinh"], [(2, ["Lê Thị Hoa", "12/04/1990"])])


# -- the earlier cases that held ------------------------------------------------------------------------


def workbook_bytes(build):
    from openpyxl import Workbook

    workbook = Workbook()
    build(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_renamed_csv_and_non_utf8_csv(client, world, officer, registration):
    csv = "Họ và tên;Ngày sinh\nLê Thị Hoa;12/04/1990\n"
    for content in (csv.encode(), csv.encode("cp1258", errors="replace"), csv.encode("utf-16")):
        assert post_member_import(client, world, content) == ["Nội dung tệp không phải là tệp xlsx."]
        assert post_member_import(client, world, content, name="doan-vien.csv") == ["Chỉ nhận tệp Excel (.xlsx)."]
        assert post_registration_import(client, registration, content) == ["Nội dung tệp không phải là tệp xlsx."]
    assert nothing_saved(world)


def test_data_on_the_wrong_sheet(client, world, officer, registration):
    def build(workbook):
        workbook.active.title = "Hướng dẫn"
        data = workbook.create_sheet("Dữ liệu")
        data.append(header_row())
        data.append(member_row())

    content = workbook_bytes(build)
    assert post_member_import(client, world, content) == ["Tệp không có dữ liệu."]
    assert post_registration_import(client, registration, content) == ["Tệp không có dữ liệu."]
    assert nothing_saved(world)


def test_merged_header_cells(client, world, officer, registration):
    def build(workbook):
        sheet = workbook.active
        sheet.append(["Danh sách đoàn viên"])
        sheet.merge_cells("A1:I1")
        sheet.append(header_row())
        sheet.append(member_row())

    content = workbook_bytes(build)
    assert post_member_import(client, world, content) == [
        "Dòng đầu tiên phải là tiêu đề cột của tệp mẫu. Hãy tải tệp mẫu về."
    ]
    assert post_registration_import(client, registration, content) == [
        "Dòng đầu tiên phải là tiêu đề cột; còn thiếu: Họ và tên, Danh hiệu đăng ký."
    ]
    assert nothing_saved(world)


def test_formulas_are_read_as_their_saved_values_never_run(client, world, officer):
    """A formula's cell holds the value the spreadsheet program saved with it; openpyxl saves none, so the
    cell is empty; the formula's text is never taken as data nor evaluated."""
    row = member_row()
    row[0] = '=HYPERLINK("http://example.invalid","Lê Thị Hoa")'
    row[2] = "=DATE(1990,4,12)"
    errors = post_member_import(client, world, xlsx_bytes([row]))
    assert errors == [
        "Dòng 2, cột “Họ và tên”: cột này bắt buộc phải có.",
        "Dòng 2, cột “Ngày sinh (dd/mm/yyyy)”: cột này bắt buộc phải có.",
    ]
    assert nothing_saved(world)


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_openpyxl_parses_with_defusedxml():
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("where", ["sheet", "strings", "workbook"])
def test_without_the_package_check_the_parsers_refuse_entities_with_the_same_message(monkeypatch, where):
    """The second line of defence: were the scan gone, openpyxl's parsers (defusedxml for the sheets and
    the shared strings, lxml for the workbook) refuse the entities, and their errors become the same
    message instead of a 500."""
    from unionsite import spreadsheets

    monkeypatch.setattr(spreadsheets, "check_xlsx_package", lambda upload, *, max_rows: None)
    upload = SimpleUploadedFile("a.xlsx", billion_laughs(where))
    started = time.perf_counter()
    with pytest.raises(spreadsheets.ImportProblem) as refused:
        spreadsheets.open_workbook_for_import(upload, max_rows=10)
    assert refused.value.messages == [UNREADABLE]
    assert time.perf_counter() - started < SECONDS
