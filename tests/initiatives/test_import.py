"""Importing initiatives from .xlsx files that LibreOffice Calc wrote (from flat ODF spreadsheets made
here): authors matched by card number or by name within the district, every problem named by row and
column, all or nothing; the template; who may import for which union."""

import datetime
import io
import shutil
import subprocess
from decimal import Decimal
from xml.sax.saxutils import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from initiatives.importers import COLUMNS, import_initiatives, split_authors
from initiatives.models import Initiative
from tests.factories import MemberFactory
from unionsite.history import history_for
from unionsite.models import ChangeRecord

pytestmark = pytest.mark.django_db
IMPORT = reverse("initiatives:import")
THIS_YEAR = datetime.date.today().year
HEADINGS = [
    "Tên sáng kiến",
    "Lĩnh vực",
    "Năm",
    "Thực trạng và cách làm trước đây",
    "Nội dung giải pháp",
    "Tính mới so với cách làm trước đây",
    "Ngày áp dụng lần đầu (dd/mm/yyyy)",
    "Nơi áp dụng",
    "Giá trị làm lợi mỗi năm (đồng)",
    "Hiệu quả xã hội",
    "Tác giả: họ tên (số thẻ) tỷ lệ %; …",
    "Chương trình (cách nhau bởi ;)",
]
PROBLEM, SOLUTION, NOVELTY = "Cắt thép bằng tay, sai số lớn.", "Bộ điều khiển PLC.", "Tự động, sai số dưới 1 mm."


def date(text):
    """A date cell (LibreOffice writes it as a date, read back as a datetime)."""
    return ("date", text)


def row(title, field, year, authors, *, applied="", where="", value="", social="", programmes=""):
    return [title, field, year, PROBLEM, SOLUTION, NOVELTY, applied, where, value, social, authors, programmes]


GOOD = {
    "Initiatives": [
        HEADINGS,
        row(
            "Máy cắt thép tự động",
            "Kỹ thuật",
            THIS_YEAR,
            "Nguyễn Thị Kim Dung (FECON-0001) 60%; Lê Văn Cường 40%",
            applied=date(f"{THIS_YEAR}-03-15"),
            where="Xưởng cơ khí",
            value=1_250_000_000,
            programmes="1 triệu sáng kiến; 75 nghìn sáng kiến, vượt khó, phát triển",
        ),
        row(
            "Quy trình kiểm kê kho bằng mã vạch",
            "quan-ly",
            str(THIS_YEAR - 1),
            "tran van binh",
            applied=f"01/02/{THIS_YEAR - 1}",
            value="1.250.000",
            social="Giảm sai sót khi kiểm kê",
        ),
    ]
}
BAD_ROWS = {
    "Initiatives": [
        HEADINGS,
        row("Bàn gá hàn xoay", "Kỹ thuật", THIS_YEAR, "Trần Văn Bình (FECON-0002) 100%", value=30_000_000),
        row("Khuôn ép nhựa", "Cơ khí", THIS_YEAR, "Nguyễn Thị Kim Dung 60%; Lê Văn Cường 30%", applied="31/02/2025"),
        row(
            "Máy uốn thép đai", "Kỹ thuật", 2099, "Phạm Minh Tuấn (XX-9999) 50%; Hoàng Văn Nam 50%", value="12,5 triệu"
        ),
        row("", "Kỹ thuật", THIS_YEAR, "Đỗ Văn Hùng 100%", value=-5),
        row("Sổ tay an toàn điện tử", "Kỹ thuật", THIS_YEAR, "Trần Văn Bình (BVDP-0001) 100%", value=10_000_000),
        row("Hệ thống tưới tự động", "Kỹ thuật", THIS_YEAR, "Trần Văn Bình 70%; Nguyễn Thị Kim Dung", value=0),
        row("Máy cắt thép", "Kỹ thuật", THIS_YEAR, "Nguyễn Thị Kim Dung (FECON-0001) 60%; Lê Văn Cường 30%", value=1),
        row("Máy hàn", "Kỹ thuật", THIS_YEAR, "Lê Văn Cường (FECON-0001) 100%", value=1),
        row("Máy mài", "Kỹ thuật", THIS_YEAR, "Lê Văn Cường 100%"),
    ]
}
WRONG_SHEET = {
    "Đoàn viên": [["Họ và tên", "Giới tính", "Ngày sinh"], ["Nguyễn Thị Kim Dung", "Nữ", date("1988-03-08")]],
    "Initiatives": GOOD["Initiatives"],
}
FILES = {"good": GOOD, "bad_rows": BAD_ROWS, "wrong_sheet": WRONG_SHEET}


