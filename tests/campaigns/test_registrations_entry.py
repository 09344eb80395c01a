"""Fast entry (the grid) and the .xlsx import of title registrations: all or nothing, errors by row."""

import datetime
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from awards.models import AwardTitle
from campaigns.domain import registrations as domain
from campaigns.enums import EntrySource
from campaigns.enums import RegistrationState as S
from campaigns.importers import RowInput
from campaigns.models import TitleRegistration
from tests.campaigns.factories_registrations import (
    RegCampaignFactory,
    RegPhaseFactory,
    TitleRegistrationFactory,
    UnitRegistrationFactory,
    collective_title,
    open_campaign,
    worker_title,
)
from tests.factories import MemberFactory
from unionsite.history import history_for

pytestmark = pytest.mark.django_db

HEADINGS = ["Họ và tên", "Ngày sinh", "Danh hiệu đăng ký", "Tập thể", "Ghi chú"]


@pytest.fixture
def registration(world):
    worker_title()
    collective_title()
    return UnitRegistrationFactory(campaign=open_campaign(world.district_a), unit=world.grassroots_a)


@pytest.fixture
def people(world):
    return {
        "hoa": MemberFactory(unit=world.grassroots_a, full_name="Lê Thị Hoa", date_of_birth=datetime.date(1988, 3, 2)),
        "hung1": MemberFactory(
            unit=world.grassroots_a, full_name="Phạm Văn Hùng", date_of_birth=datetime.date(1979, 1, 9)
        ),
        "hung2": MemberFactory(
            unit=world.grassroots_a, full_name="Phạm Văn Hùng", date_of_birth=datetime.date(1991, 12, 30)
        ),
    }


def grid_post(rows):
    data = {"full_name": [], "birth_date": [], "title": [], "collective": [], "note": [], "member_id": []}
    for row in rows:
        for key in data:
            data[key].append(row.get(key, ""))
    return data


