"""Importing members from real .xlsx files written with openpyxl."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.factories import MemberFactory
from tests.unions.factories import header_row, member_row, xlsx_bytes
from unions.models import Member
from unionsite.history import history_for
from unionsite.models import ChangeRecord

pytestmark = pytest.mark.django_db


def _post(client, world, content, name="doan-vien.xlsx", unit=None):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("unions:member_import"), {"unit": (unit or world.grassroots_a).pk, "file": upload})


def _errors(response):
    return [str(e) for e in response.context["result"].errors]


@pytest.fixture
def staff(client, world):
    client.force_login(world.reviewer)
    return world.reviewer


def test_good_file_imports_every_row(client, world, staff):
    rows = [
        member_row("Lê Thị Hoa", "Nữ", "12/04/1990", card="FECON-01", joined="01/03/2015"),
        member_row("Phạm Văn Nam", "nam", datetime.datetime(1985, 1, 2), card="FECON-02"),
        member_row("Đỗ Minh Quân", "Nam", "03/09/1979"),
    ]
    response = _post(client, world, xlsx_bytes(rows))
    assert response["Location"] == world.grassroots_a.get_absolute_url()
    imported = Member.objects.filter(unit=world.grassroots_a).exclude(pk=world.member_a.pk).order_by("pk")
    assert [(m.full_name, m.gender, m.date_of_birth, m.card_number) for m in imported] == [
        ("Lê Thị Hoa", "female", datetime.date(1990, 4, 12), "FECON-01"),
        ("Phạm Văn Nam", "male", datetime.date(1985, 1, 2), "FECON-02"),
        ("Đỗ Minh Quân", "male", datetime.date(1979, 9, 3), None),
    ]
    first = imported[0]
    assert (first.trade, first.position, first.direct_production, first.phone) == (
        "May công nghiệp",
        "Công nhân",
        True,
        "0912345678",
    )
    assert first.joined_on == datetime.date(2015, 3, 1)
    assert first.name_search == "le thi hoa"
    entry = history_for(first).get()
    assert (entry.action, entry.actor, entry.note) == ("import", world.reviewer, "Nhập từ tệp doan-vien.xlsx")
    assert history_for(world.grassroots_a).get().changes == {"members": [None, 3]}


def test_bad_row_names_row_and_column_and_saves_nothing(client, world, staff):
    rows = [member_row("Lê Thị Hoa"), member_row("Phạm Văn Nam", born="31/02/1990"), member_row("Đỗ Minh Quân")]
    before = Member.objects.count()
    response = _post(client, world, xlsx_bytes(rows))
    assert response.status_code == 200
    assert _errors(response) == [
        "Dòng 3, cột “Ngày sinh (dd/mm/yyyy)”: “31/02/1990” không phải ngày tháng: ghi theo dạng dd/mm/yyyy."
    ]
    assert "Dòng 3, cột “Ngày sinh (dd/mm/yyyy)”" in response.content.decode()
    assert Member.objects.count() == before
    assert ChangeRecord.objects.count() == 0


def test_every_row_is_checked(client, world, staff):
    rows = [
        ["", "Nữ", "12/04/1990"],
        member_row("Phạm Văn Nam", gender="Khác"),
        [*member_row("Đỗ Minh Quân")[:5], "có lẽ"],
        member_row("Lê Văn Tám", born="01/01/2099"),
    ]
    response = _post(client, world, xlsx_bytes(rows))
    assert _errors(response) == [
        "Dòng 2, cột “Họ và tên”: cột này bắt buộc phải có.",
        "Dòng 3, cột “Giới tính (Nam/Nữ)”: “Khác” không phải giới tính: ghi Nam hoặc Nữ.",
        "Dòng 4, cột “Trực tiếp sản xuất (có/không)”: ghi có hoặc không.",
        "Dòng 5, cột “Ngày sinh (dd/mm/yyyy)”: ngày 01/01/2099 không hợp lệ.",
    ]
    assert Member.objects.count() == 2


def test_card_numbers_unique_in_file_and_database(client, world, staff):
    MemberFactory(unit=world.grassroots_b, card_number="DP-0001")
    rows = [
        member_row("Lê Thị Hoa", card="FECON-01"),
        member_row("Phạm Văn Nam", card="FECON-01"),
        member_row("Đỗ Minh Quân", card="DP-0001"),
    ]
    response = _post(client, world, xlsx_bytes(rows))
    assert _errors(response) == [
        "Dòng 3, cột “Số thẻ đoàn viên”: số thẻ FECON-01 đã có ở dòng 2.",
        "Dòng 4, cột “Số thẻ đoàn viên”: số thẻ DP-0001 đã thuộc về một đoàn viên khác.",
    ]
    assert Member.objects.count() == 3


def test_likely_duplicates_in_file_and_database_are_flagged(client, world, staff):
    rows = [
        member_row("nguyen thi kim dung", born="17/05/1990"),  # member_a, same district
        member_row("Lê Thị Hoa", born="12/04/1990"),
        member_row("Lê Thị Hoa", born="12/04/1990"),
    ]
    response = _post(client, world, xlsx_bytes(rows), unit=world.grassroots_a2)
    assert response.status_code == 302
    imported = list(Member.objects.filter(unit=world.grassroots_a2).order_by("pk"))
    assert imported[0].possible_duplicate_of == world.member_a
    assert imported[1].possible_duplicate_of is None
    assert imported[2].possible_duplicate_of == imported[1]
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [
        "Đã nhập 3 đoàn viên vào Công đoàn trường Tiểu học Văn Yên.",
        "Dòng 2: nguyen thi kim dung có thể đã có trong danh sách (Công đoàn Công ty Cổ phần Fecon).",
        "Dòng 4: Lê Thị Hoa cũng có ở dòng 3.",
    ]


def test_file_that_is_not_xlsx_is_refused(client, world, staff):
    response = _post(client, world, b"full_name;gender\nLe Thi Hoa;Nu\n", name="doan-vien.csv")
    assert response.context["form"].errors["file"] == ["Chỉ nhận tệp Excel (.xlsx)."]
    assert Member.objects.count() == 2


def test_malformed_xlsx_is_refused(client, world, staff):
    response = _post(client, world, b"PK\x03\x04 this is not really a workbook")
    assert _errors(response) == ["Không đọc được tệp như một bảng tính Excel (.xlsx)."]
    assert Member.objects.count() == 2


def test_too_large_file_is_refused(client, world, staff, settings):
    content = xlsx_bytes([member_row()])
    settings.UPLOAD_MAX_BYTES = len(content) - 1
    response = _post(client, world, content)
    with translation.override("vi"):
        limit = filesizeformat(len(content) - 1)
    assert response.context["form"].errors["file"] == [f"Tệp lớn hơn {limit}."]
    assert Member.objects.count() == 2


def test_too_many_rows_are_refused(client, world, staff, settings):
    settings.IMPORT_MAX_ROWS = 2
    rows = [member_row(f"Lê Thị Hoa {n}") for n in range(3)]
    response = _post(client, world, xlsx_bytes(rows))
    assert _errors(response) == ["Tệp có hơn 2 dòng; hãy chia thành các tệp nhỏ hơn."]
    assert Member.objects.count() == 2


def test_file_without_the_template_header_is_refused(client, world, staff):
    response = _post(client, world, xlsx_bytes([member_row()], header=False))
    assert _errors(response) == ["Dòng đầu tiên phải là tiêu đề cột của tệp mẫu. Hãy tải tệp mẫu về."]


def test_english_template_header_is_accepted(client, world, staff):
    response = _post(client, world, xlsx_bytes([member_row()], language="en"))
    assert response.status_code == 302


def test_import_into_a_union_outside_the_scope_is_refused(client, world):
    client.force_login(world.insider)
    response = _post(client, world, xlsx_bytes([member_row()]), unit=world.grassroots_a2)
    assert "unit" in response.context["form"].errors
    assert Member.objects.count() == 2


def test_officer_imports_into_own_union(client, world):
    client.force_login(world.insider)
    response = _post(client, world, xlsx_bytes([member_row()]))
    assert response.status_code == 302
    assert Member.objects.filter(unit=world.grassroots_a).count() == 2


def test_template_has_the_vietnamese_headers_and_imports_back(client, world, staff):
    response = client.get(reverse("unions:member_import_template"))
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-doan-vien.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == header_row("vi")
    assert header_row("vi")[:3] == ["Họ và tên", "Giới tính (Nam/Nữ)", "Ngày sinh (dd/mm/yyyy)"]
    assert workbook.sheetnames == ["Đoàn viên", "Hướng dẫn"]
    sheet.append(member_row("Vũ Thị Lan"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _post(client, world, buffer.getvalue()).status_code == 302
    assert Member.objects.filter(full_name="Vũ Thị Lan").count() == 1


def test_zip_that_is_not_a_workbook_is_refused(client, world, staff):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    response = _post(client, world, buffer.getvalue())
    assert _errors(response) == ["Không đọc được tệp như một bảng tính Excel (.xlsx)."]
    assert Member.objects.count() == 2


def test_number_cells_and_blank_rows(client, world, staff):
    rows = [
        ["Lê Thị Hoa", "Nữ", "12/04/1990", None, None, None, 123456, 912345678],
        [None, None, None],
        ["Phạm Văn Nam", "Nam", "01/02/1985"],
    ]
    response = _post(client, world, xlsx_bytes(rows))
    assert response.status_code == 302
    hoa = Member.objects.get(full_name="Lê Thị Hoa")
    assert (hoa.card_number, hoa.phone, hoa.direct_production) == ("123456", "912345678", False)
    assert Member.objects.filter(full_name="Phạm Văn Nam").count() == 1