def _text(value):
    return f"<text:p>{escape(str(value))}</text:p>"


def _cell(value):
    if isinstance(value, tuple):
        iso = value[1]
        return f'<table:table-cell office:value-type="date" office:date-value="{iso}">{_text(iso)}</table:table-cell>'
    if isinstance(value, int):
        return f'<table:table-cell office:value-type="float" office:value="{value}">{_text(value)}</table:table-cell>'
    if value == "":
        return "<table:table-cell/>"
    return f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p></table:table-cell>'


def _fods(sheets):
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join("<table:table-row>" + "".join(_cell(v) for v in r) + "</table:table-row>" for r in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" '
        'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document>"
    )


@pytest.fixture(scope="module")
def xlsx(tmp_path_factory):
    """{name: .xlsx bytes} written by LibreOffice Calc (one soffice run for every file)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is needed: apt-get install libreoffice-calc-nogui (.ci/run installs it)"
    folder = tmp_path_factory.mktemp("calc")
    sources = []
    for name, sheets in FILES.items():
        path = folder / f"{name}.fods"
        path.write_text(_fods(sheets), encoding="utf-8")
        sources.append(str(path))
    profile = (folder / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return {name: (folder / f"{name}.xlsx").read_bytes() for name in FILES}


def upload(content, name="sang-kien.xlsx"):
    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


@pytest.fixture
def people(world):
    """Members the files name: in the insider's union, in the other union of its district, outside it."""
    world.member_a.card_number = "FECON-0001"
    world.member_a.save()
    world.member_b.card_number = "BVDP-0001"
    world.member_b.save()
    return {
        "dung": world.member_a,
        "cuong": MemberFactory(unit=world.grassroots_a2, full_name="Lê Văn Cường"),
        "binh": MemberFactory(unit=world.grassroots_a2, full_name="Trần Văn Bình", card_number="TH-VY-0007"),
        "binh_fecon": MemberFactory(unit=world.grassroots_a, full_name="Trần Văn Bình", card_number="FECON-0002"),
        "nam": MemberFactory(unit=world.grassroots_a, full_name="Hoàng Văn Nam"),
    }


def test_calc_file_is_read_and_the_initiatives_saved_as_drafts(client, world, people, xlsx):
    people["binh_fecon"].active = False  # "tran van binh" is then one active member of the district
    people["binh_fecon"].save()
    client.force_login(world.officer_a)
    response = client.post(IMPORT, {"unit": world.grassroots_a.pk, "file": upload(xlsx["good"])})
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('initiatives:list')}?unit={world.grassroots_a.pk}&state=draft"
    first, second = Initiative.objects.order_by("pk")
    assert (first.title, first.field.code, first.year, first.value_per_year) == (
        "Máy cắt thép tự động",
        "ky-thuat",
        THIS_YEAR,
        1_250_000_000,
    )
    assert first.first_applied_on == datetime.date(THIS_YEAR, 3, 15)
    assert (first.applied_where, first.problem, first.solution, first.novelty) == (
        "Xưởng cơ khí",
        PROBLEM,
        SOLUTION,
        NOVELTY,
    )
    assert [(a.member, a.share) for a in first.authors.all()] == [
        (people["dung"], Decimal("60.00")),
        (people["cuong"], Decimal("40.00")),
    ]
    assert sorted(first.programmes.values_list("code", flat=True)) == ["75-nghin-sang-kien", "mot-trieu-sang-kien"]
    assert (second.field.code, second.year, second.value_per_year, second.social_value) == (
        "quan-ly",
        THIS_YEAR - 1,
        1_250_000,
        "Giảm sai sót khi kiểm kê",
    )
    assert second.first_applied_on == datetime.date(THIS_YEAR - 1, 2, 1)
    assert [(a.member, a.share) for a in second.authors.all()] == [(people["binh"], Decimal("100.00"))]
    assert {i.state for i in (first, second)} == {"draft"}
    assert {i.created_by for i in (first, second)} == {world.officer_a}
    # Through the domain: each dossier has its creation in the history, the union the import.
    assert [r.action for r in history_for(first)] == [ChangeRecord.Action.CREATE]
    imported = history_for(world.grassroots_a).get(action=ChangeRecord.Action.IMPORT)
    assert (imported.changes, imported.note) == ({"initiatives": [None, 2]}, "Nhập từ tệp sang-kien.xlsx")
    page = client.get(response["Location"])
    assert [m.message for m in page.context["messages"]] == [
        "Đã nhập 2 sáng kiến cho Công đoàn Công ty Cổ phần Fecon ở dạng nháp."
    ]