def xlsx(rows, headings=HEADINGS, name="dang-ky.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile(name, output.getvalue(), content_type="application/octet-stream")


def saved(registration):
    return sorted(
        (t.member.full_name if t.member else t.collective_name, t.title.name, t.note)
        for t in TitleRegistration.objects.filter(registration=registration).select_related("member", "title")
    )


# The grid


def test_grid_pages_for_insider_and_reviewer_and_404_for_outsider(client, world, registration):
    url = reverse("campaigns:registration_grid", args=[registration.pk])
    for user in (world.insider, world.reviewer):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert len(response.context["rows"]) == 10
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404


def test_grid_saves_every_row(client, world, registration, people):
    client.force_login(world.reviewer)
    rows = [
        {"full_name": "Nguyễn Thị Kim Dung", "member_id": str(world.member_a.pk), "title": "Công nhân giỏi"},
        {"full_name": "le thi hoa", "title": "cong nhan gioi", "note": "Tổ may 2"},
        {"full_name": "Phạm Văn Hùng", "birth_date": "30/12/1991", "title": "Công nhân giỏi"},
        {"collective": "Tổ hàn 3", "title": "Tập thể lao động giỏi"},
        {},
        {},
    ]
    response = client.post(reverse("campaigns:registration_grid", args=[registration.pk]), grid_post(rows))
    assert response.status_code == 302
    assert saved(registration) == [
        ("Lê Thị Hoa", "Công nhân giỏi", "Tổ may 2"),
        ("Nguyễn Thị Kim Dung", "Công nhân giỏi", ""),
        ("Phạm Văn Hùng", "Công nhân giỏi", ""),
        ("Tổ hàn 3", "Tập thể lao động giỏi", ""),
    ]
    assert TitleRegistration.objects.get(member__full_name="Phạm Văn Hùng").member == people["hung2"]
    entry = history_for(registration).get()
    # Keyed in by the district through the grid: the history row says how and on whose behalf.
    assert (entry.action, entry.changes, entry.note, entry.actor) == (
        "update",
        {
            "title_registrations": [0, 4],
            "entered_through": [None, "grid"],
            "on_behalf_of": [None, "Công đoàn Công ty Cổ phần Fecon"],
        },
        "",
        world.reviewer,
    )


def test_grid_with_a_bad_row_saves_nothing_and_names_the_row(client, world, registration, people):
    client.force_login(world.reviewer)
    rows = [
        {"full_name": "le thi hoa", "title": "Công nhân giỏi"},
        {"full_name": "Phạm Văn Hùng", "title": "Công nhân giỏi"},
        {"full_name": "Trần Văn Không Có", "title": "Công nhân xuất sắc", "birth_date": "31/02/1990"},
    ]
    response = client.post(reverse("campaigns:registration_grid", args=[registration.pk]), grid_post(rows))
    assert response.status_code == 200
    assert TitleRegistration.objects.count() == 0
    assert history_for(registration).count() == 0
    assert [(e.row, e.column, e.message) for e in response.context["errors"]] == [
        (2, "Ngày sinh", "Có nhiều đoàn viên tên “Phạm Văn Hùng”: hãy nhập ngày sinh."),
        (3, "Danh hiệu đăng ký", "Không có danh hiệu “Công nhân xuất sắc”."),
        (3, "Ngày sinh", "“31/02/1990” không phải là ngày (dd/mm/yyyy)."),
        (3, "Họ và tên", "Công đoàn Công ty Cổ phần Fecon không có đoàn viên tên “Trần Văn Không Có”."),
    ]
    content = response.content.decode()
    assert "Chưa lưu gì: 2 dòng có lỗi." in content
    assert "Dòng 3, cột Danh hiệu đăng ký: Không có danh hiệu “Công nhân xuất sắc”." in content
    # What was typed stays in the grid, to be corrected.
    assert 'value="Trần Văn Không Có"' in content


def test_grid_rejects_duplicates_in_the_grid_and_in_the_campaign(client, world, registration, people):
    other = UnitRegistrationFactory(campaign=registration.campaign, unit=world.grassroots_a2)
    moved = MemberFactory(unit=world.grassroots_a, full_name="Đỗ Minh Tâm")
    TitleRegistrationFactory(registration=other, member=moved, title=worker_title())
    TitleRegistrationFactory(registration=registration, member=people["hoa"], title=worker_title())
    client.force_login(world.reviewer)
    rows = [
        {"full_name": "Lê Thị Hoa", "title": "Công nhân giỏi"},
        {"full_name": "do minh tam", "title": "Công nhân giỏi"},
        {"full_name": "Nguyễn Thị Kim Dung", "title": "Công nhân giỏi"},
        {"full_name": "nguyen thi kim dung", "title": "CÔNG NHÂN GIỎI"},
        {"collective": "Tổ may 1", "title": "Tập thể lao động giỏi"},
        {"collective": "tổ may 1", "title": "Tập thể lao động giỏi"},
    ]
    response = client.post(reverse("campaigns:registration_grid", args=[registration.pk]), grid_post(rows))
    assert [(e.row, e.message) for e in response.context["errors"]] == [
        (
            1,
            "Lê Thị Hoa đã được đăng ký danh hiệu “Công nhân giỏi” trong phong trào này "
            "(Công đoàn Công ty Cổ phần Fecon).",
        ),
        (
            2,
            "Đỗ Minh Tâm đã được đăng ký danh hiệu “Công nhân giỏi” trong phong trào này "
            "(Công đoàn trường Tiểu học Văn Yên).",
        ),
        (4, "Trùng lặp: dòng 3 đã đăng ký Nguyễn Thị Kim Dung cho danh hiệu “Công nhân giỏi”."),
        (6, "Trùng lặp: dòng 5 đã đăng ký tổ may 1 cho danh hiệu “Tập thể lao động giỏi”."),
    ]
    assert TitleRegistration.objects.count() == 2


def test_grid_checks_the_title_fits_the_row(client, world, registration):
    client.force_login(world.insider)
    rows = [
        {"collective": "Tổ hàn", "title": "Công nhân giỏi"},
        {"full_name": "Nguyễn Thị Kim Dung", "title": "Tập thể lao động giỏi"},
        {"full_name": "Nguyễn Thị Kim Dung", "collective": "Tổ hàn", "title": "Công nhân giỏi"},
        {"note": "chỉ có ghi chú", "title": "Công nhân giỏi"},
        {"full_name": "Trần Văn Bình", "member_id": str(world.member_b.pk), "title": "Công nhân giỏi"},
    ]
    response = client.post(reverse("campaigns:registration_grid", args=[registration.pk]), grid_post(rows))
    assert [(e.row, e.column, e.message) for e in response.context["errors"]] == [
        (1, "Tập thể", "“Công nhân giỏi” là danh hiệu cho cá nhân."),
        (2, "Họ và tên", "“Tập thể lao động giỏi” là danh hiệu cho tập thể."),
        (3, "Tập thể", "Mỗi dòng chỉ ghi một đoàn viên hoặc một tập thể, không ghi cả hai."),
        (4, "Họ và tên", "Hãy nhập họ tên đoàn viên hoặc tên tập thể."),
        (5, "Họ và tên", "Đoàn viên này không thuộc Công đoàn Công ty Cổ phần Fecon."),
    ]


def test_grid_when_registration_is_closed_saves_nothing(client, world):
    worker_title()
    campaign = RegCampaignFactory(launched_by=world.district_a)
    RegPhaseFactory(campaign=campaign, registration_open=False)
    registration = UnitRegistrationFactory(campaign=campaign, unit=world.grassroots_a)
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:registration_grid", args=[registration.pk]),
        grid_post([{"full_name": "Nguyễn Thị Kim Dung", "title": "Công nhân giỏi"}]),
    )
    assert "Đã hết hạn đăng ký" in response.content.decode()
    assert TitleRegistration.objects.count() == 0


