"""City reviewers and admins search and export the change log: who, when, what, why (issue 13, point 5)."""

import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import MemberFactory
from tests.scope import finish
from unions import domain
from unionsite.history import record_change
from unionsite.models import ChangeRecord

pytestmark = pytest.mark.django_db

URL = "/nhat-ky-thay-doi/"
EXPORT = "/nhat-ky-thay-doi/xuat/"


def _at(record, day):
    ChangeRecord.objects.filter(pk=record.pk).update(
        at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    )
    return record


@pytest.fixture
def log(world):
    """Three changes by three people on three days."""
    lan = MemberFactory(unit=world.grassroots_a, full_name="Vũ Thị Lan")
    renamed = _at(
        record_change(lan, by=world.officer_a, action="update", changes={"full_name": ["Vũ Thị Lân", "Vũ Thị Lan"]}),
        datetime.date(2026, 3, 2),
    )
    domain.revoke_role(world.officer_a.role_assignments.get(), by=world.staff_a, note="Chuyển công tác")
    revoked = _at(ChangeRecord.objects.filter(content_type__model="roleassignment").get(), datetime.date(2026, 3, 5))
    ChangeRecord.objects.exclude(pk__in=[renamed.pk, revoked.pk]).delete()  # the unit's and account's copies
    deactivated = _at(
        record_change(
            lan, by=world.city_reviewer, action="transition", changes={"active": [True, False]}, note="Nghỉ hưu"
        ),
        datetime.date(2026, 3, 9),
    )
    return {"renamed": renamed, "revoked": revoked, "deactivated": deactivated}


def _found(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return [entry.record for entry in response.context["entries"]]


def test_only_city_reviewers_and_admins_open_it(client, world):
    for user, status in [(world.officer_a, 403), (world.staff_a, 403), (world.city_reviewer, 200), (world.admin, 200)]:
        client.force_login(user)
        assert client.get(URL).status_code == status
        assert finish(client.get(EXPORT)).status_code == status
        menu = client.get("/").content.decode()
        assert (f'href="{URL}"' in menu) == (status == 200)


def test_newest_first_with_who_what_and_why(client, world, log):
    client.force_login(world.city_reviewer)
    assert _found(client) == [log["deactivated"], log["revoked"], log["renamed"]]
    html = client.get(URL).content.decode()
    assert "Nghỉ hưu" in html
    assert "Chuyển công tác" in html
    assert "09/03/2026 09:30" in html


def test_search_by_who_kind_action_dates_and_text(client, world, log):
    client.force_login(world.city_reviewer)
    member_type = ChangeRecord.objects.get(pk=log["renamed"].pk).content_type_id
    assert _found(client, who="staff_a") == [log["revoked"]]
    assert _found(client, who="Hằng") == [log["renamed"]]  # officer_a's given name
    assert _found(client, record_type=member_type) == [log["deactivated"], log["renamed"]]
    assert _found(client, action="transition") == [log["deactivated"]]
    assert _found(client, date_from="03/03/2026", date_to="05/03/2026") == [log["revoked"]]
    assert _found(client, date_to="02/03/2026") == [log["renamed"]]
    # Text in the reason, and in the changed values (Vietnamese letters, whatever the database).
    assert _found(client, q="công tác") == [log["revoked"]]
    assert _found(client, q="Thị Lân") == [log["renamed"]]
    # A filter that does not parse, or a date no change was made on, is left out.
    assert len(_found(client, date_from="31/02/2026", record_type="²")) == 3
    assert len(_found(client, date_from="01/01/0001", date_to="31/12/9999")) == 3


def test_the_page_makes_as_many_queries_for_three_rows_as_for_one(client, world, django_assert_num_queries):
    client.force_login(world.city_reviewer)
    members = [MemberFactory(unit=world.grassroots_a) for _ in range(3)]
    ChangeRecord.objects.all().delete()
    record_change(members[0], by=world.officer_a, action="update", changes={"trade": ["", "Hàn"]})
    client.get(URL)
    # The session, the user, their roles, the count, the rows, the records they name (one kind here).
    with django_assert_num_queries(6) as one:
        assert len(client.get(URL).context["entries"]) == 1
    for member in members[1:]:
        record_change(member, by=world.staff_a, action="update", changes={"trade": ["", "Tiện"]})
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(URL).context["entries"]) == 3


def test_export_is_a_streamed_workbook_of_the_search(client, world, log):
    client.force_login(world.city_reviewer)
    response = client.get(EXPORT, {"q": "Lân"})
    assert response.streaming
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="nhat-ky-thay-doi-')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        [
            "Thời điểm",
            "Người thực hiện",
            "Tên đăng nhập",
            "Loại hồ sơ",
            "Số hiệu hồ sơ",
            "Thao tác",
            "Nội dung thay đổi",
            "Lý do",
        ],
        [
            "02/03/2026 09:30",
            "Hằng",
            "officer_a",
            "Đoàn viên",
            log["renamed"].object_id,
            "Chỉnh sửa",
            "Họ và tên: Vũ Thị Lân → Vũ Thị Lan",
            None,
        ],
    ]


def test_an_export_beyond_the_limit_asks_to_narrow_the_search(client, world, log, settings):
    settings.CHANGE_LOG_EXPORT_MAX_ROWS = 2
    client.force_login(world.city_reviewer)
    response = client.get(EXPORT, {"who": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Có 3 thay đổi khớp điều kiện: hãy thu hẹp điều kiện tìm còn tối đa 2 để xuất."
    ]