def test_every_problem_is_named_by_row_and_column_and_nothing_is_saved(world, people, xlsx):
    result = import_initiatives(upload(xlsx["bad_rows"]), world.grassroots_a, by=world.officer_a)
    authors, value, none = (
        "cột “Tác giả: họ tên (số thẻ) tỷ lệ %; …”",
        "cột “Giá trị làm lợi mỗi năm (đồng)”",
        "không đoàn viên",
    )
    assert [str(e) for e in result.errors] == [
        "Dòng 3, cột “Lĩnh vực”: không có lĩnh vực “Cơ khí”; ghi một trong: Kỹ thuật; Quản lý; Tác nghiệp; "
        "Ứng dụng tiến bộ kỹ thuật, công nghệ; Giảng dạy, giáo dục; Y tế, chăm sóc sức khỏe; Lĩnh vực khác.",
        "Dòng 3, cột “Ngày áp dụng lần đầu (dd/mm/yyyy)”: “31/02/2025” không phải ngày tháng: "
        "ghi theo dạng dd/mm/yyyy.",
        f"Dòng 4, cột “Năm”: “2099” không phải là năm từ 2000 đến {THIS_YEAR}.",
        f"Dòng 4, {value}: “12,5 triệu” không phải số tiền: ghi số đồng, ví dụ 1.250.000.000.",
        f"Dòng 4, {authors}: {none} nào đang hoạt động trong quận, huyện có số thẻ XX-9999.",
        "Dòng 5, cột “Tên sáng kiến”: cột này bắt buộc phải có.",
        f"Dòng 5, {value}: ghi giá trị bằng số đồng, ví dụ 1.250.000.000.",
        f"Dòng 5, {authors}: {none} nào đang hoạt động trong quận, huyện tên là Đỗ Văn Hùng.",
        f"Dòng 6, {authors}: {none} nào đang hoạt động trong quận, huyện có số thẻ BVDP-0001.",
        f"Dòng 7, {authors}: 2 đoàn viên trong quận, huyện tên là Trần Văn Bình "
        "(Công đoàn trường Tiểu học Văn Yên; Công đoàn Công ty Cổ phần Fecon): ghi số thẻ.",
        f"Dòng 7, {authors}: ghi tỷ lệ đóng góp của Nguyễn Thị Kim Dung, ví dụ 60%.",
        f"Dòng 8, {authors}: Các tỷ lệ đóng góp cộng lại 90 %; phải cộng lại đúng 100 %.",
        f"Dòng 9, {authors}: số thẻ FECON-0001 là của Nguyễn Thị Kim Dung, không phải của Lê Văn Cường.",
        "Dòng 10, cột “Hiệu quả xã hội”: Nhập giá trị làm lợi mỗi năm hoặc mô tả hiệu quả xã hội.",
    ]
    assert not Initiative.objects.exists()


def test_a_workbook_whose_first_sheet_is_something_else(world, people, xlsx):
    result = import_initiatives(upload(xlsx["wrong_sheet"]), world.grassroots_a, by=world.officer_a)
    assert [str(e) for e in result.errors] == [
        "Dòng đầu tiên của trang tính đầu tiên phải là các tiêu đề cột của tệp mẫu; còn thiếu: Tên sáng kiến; "
        "Lĩnh vực; Năm; Thực trạng và cách làm trước đây; Nội dung giải pháp; Tính mới so với cách làm trước đây; "
        "Tác giả: họ tên (số thẻ) tỷ lệ %; …. Hãy tải tệp mẫu."
    ]
    assert not Initiative.objects.exists()