def test_grid_on_an_accepted_registration_saves_nothing_for_the_union(client, world, registration):
    registration.state = S.ACCEPTED
    registration.save()
    client.force_login(world.officer_a)
    response = client.post(
        reverse("campaigns:registration_grid", args=[registration.pk]),
        grid_post([{"full_name": "Nguyễn Thị Kim Dung", "title": "Công nhân giỏi"}]),
    )
    assert "Bản đăng ký đã được chấp nhận, không thể sửa nữa." in response.content.decode()
    assert TitleRegistration.objects.count() == 0


def test_validation_cost_does_not_grow_with_rows(world, registration):
    members = MemberFactory.create_batch(211, unit=world.grassroots_a)

    def rows(chunk):
        return [RowInput(row=i + 1, full_name=m.full_name, title="Công nhân giỏi") for i, m in enumerate(chunk)]

    # The first save also fills Django's content-type cache: leave it out of the comparison.
    domain.add_title_registrations(registration, rows(members[:1]), by=world.reviewer, source=EntrySource.GRID)
    # Lock, phase, members, titles, registrations already in the campaign, count, insert, history: the same
    # reads for 5 rows as for 205; the rows go in bulk (SQLite's parameter limit splits 205 rows in two).
    with CaptureQueriesContext(connection) as few:
        domain.add_title_registrations(registration, rows(members[1:6]), by=world.reviewer, source=EntrySource.GRID)
    with CaptureQueriesContext(connection) as many:
        saved = domain.add_title_registrations(
            registration, rows(members[6:]), by=world.reviewer, source=EntrySource.GRID
        )
    assert saved == 205

    def split(queries):
        inserts = [q for q in queries if q["sql"].startswith('INSERT INTO "campaigns_titleregistration"')]
        return len(queries) - len(inserts), len(inserts)

    assert split(few.captured_queries) == (split(many.captured_queries)[0], 1)
    assert split(many.captured_queries)[1] in (1, 2)


# The .xlsx import


def import_url(registration):
    return reverse("campaigns:registration_import", args=[registration.pk])


