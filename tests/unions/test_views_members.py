import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import MemberFactory
from unions.enums import Gender
from unions.models import Member

pytestmark = pytest.mark.django_db


def _names(response):
    return [m.full_name for m in response.context["page_obj"]]


def test_search_ignores_diacritics_and_case(client, world):
    MemberFactory(unit=world.grassroots_a2, full_name="Nguyễn Thị Kim Dũng")
    MemberFactory(unit=world.grassroots_a2, full_name="Trần Văn Dung")
    client.force_login(world.reviewer)
    response = client.get(reverse("unions:member_list"), {"q": "NGUYEN thi kim dung"})
    assert sorted(_names(response)) == ["Nguyễn Thị Kim Dung", "Nguyễn Thị Kim Dũng"]


def test_member_list_keeps_to_the_scope(client, world):
    client.force_login(world.outsider)
    assert _names(client.get(reverse("unions:member_list"))) == ["Trần Văn Bình"]
    client.force_login(world.insider)
    assert _names(client.get(reverse("unions:member_list"))) == ["Nguyễn Thị Kim Dung"]


def test_member_list_filters(client, world):
    MemberFactory(unit=world.grassroots_a2, full_name="Lê Văn An", trade="Giáo viên")
    MemberFactory(unit=world.grassroots_a2, full_name="Lê Thị Bích", gender=Gender.FEMALE, active=False)
    client.force_login(world.reviewer)
    url = reverse("unions:member_list")
    assert _names(client.get(url, {"unit": world.grassroots_a2.pk})) == ["Lê Văn An"]
    assert _names(client.get(url, {"unit": world.grassroots_a2.pk, "active": "all"})) == ["Lê Thị Bích", "Lê Văn An"]
    assert _names(client.get(url, {"active": "0"})) == ["Lê Thị Bích"]
    assert _names(client.get(url, {"trade": "giáo"})) == ["Lê Văn An"]
    assert _names(client.get(url, {"gender": "male", "unit": world.district_a.pk})) == [
        "Lê Văn An",
        "Nguyễn Thị Kim Dung",
    ]


def test_member_list_filter_refuses_unit_outside_scope(client, world):
    client.force_login(world.insider)
    response = client.get(reverse("unions:member_list"), {"unit": world.grassroots_b.pk})
    assert "unit" in response.context["form"].errors
    assert _names(response) == ["Nguyễn Thị Kim Dung"]


def test_member_list_ignores_a_junk_unit(client, world):
    # "²" passed str.isdigit() and then broke int() (500).
    client.force_login(world.insider)
    for junk in ["²", "99999999999999999999", "abc"]:
        response = client.get(reverse("unions:member_list"), {"unit": junk})
        assert "unit" in response.context["form"].errors
        assert _names(response) == ["Nguyễn Thị Kim Dung"]


def test_export_writes_the_filtered_list_and_formulas_as_text(client, world):
    MemberFactory(unit=world.grassroots_a, full_name="Hoàng Văn Công", trade='=HYPERLINK("http://x")', position="+1")
    MemberFactory(unit=world.grassroots_a2, full_name="Lê Văn An")
    client.force_login(world.reviewer)
    response = client.get(reverse("unions:member_export"), {"unit": world.grassroots_a.pk})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Công đoàn", "Họ và tên", "Giới tính (Nam/Nữ)")
    assert [r[1] for r in rows[1:]] == ["Hoàng Văn Công", "Nguyễn Thị Kim Dung"]
    assert rows[1][2:4] == ("Nam", "17/05/1990")
    trade, position = sheet.cell(row=2, column=5), sheet.cell(row=2, column=6)
    assert (trade.value, trade.data_type, trade.quotePrefix) == ('=HYPERLINK("http://x")', "s", True)
    assert (position.value, position.data_type, position.quotePrefix) == ("+1", "s", True)
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no cell is stored as a formula


def test_member_create_flags_likely_duplicate_and_shows_warning(client, world):
    client.force_login(world.reviewer)
    response = client.post(
        reverse("unions:member_create"),
        {
            "unit": world.grassroots_a2.pk,
            "full_name": "nguyen thi kim dung",
            "gender": "female",
            "date_of_birth": "17/05/1990",
        },
    )
    member = Member.objects.get(unit=world.grassroots_a2)
    assert response["Location"] == member.get_absolute_url()
    assert member.possible_duplicate_of == world.member_a
    html = client.get(member.get_absolute_url()).content.decode()
    assert 'data-testid="duplicate-warning"' in html
    assert world.member_a.get_absolute_url() in html


def test_duplicate_warning_does_not_reveal_a_member_out_of_scope(client, world):
    twin = MemberFactory(unit=world.grassroots_a2, full_name="Nguyễn Thị Kim Dung", possible_duplicate_of=None)
    world.member_a.possible_duplicate_of = twin
    world.member_a.save()
    client.force_login(world.insider)
    html = client.get(world.member_a.get_absolute_url()).content.decode()
    assert "Đã có một đoàn viên cùng họ tên và ngày sinh tại một công đoàn cơ sở khác" in html
    assert twin.get_absolute_url() not in html