def test_a_file_that_is_not_a_workbook_is_refused_by_the_form(client, world):
    client.force_login(world.officer_a)
    response = client.post(IMPORT, {"unit": world.grassroots_a.pk, "file": upload(b"PK\x03\x04 not really a zip")})
    assert response.status_code == 200
    assert "Không đọc được tệp như một bảng tính Excel (.xlsx)." in response.content.decode()
    fake = SimpleUploadedFile("sang-kien.xlsx", b"%PDF-1.7\n", content_type="application/pdf")
    response = client.post(IMPORT, {"unit": world.grassroots_a.pk, "file": fake})
    assert response.context["form"].errors["file"] == ["Nội dung tệp không phải là tệp xlsx."]
    assert not Initiative.objects.exists()


def test_errors_are_shown_on_the_page(client, world, people, xlsx):
    client.force_login(world.officer_a)
    response = client.post(IMPORT, {"unit": world.grassroots_a.pk, "file": upload(xlsx["bad_rows"])})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Chưa nhập dòng nào: hãy sửa 14 lỗi dưới đây rồi nhập lại tệp." in html
    assert "Dòng 6, cột “Tác giả: họ tên (số thẻ) tỷ lệ %; …”" in html


def test_who_may_import_for_which_union(client, world, people, xlsx):
    # The district's staff file for a union below them; the outsider cannot name the insider's union.
    client.force_login(world.staff_a)
    people["binh_fecon"].active = False
    people["binh_fecon"].save()
    response = client.post(IMPORT, {"unit": world.grassroots_a2.pk, "file": upload(xlsx["good"])})
    assert response.status_code == 302
    assert set(Initiative.objects.values_list("unit", flat=True)) == {world.grassroots_a2.pk}
    Initiative.objects.all().delete()
    client.force_login(world.officer_b)
    response = client.post(IMPORT, {"unit": world.grassroots_a.pk, "file": upload(xlsx["good"])})
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert client.get(IMPORT, {"pick": "unit", "q": "fecon"}).json()["results"] == []
    # The officer's own union only; the city reviewer assesses initiatives and files none.
    client.force_login(world.officer_a)
    assert [r["text"] for r in client.get(IMPORT, {"pick": "unit", "q": ""}).json()["results"]] == [
        "Công đoàn Công ty Cổ phần Fecon"
    ]
    client.force_login(world.city_reviewer)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"unit": world.grassroots_a.pk, "file": upload(xlsx["good"])}).status_code == 403
    assert not Initiative.objects.exists()


def test_the_template_holds_the_headings_and_the_choices_and_reads_back(client, world, people):
    client.force_login(world.officer_a)
    response = client.get(reverse("initiatives:import_template"))
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-sang-kien.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Sáng kiến", "Hướng dẫn", "Lĩnh vực", "Chương trình"]
    assert [c.value for c in workbook["Sáng kiến"][1]] == HEADINGS
    assert [c.value for c in workbook["Lĩnh vực"]["A"]][:3] == ["Lĩnh vực", "Kỹ thuật", "Quản lý"]
    assert [c.value for c in workbook["Chương trình"]["A"]][1:] == [
        "1 triệu sáng kiến",
        "75 nghìn sáng kiến, vượt khó, phát triển",
    ]
    # Filled in and imported again.
    workbook["Sáng kiến"].append(row("Máy cắt thép", "Kỹ thuật", THIS_YEAR, "Hoàng Văn Nam", value=5_000_000))
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_initiatives(upload(buffer.getvalue()), world.grassroots_a, by=world.officer_a)
    assert result.ok, [str(e) for e in result.errors]
    assert [a.member for a in result.created[0].authors.all()] == [people["nam"]]


def test_english_headings_are_understood(world, people):
    from django.utils import translation
    from openpyxl import Workbook

    workbook = Workbook()
    with translation.override("en"):
        workbook.active.append([str(c.label) for c in COLUMNS])
    workbook.active.append(row("Máy cắt thép", "ky-thuat", THIS_YEAR, "Hoàng Văn Nam 100%", value=5_000_000))
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = import_initiatives(upload(buffer.getvalue()), world.grassroots_a, by=world.officer_a)
    assert [i.title for i in result.created] == ["Máy cắt thép"]