def test_import_good_file_saves_every_row(client, world, registration, people):
    client.force_login(world.reviewer)
    upload = xlsx(
        [
            ["Nguyễn Thị Kim Dung", datetime.datetime(1990, 5, 17), "Công nhân giỏi", None, "Tổ trưởng"],
            ["PHAM VAN HUNG", "09/01/1979", "cong nhan gioi", None, None],
            [None, None, None, None, None],
            [None, None, "Tập thể lao động giỏi", "Phân xưởng cơ khí", None],
        ]
    )
    response = client.post(import_url(registration), {"file": upload}, follow=True)
    assert "Đã nhập 3 đăng ký danh hiệu." in response.content.decode()
    assert saved(registration) == [
        ("Nguyễn Thị Kim Dung", "Công nhân giỏi", "Tổ trưởng"),
        ("Phân xưởng cơ khí", "Tập thể lao động giỏi", ""),
        ("Phạm Văn Hùng", "Công nhân giỏi", ""),
    ]
    assert TitleRegistration.objects.get(member__full_name="Phạm Văn Hùng").member == people["hung1"]
    entry = history_for(registration).get()
    assert (entry.action, entry.changes, entry.note) == (
        "import",
        {
            "title_registrations": [0, 3],
            "entered_through": [None, "file"],
            "on_behalf_of": [None, "Công đoàn Công ty Cổ phần Fecon"],
        },
        "dang-ky.xlsx",
    )


def test_import_bad_file_lists_errors_by_row_and_column_and_saves_nothing(client, world, registration, people):
    client.force_login(world.insider)
    upload = xlsx(
        [
            ["Nguyễn Thị Kim Dung", "17/05/1990", "Công nhân giỏi", None, None],
            ["Nguyễn Thị Kim Dung", "18/05/1990", "Công nhân giỏi", None, None],
            ["Lê Thị Hoa", "hôm qua", "Chiến sĩ thi đua toàn quốc", None, None],
        ]
    )
    response = client.post(import_url(registration), {"file": upload})
    assert response.status_code == 200
    assert [(e.row, e.column, e.message) for e in response.context["row_errors"]] == [
        (
            3,
            "Họ và tên",
            "Công đoàn Công ty Cổ phần Fecon không có đoàn viên tên “Nguyễn Thị Kim Dung” sinh ngày 18/05/1990.",
        ),
        (4, "Danh hiệu đăng ký", "Không có danh hiệu “Chiến sĩ thi đua toàn quốc”."),
        (4, "Ngày sinh", "“hôm qua” không phải là ngày (dd/mm/yyyy)."),
    ]
    assert response.context["form"].non_field_errors() == ["Chưa lưu gì: 2 dòng có lỗi."]
    assert TitleRegistration.objects.count() == 0


def test_import_detects_duplicates_in_the_file_and_in_the_campaign(client, world, registration, people):
    TitleRegistrationFactory(registration=registration, member=people["hoa"], title=worker_title())
    client.force_login(world.reviewer)
    upload = xlsx(
        [
            ["Lê Thị Hoa", None, "Công nhân giỏi", None, None],
            ["Nguyễn Thị Kim Dung", None, "Công nhân giỏi", None, None],
            ["Nguyen Thi Kim Dung", "17/05/1990", "Công nhân giỏi", None, None],
        ]
    )
    response = client.post(import_url(registration), {"file": upload})
    assert [(e.row, e.column, e.message) for e in response.context["row_errors"]] == [
        (
            2,
            "Danh hiệu đăng ký",
            "Lê Thị Hoa đã được đăng ký danh hiệu “Công nhân giỏi” trong phong trào này "
            "(Công đoàn Công ty Cổ phần Fecon).",
        ),
        (4, "Danh hiệu đăng ký", "Trùng lặp: dòng 3 đã đăng ký Nguyễn Thị Kim Dung cho danh hiệu “Công nhân giỏi”."),
    ]
    assert TitleRegistration.objects.count() == 1


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("dang-ky.csv", b"Ho va ten;Danh hieu\n"), "Chỉ nhận tệp Excel (.xlsx)."),
        (SimpleUploadedFile("dang-ky.xlsx", b"Ho va ten;Danh hieu\n"), "Nội dung tệp không phải là tệp xlsx."),
        (
            SimpleUploadedFile("dang-ky.xlsx", b"PK\x03\x04 not really a zip"),
            "Không đọc được tệp như một bảng tính Excel (.xlsx).",
        ),
    ],
)
def test_import_refuses_files_that_are_not_xlsx(client, world, registration, upload, message):
    client.force_login(world.reviewer)
    response = client.post(import_url(registration), {"file": upload})
    assert response.context["form"].errors["file"] == [message]