def test_officer_may_only_add_members_to_own_union(client, world):
    client.force_login(world.insider)
    response = client.post(
        reverse("unions:member_create"),
        {"unit": world.grassroots_a2.pk, "full_name": "Lê Thị Hoa", "gender": "female", "date_of_birth": "01/01/1990"},
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Member.objects.filter(full_name="Lê Thị Hoa").exists()


def test_member_edit_shows_history(client, world):
    client.force_login(world.insider)
    response = client.post(
        reverse("unions:member_edit", args=[world.member_a.pk]),
        {
            "unit": world.grassroots_a.pk,
            "full_name": "Nguyễn Thị Kim Dung",
            "gender": "female",
            "date_of_birth": "17/05/1990",
            "trade": "Kế toán",
            "phone": "0987654321",
        },
    )
    assert response.status_code == 302
    html = client.get(world.member_a.get_absolute_url()).content.decode()
    assert "Hàn điện → Kế toán" in html
    assert "<strong>giới tính</strong>: Nam → Nữ" in html
    assert "<strong>nghề nghiệp, công việc</strong>: Hàn điện → Kế toán" in html


def test_member_deactivate(client, world):
    client.force_login(world.reviewer)
    response = client.post(reverse("unions:member_deactivate", args=[world.member_a.pk]))
    assert response["Location"] == world.member_a.get_absolute_url()
    world.member_a.refresh_from_db()
    assert world.member_a.active is False


def test_export_over_the_limit_asks_to_narrow_the_filters(client, world, settings):
    settings.EXPORT_MAX_ROWS = 1
    MemberFactory(unit=world.grassroots_a2)
    client.force_login(world.reviewer)
    response = client.get(reverse("unions:member_export"), {"trade": "hàn"}, follow=True)
    assert response.redirect_chain == [(reverse("unions:member_list") + "?trade=h%C3%A0n", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "2 đoàn viên phù hợp: hãy thu hẹp bộ lọc còn tối đa 1 người để xuất tệp."
    ]


def test_unit_filter_is_searched_by_typing_within_the_scope(client, world):
    """A district has hundreds of unions: the filter renders only the chosen one and finds the others
    by typing (?pick=unit), any depth of the user's scope and nothing outside it."""
    client.force_login(world.city_reviewer)
    page = client.get(reverse("unions:member_list")).content.decode()
    filters = page.split('data-testid="member-filter"')[1].split("</form>")[0]
    assert '<input type="hidden" name="unit" value=""' in filters
    assert "LĐLĐ huyện Đan Phượng" not in filters
    found = client.get(reverse("unions:member_list"), {"pick": "unit", "q": "fecon"}).json()
    assert [r["text"] for r in found["results"]] == ["Công đoàn Công ty Cổ phần Fecon"]
    response = client.get(reverse("unions:member_list"), {"unit": world.grassroots_a.pk})
    assert 'value="Công đoàn Công ty Cổ phần Fecon"' in response.content.decode()
    assert _names(response) == ["Nguyễn Thị Kim Dung"]
    client.force_login(world.staff_b)
    assert client.get(reverse("unions:member_list"), {"pick": "unit", "q": "fecon"}).json()["results"] == []
    outside = client.get(reverse("unions:member_list"), {"unit": world.grassroots_a.pk})
    assert "Nguyễn Thị Kim Dung" not in _names(outside)
    assert "Công đoàn Công ty Cổ phần Fecon" not in outside.content.decode()


def test_long_export_is_written_by_a_worker_and_handed_over_once(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_SYNC_MAX_ROWS = 1
    MemberFactory(unit=world.grassroots_a2, full_name="Lê Văn An")
    MemberFactory(unit=world.grassroots_b, full_name="Ngoài Phạm Vi")
    client.force_login(world.reviewer)
    with django_capture_on_commit_callbacks(execute=True):  # the job is sent once its row is committed
        response = client.get(reverse("unions:member_export"), {"active": "1"})
    url = response["Location"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert url == reverse("unions:member_export_file", args=[token])
    # Celery runs eagerly in tests: the worker has written the file already.
    poll = client.get(url, HTTP_HX_REQUEST="true")
    assert 'data-testid="export-status"' in poll.content.decode()
    assert "Tệp đã sẵn sàng." in poll.content.decode()
    download = client.get(url)
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Lê Văn An", "Nguyễn Thị Kim Dung"]
    assert not default_storage.exists(f"exports/members/{token}.xlsx")
    assert not default_storage.exists(f"exports/members/{token}.ready")
    assert client.get(url).status_code == 404


def test_another_session_cannot_fetch_an_export(client, world, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    client.force_login(world.reviewer)
    url = client.get(reverse("unions:member_export"))["Location"]
    other = Client()
    other.force_login(world.city_reviewer)
    assert other.get(url).status_code == 404
    assert client.get(url).status_code == 200


def test_failed_export_says_so(client, world, settings):
    settings.EXPORT_SYNC_MAX_ROWS = 0
    client.force_login(world.reviewer)
    session = client.session
    session["unions_exports"] = ["f" * 32]
    session.save()
    default_storage.save("exports/members/" + "f" * 32 + ".failed", ContentFile(b""))
    html = client.get(reverse("unions:member_export_file", args=["f" * 32])).content.decode()
    assert "Không ghi được tệp. Hãy thử lại hoặc thu hẹp bộ lọc." in html
    default_storage.delete("exports/members/" + "f" * 32 + ".failed")