def test_the_files_come_from_libreoffice_calc(xlsx):
    """What the other tests import was written by LibreOffice Calc, not by openpyxl."""
    import zipfile

    for content in xlsx.values():
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            assert "<Application>LibreOffice" in package.read("docProps/app.xml").decode()


def test_check_only_shows_what_would_be_imported_and_saves_nothing(client, world, people, xlsx):
    people["binh_fecon"].active = False
    people["binh_fecon"].save()
    client.force_login(world.officer_a)
    response = client.post(IMPORT, {"unit": world.grassroots_a.pk, "file": upload(xlsx["good"]), "check": "1"})
    assert response.status_code == 200
    assert not Initiative.objects.exists()
    html = response.content.decode()
    assert "Mọi dòng đều đúng: 2 sáng kiến sẵn sàng để nhập. Chưa có gì được lưu: chọn lại tệp rồi bấm nhập." in html
    rows = response.context["result"].checked
    assert [(r.number, r.initiative.title, [(m.full_name, s) for m, s, _c in r.authors]) for r in rows] == [
        (2, "Máy cắt thép tự động", [("Nguyễn Thị Kim Dung", Decimal(60)), ("Lê Văn Cường", Decimal(40))]),
        (3, "Quy trình kiểm kê kho bằng mã vạch", [("Trần Văn Bình", Decimal(100))]),
    ]
    assert "1.250.000.000 đ" in html
    # Checked with errors, the errors are shown as for an import.
    response = client.post(IMPORT, {"unit": world.grassroots_a.pk, "file": upload(xlsx["bad_rows"]), "check": "1"})
    assert "Chưa nhập dòng nào: hãy sửa 14 lỗi dưới đây rồi nhập lại tệp." in response.content.decode()


@pytest.mark.parametrize(
    ("cell", "parts"),
    [
        (
            "Nguyễn Thị Kim Dung (FECON-0001) 60%; Lê Văn Cường 40%",
            [("Nguyễn Thị Kim Dung", "FECON-0001", "60"), ("Lê Văn Cường", "", "40")],
        ),
        ("Lê  Văn   Cường 33,5 %\nTrần Bình 66.5", [("Lê Văn Cường", "", "33,5"), ("Trần Bình", "", "66.5")]),
        ("(FECON-0001)60%;", [("", "FECON-0001", "60")]),
        ("FECON-0002", [("", "FECON-0002", "")]),
        ("FECON-0002 100%", [("", "FECON-0002", "100")]),
        ("Hoàng Văn Nam", [("Hoàng Văn Nam", "", "")]),
        (" ; ;", []),
    ],
)
def test_how_an_authors_cell_is_read(cell, parts):
    assert split_authors(cell) == parts


def test_a_long_file_is_imported_by_the_worker_and_followed_on_the_jobs_page(
    client, world, people, xlsx, settings, django_capture_on_commit_callbacks
):
    people["binh_fecon"].active = False
    people["binh_fecon"].save()
    settings.IMPORT_SYNC_MAX_ROWS = 1  # the real threshold is 300 rows: two rows are "long" here
    client.force_login(world.officer_a)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(IMPORT, {"unit": world.grassroots_a.pk, "file": upload(xlsx["good"])})
    url = response["Location"]
    assert url.startswith("/nhap-tep/")
    assert not Initiative.objects.exists()  # queued, not run yet
    for callback in queued:
        callback()  # the worker (eager in tests) imports it
    job = client.get(url).context["job"]
    assert job == {
        "state": "done",
        "ok": True,
        "messages": ["Đã nhập 2 sáng kiến cho Công đoàn Công ty Cổ phần Fecon ở dạng nháp."],
        "next_url": f"{reverse('initiatives:list')}?unit={world.grassroots_a.pk}&state=draft",
    }
    assert sorted(Initiative.objects.values_list("title", flat=True)) == [
        "Máy cắt thép tự động",
        "Quy trình kiểm kê kho bằng mã vạch",
    ]