def test_import_refuses_a_file_without_headings(client, world, registration):
    client.force_login(world.reviewer)
    upload = xlsx([["Nguyễn Thị Kim Dung", "Công nhân giỏi"]], headings=["Tên", "Giải"])
    response = client.post(import_url(registration), {"file": upload})
    assert response.context["form"].errors["file"] == [
        "Dòng đầu tiên phải là tiêu đề cột; còn thiếu: Họ và tên, Danh hiệu đăng ký."
    ]


def test_import_refuses_a_file_that_is_too_large(client, world, registration, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(world.reviewer)
    response = client.post(import_url(registration), {"file": xlsx([["Nguyễn Thị Kim Dung", None, "Công nhân giỏi"]])})
    assert response.context["form"].errors["file"] == ["Tệp lớn hơn 1,0\xa0KB."]
    assert TitleRegistration.objects.count() == 0


def test_import_refuses_too_many_rows(client, world, registration, settings):
    settings.IMPORT_MAX_ROWS = 2
    client.force_login(world.reviewer)
    rows = [["Nguyễn Thị Kim Dung", None, "Công nhân giỏi"]] * 3
    response = client.post(import_url(registration), {"file": xlsx(rows)})
    assert response.context["form"].errors["file"] == ["Tệp có hơn 2 dòng; hãy chia thành các tệp nhỏ hơn."]


def test_import_pages_scope(client, world, registration):
    for user in (world.insider, world.reviewer):
        client.force_login(user)
        assert client.get(import_url(registration)).status_code == 200
    client.force_login(world.outsider)
    assert client.get(import_url(registration)).status_code == 404
    response = client.post(import_url(registration), {"file": xlsx([["Nguyễn Thị Kim Dung", None, "Công nhân giỏi"]])})
    assert response.status_code == 404
    assert TitleRegistration.objects.count() == 0


def test_template_lists_headings_titles_and_members_and_imports_back(client, world, registration):
    url = reverse("campaigns:registration_import_template", args=[registration.pk])
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.reviewer)
    assert client.get(url).status_code == 200
    client.force_login(world.insider)
    response = client.get(url)
    assert response["Content-Disposition"] == 'attachment; filename="dang-ky-danh-hieu-FECON.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Đăng ký thi đua", "Danh hiệu", "Đoàn viên"]
    sheet = workbook["Đăng ký thi đua"]
    assert [c.value for c in sheet[1]] == HEADINGS
    # Every active title of the catalogue (seeded by the awards app, plus the factories' own).
    titles = AwardTitle.objects.filter(active=True).order_by("order", "name")
    assert [[c.value for c in row] for row in workbook["Danh hiệu"].iter_rows()] == [
        ["Danh hiệu", "Đối tượng"],
        *[[t.name, str(t.get_subject_display())] for t in titles],
    ]
    assert ["Tập thể lao động giỏi", "Tập thể"] in [[c.value for c in row] for row in workbook["Danh hiệu"].iter_rows()]
    assert [[c.value for c in row] for row in workbook["Đoàn viên"].iter_rows()] == [
        ["Họ và tên", "Ngày sinh"],
        ["Nguyễn Thị Kim Dung", "17/05/1990"],
    ]
    sheet.append(["Nguyễn Thị Kim Dung", "17/05/1990", "Công nhân giỏi"])
    output = io.BytesIO()
    workbook.save(output)
    upload = SimpleUploadedFile("mau.xlsx", output.getvalue())
    assert client.post(import_url(registration), {"file": upload}).status_code == 302
    assert saved(registration) == [("Nguyễn Thị Kim Dung", "Công nhân giỏi", "")]


def test_grid_keeps_row_numbers_across_blank_rows(client, world, registration):
    client.force_login(world.insider)
    rows = [
        {"full_name": "Nguyễn Thị Kim Dung", "title": "Công nhân giỏi"},
        {},
        {"full_name": "Ai Đó", "title": "Công nhân giỏi"},
        {},
    ]
    response = client.post(reverse("campaigns:registration_grid", args=[registration.pk]), grid_post(rows))
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "Họ và tên")]
    assert [row.row for row, _errors in response.context["rows"]] == [1, 2, 3]


def test_grid_refuses_more_rows_than_the_limit(client, world, registration, settings):
    settings.IMPORT_MAX_ROWS = 2
    client.force_login(world.insider)
    rows = [{"full_name": "Nguyễn Thị Kim Dung", "title": "Công nhân giỏi"}] * 3
    response = client.post(reverse("campaigns:registration_grid", args=[registration.pk]), grid_post(rows))
    assert "Mỗi lần chỉ lưu được tối đa 2 dòng; hãy chia nhỏ." in response.content.decode()
    assert TitleRegistration.objects.count() == 0


def test_grid_without_rows_says_so(client, world, registration):
    client.force_login(world.insider)
    response = client.post(reverse("campaigns:registration_grid", args=[registration.pk]), grid_post([{}, {}]))
    assert "Không có dòng nào để lưu." in response.content.decode()


def test_import_reads_dates_typed_as_numbers(client, world, registration, people):
    client.force_login(world.reviewer)
    # 32204 is Excel's serial number of 02/03/1988.
    upload = xlsx([["Lê Thị Hoa", 32204, "Công nhân giỏi", None, None]])
    assert client.post(import_url(registration), {"file": upload}).status_code == 302
    assert saved(registration) == [("Lê Thị Hoa", "Công nhân giỏi", "")]


@pytest.mark.parametrize("count", [1, 3])
def test_member_search_query_count_does_not_grow(client, world, registration, django_assert_num_queries, count):
    MemberFactory.create_batch(count, unit=world.grassroots_a, full_name="Vũ Thị Lan")
    client.force_login(world.reviewer)
    url = reverse("campaigns:registration_member_search", args=[registration.pk])
    client.get(url, {"q": "vu thi lan"})
    # Session, user, roles, the registration, the members.
    with django_assert_num_queries(5):
        response = client.get(url, {"q": "vu thi lan"})
    assert len(response.json()["results"]) == count


def test_grid_takes_hundreds_of_rows_as_one_json_field(client, world, registration):
    members = MemberFactory.create_batch(250, unit=world.grassroots_a)
    rows = [{"full_name": m.full_name, "title": "Công nhân giỏi", "member_id": ""} for m in members] + [{}]
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:registration_grid", args=[registration.pk]), {"rows_json": json.dumps(rows)}
    )
    assert response.status_code == 302
    assert TitleRegistration.objects.filter(registration=registration).count() == 250


@pytest.mark.parametrize("packed", ["not json", '{"full_name": "x"}', '["x", 3]'])
def test_grid_with_a_garbled_json_field_saves_nothing(client, world, registration, packed):
    client.force_login(world.reviewer)
    response = client.post(reverse("campaigns:registration_grid", args=[registration.pk]), {"rows_json": packed})
    assert response.status_code == 200
    assert TitleRegistration.objects.count() == 0


def test_an_import_where_every_row_fails_the_same_way_lists_the_problem_once(client, world, registration):
    client.force_login(world.reviewer)
    upload = xlsx([[None, None, "Lao động tiên tiến", f"Tổ sản xuất {n}", None] for n in range(1, 51)])
    response = client.post(import_url(registration), {"file": upload})
    assert len(response.context["row_errors"]) == 50
    table = re.search(r'data-testid="import-errors">.*?<tbody>(.*?)</tbody>', response.content.decode(), re.S).group(1)
    rows = [re.findall(r"<td>([^<]*)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table)]
    assert rows == [["2–51", "Danh hiệu đăng ký", "Không có danh hiệu “Lao động tiên tiến”."]]
    assert TitleRegistration.objects.count() == 0


def test_grid_saves_are_recorded_as_fast_entry_not_as_a_file_import(client, world, registration, people):
    client.force_login(world.reviewer)
    rows = [{"full_name": "Lê Thị Hoa", "title": "Công nhân giỏi"}]
    assert (
        client.post(reverse("campaigns:registration_grid", args=[registration.pk]), grid_post(rows)).status_code == 302
    )
    html = client.get(registration.get_absolute_url()).content.decode()
    history = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split('data-testid="history"')[1]))
    # PostgreSQL's jsonb keeps the keys in its own order: each change is checked on its own.
    assert "Chỉnh sửa " in history
    assert "đăng ký danh hiệu : 0 → 1" in history
    assert "cách nhập : bảng nhập nhanh" in history
    assert "Nhập từ tệp" not in history
