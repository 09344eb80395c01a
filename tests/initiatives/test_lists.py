"""The register's list: who sees which rows, every filter, the totals panel, query counts, the export."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from initiatives import domain
from initiatives.enums import CouncilRole, InitiativeState
from initiatives.models import Council, Programme
from tests.factories import MemberFactory, UserFactory
from tests.initiatives.factories import make_council, make_initiative, recognise

S = InitiativeState
pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
LIST = reverse("initiatives:list")
EXPORT = reverse("initiatives:export")


@pytest.fixture
def register(world):
    """Five initiatives of district_a (one at the city, one at the district, one recognised at the
    grassroots, a submitted one, a draft) and one of district_b."""
    make_council(world.grassroots_a, world.officer_a)
    make_council(world.grassroots_a2, world.staff_a)
    make_council(world.district_a, world.staff_a)
    make_council(world.city, world.city_reviewer)
    colleague = MemberFactory(unit=world.grassroots_a2, full_name="Lê Văn Cường")
    rows = {}
    rows["city"] = make_initiative(
        world.grassroots_a,
        world.officer_a,
        title="Máy cắt thép tự động",
        value=1_250_000_000,
        authors=[(world.member_a, 60), (colleague, 40)],
        submit=True,
    )
    recognise(rows["city"], world.officer_a, number="1/QĐ-CĐ")
    domain.WORKFLOW.transition(rows["city"], S.SUBMITTED, by=world.officer_a)
    recognise(rows["city"], world.staff_a, number="1/QĐ-LĐLĐ")
    domain.WORKFLOW.transition(rows["city"], S.SUBMITTED, by=world.staff_a)
    recognise(rows["city"], world.city_reviewer, number="1/QĐ-TP")
    rows["upper"] = make_initiative(
        world.grassroots_a2,
        world.staff_a,
        title="Phần mềm quản lý thư viện trường",
        value=120_000_000,
        authors=[(colleague, 100)],
        field_code="ung-dung-cong-nghe",
        submit=True,
    )
    recognise(rows["upper"], world.staff_a, number="2/QĐ-CĐ")
    domain.WORKFLOW.transition(rows["upper"], S.SUBMITTED, by=world.staff_a)
    recognise(rows["upper"], world.staff_a, number="2/QĐ-LĐLĐ")
    rows["grassroots"] = make_initiative(
        world.grassroots_a, world.officer_a, title="Khuôn ép nhựa nhiều lòng", value=80_000_000, submit=True
    )
    recognise(rows["grassroots"], world.officer_a, number="3/QĐ-CĐ")
    rows["submitted"] = make_initiative(
        world.grassroots_a,
        world.officer_a,
        title="Quy trình kiểm kê kho bằng mã vạch",
        value=None,
        social_value="Giảm sai sót khi kiểm kê",
        field_code="quan-ly",
        year=TODAY.year - 1,
        submit=True,
    )
    rows["draft"] = make_initiative(
        world.grassroots_a, world.officer_a, title="Bàn gá hàn xoay", value=30_000_000, year=TODAY.year - 2
    )
    rows["draft"].programmes.set([Programme.objects.get(code="mot-trieu-sang-kien")])
    rows["outside"] = make_initiative(
        world.grassroots_b, world.officer_b, title="Máy cắt cỏ cải tiến", value=500_000_000
    )
    return rows


def _titles(response):
    return [row.title for row in response.context["page_obj"]]


def _get(client, user, params=None, url=LIST):
    client.force_login(user)
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response


def test_each_user_sees_the_rows_of_their_scope(client, world, register):
    district = {"Máy cắt thép tự động", "Phần mềm quản lý thư viện trường", "Khuôn ép nhựa nhiều lòng"}
    district |= {"Quy trình kiểm kê kho bằng mã vạch", "Bàn gá hàn xoay"}
    own = district - {"Phần mềm quản lý thư viện trường"}
    assert set(_titles(_get(client, world.officer_a))) == own
    assert set(_titles(_get(client, world.staff_a))) == district
    assert set(_titles(_get(client, world.city_reviewer))) == district | {"Máy cắt cỏ cải tiến"}
    # The outsider sees their own union's only, and searching does not reach the insider's.
    assert _titles(_get(client, world.officer_b)) == ["Máy cắt cỏ cải tiến"]
    assert _titles(_get(client, world.officer_b, {"q": "thep"})) == []


def test_a_council_member_lists_what_their_council_took_up_outside_their_scope(client, world, register):
    """officer_b (district_b) sits on grassroots_a's council: the list shows their own union's row and
    the two initiatives that council took up (recognised at the grassroots), with the totals and the
    count over those rows; the initiatives merely submitted stay hidden; once they leave, so do the
    council's."""
    # On no council, the list reads the scope's condition alone (no reviews, no OR to serve).
    client.force_login(world.officer_b)
    with CaptureQueriesContext(connection) as captured:
        assert _titles(client.get(LIST)) == ["Máy cắt cỏ cải tiến"]
    assert not [q for q in captured if "initiatives_review" in q["sql"]]
    council = Council.objects.get(unit=world.grassroots_a)
    seat = domain.add_council_member(
        council, user=world.officer_b, full_name="Phạm Văn Bình", role=CouncilRole.MEMBER, by=world.officer_a
    )
    response = _get(client, world.officer_b)
    assert _titles(response) == ["Máy cắt cỏ cải tiến", "Khuôn ép nhựa nhiều lòng", "Máy cắt thép tự động"]
    totals = response.context["totals"]
    assert (totals["count"], totals["value"]) == (3, 1_250_000_000 + 80_000_000 + 500_000_000)
    assert totals["levels"] == [
        ("grassroots", "Cấp cơ sở", 2, 1_330_000_000),
        ("upper", "Cấp quận, huyện", 1, 1_250_000_000),
        ("city", "Cấp Thành phố (Thủ đô)", 1, 1_250_000_000),
    ]
    assert response.context["page_obj"].paginator.count == 3
    # The filters apply to the council's rows as to the others.
    assert _titles(_get(client, world.officer_b, {"q": "may cat"})) == ["Máy cắt cỏ cải tiến", "Máy cắt thép tự động"]
    assert _titles(_get(client, world.officer_b, {"unit": world.grassroots_b.pk})) == ["Máy cắt cỏ cải tiến"]
    domain.remove_council_member(seat, by=world.officer_a, reason="Chuyển công tác")
    assert _titles(_get(client, world.officer_b)) == ["Máy cắt cỏ cải tiến"]


def test_an_admin_lists_every_initiative(client, world, register):
    admin = UserFactory(is_superuser=True, is_staff=True)
    response = _get(client, admin)
    assert len(_titles(response)) == 6
    assert response.context["totals"]["count"] == 6


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "may cat"}, ["Máy cắt thép tự động"]),
        ({"q": "MÁY   CẮT thép"}, ["Máy cắt thép tự động"]),
        ({"level": "city"}, ["Máy cắt thép tự động"]),
        ({"level": "upper"}, ["Phần mềm quản lý thư viện trường"]),
        ({"state": "draft"}, ["Bàn gá hàn xoay"]),
        ({"state": "recognised", "level": "grassroots"}, ["Khuôn ép nhựa nhiều lòng"]),
        (
            {"year_from": TODAY.year - 2, "year_to": TODAY.year - 1},
            ["Quy trình kiểm kê kho bằng mã vạch", "Bàn gá hàn xoay"],
        ),
        ({"year_to": TODAY.year - 2}, ["Bàn gá hàn xoay"]),
        (
            {"value_min": "100.000.000", "value_max": "1.250.000.000"},
            ["Phần mềm quản lý thư viện trường", "Máy cắt thép tự động"],
        ),
        ({"value_max": "80000000"}, ["Khuôn ép nhựa nhiều lòng", "Bàn gá hàn xoay"]),
        ({"programme": "mot-trieu-sang-kien"}, ["Bàn gá hàn xoay"]),
    ],
)
def test_filters(client, world, register, params, expected):
    if params.get("programme"):
        params = {"programme": Programme.objects.get(code=params["programme"]).pk}
    assert _titles(_get(client, world.staff_a, params)) == expected


def test_unit_and_field_filters(client, world, register):
    assert _titles(_get(client, world.staff_a, {"unit": world.grassroots_a2.pk})) == [
        "Phần mềm quản lý thư viện trường"
    ]
    assert len(_titles(_get(client, world.city_reviewer, {"unit": world.district_a.pk}))) == 5
    field = register["submitted"].field
    assert _titles(_get(client, world.staff_a, {"field": field.pk})) == ["Quy trình kiểm kê kho bằng mã vạch"]
    # A union outside the scope is no filter at all (the picker does not offer it): the scope still holds.
    response = _get(client, world.officer_b, {"unit": world.grassroots_a.pk})
    assert _titles(response) == ["Máy cắt cỏ cải tiến"]
    assert "unit" in response.context["form"].errors


def test_the_unit_filter_is_searched_by_typing_within_the_scope(client, world):
    client.force_login(world.officer_b)
    found = client.get(LIST, {"pick": "unit", "q": "cong doan"}).json()
    assert [row["text"] for row in found["results"]] == ["Công đoàn Bệnh viện Đan Phượng"]


def test_a_wrong_filter_is_left_out_and_the_others_apply(client, world, register):
    response = _get(client, world.staff_a, {"value_min": "nhiều", "level": "upper", "year_from": "²"})
    assert _titles(response) == ["Phần mềm quản lý thư viện trường"]
    assert set(response.context["form"].errors) == {"value_min", "year_from"}
    for junk in ("9" * 40, "-5", "1,5", "abc\x00"):
        assert _get(client, world.staff_a, {"value_max": junk, "year_to": junk, "programme": junk}).status_code == 200


def test_rows_show_authors_money_and_state(client, world, register):
    html = _get(client, world.staff_a, {"q": "may cat thep"}).content.decode()
    assert 'Nguyễn Thị Kim Dung&nbsp;<span class="text-muted">60%</span>' in html
    assert 'Lê Văn Cường&nbsp;<span class="text-muted">40%</span>' in html
    assert "1.250.000.000 đ" in html
    assert 'data-testid="initiative-state">Được công nhận</span>' in html
    assert f'href="{register["city"].get_absolute_url()}"' in html


def test_totals_per_level_of_the_listed_rows(client, world, register):
    totals = _get(client, world.staff_a).context["totals"]
    assert totals["count"] == 5
    assert totals["value"] == 1_250_000_000 + 120_000_000 + 80_000_000 + 30_000_000
    assert totals["levels"] == [
        ("grassroots", "Cấp cơ sở", 3, 1_450_000_000),
        ("upper", "Cấp quận, huyện", 2, 1_370_000_000),
        ("city", "Cấp Thành phố (Thủ đô)", 1, 1_250_000_000),
    ]
    # The totals follow the filters; a revoked recognition leaves them.
    domain.WORKFLOW.transition(register["upper"], S.REVOKED, by=world.staff_a, note="Trùng sáng kiến đã có")
    totals = _get(client, world.staff_a, {"unit": world.grassroots_a2.pk}).context["totals"]
    assert (totals["count"], totals["value"]) == (1, 120_000_000)
    assert [row[2:] for row in totals["levels"]] == [(0, 0), (0, 0), (0, 0)]
    html = _get(client, world.staff_a, {"level": "city"}).content.decode()
    assert "Tổng số của các sáng kiến đang liệt kê" in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_query_count_does_not_grow_with_rows(client, world, django_assert_num_queries):
    colleague = MemberFactory(unit=world.grassroots_a2)
    make_initiative(
        world.grassroots_a, world.officer_a, title="Sáng kiến 1", authors=[(world.member_a, 50), (colleague, 50)]
    )
    client.force_login(world.staff_a)
    url = f"{LIST}?unit={world.district_a.pk}&value_min=1"
    client.get(url)
    one, _response = _queries(client, url)
    for n in (2, 3):
        initiative = make_initiative(
            world.grassroots_a2,
            world.staff_a,
            title=f"Sáng kiến {n}",
            authors=[(colleague, 30), (MemberFactory(unit=world.grassroots_a2), 70)],
        )
        initiative.programmes.set(Programme.objects.all())
    with django_assert_num_queries(one):
        response = client.get(url)
    assert response.content.decode().count('data-testid="initiative-row"') == 3


def _sheet(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content)).worksheets[0]


def test_export_of_the_filtered_list(client, world, register):
    world.member_a.card_number = "FECON-0001"
    world.member_a.save()
    client.force_login(world.staff_a)
    response = client.get(EXPORT, {"unit": world.district_a.pk, "year_from": TODAY.year, "q": "may cat"})
    assert response.status_code == 200
    # The file is named by the day in Hà Nội (past 17:00 UTC it is already tomorrow there).
    day = timezone.localdate()
    assert response["Content-Disposition"] == (f'attachment; filename="sang-kien-hd-{TODAY.year}-{day:%Y%m%d}.xlsx"')
    sheet = _sheet(response)
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:8] == [
        "Tên sáng kiến",
        "Công đoàn",
        "Năm",
        "Lĩnh vực",
        "Cấp",
        "Trạng thái",
        "Tác giả",
        "Giá trị làm lợi mỗi năm (đồng)",
    ]
    assert len(rows) == 2
    row = rows[1]
    assert row[:7] == [
        "Máy cắt thép tự động",
        "Công đoàn Công ty Cổ phần Fecon",
        TODAY.year,
        "Kỹ thuật",
        "Cấp Thành phố (Thủ đô)",
        "Được công nhận",
        "Nguyễn Thị Kim Dung (FECON-0001) 60%; Lê Văn Cường 40%",
    ]
    assert row[7] == 1_250_000_000
    assert sheet.cell(row=2, column=8).number_format == "#,##0"
    assert row[12] == (
        f"Cấp cơ sở: 1/QĐ-CĐ ({TODAY:%d/%m/%Y}); Cấp quận, huyện: 1/QĐ-LĐLĐ ({TODAY:%d/%m/%Y}); "
        f"Cấp Thành phố (Thủ đô): 1/QĐ-TP ({TODAY:%d/%m/%Y})"
    )


def test_export_reads_a_chunk_at_a_time_the_same_rows_in_the_same_order(client, world, register, monkeypatch):
    """The export reads its rows a chunk at a time (initiatives, then their authors, programmes and
    recognitions: one query each per chunk, never one per row); chunks change neither the rows nor
    their order."""
    from initiatives.exporters import InitiativeExport

    client.force_login(world.staff_a)
    whole = list(_sheet(client.get(EXPORT, {"state": ""})).iter_rows(values_only=True))
    assert len(whole) == 1 + 5
    monkeypatch.setattr(InitiativeExport, "CHUNK", 2)
    with CaptureQueriesContext(connection) as queries:
        chunked = list(_sheet(client.get(EXPORT, {"state": ""})).iter_rows(values_only=True))
    assert chunked == whole
    monkeypatch.setattr(InitiativeExport, "CHUNK", 1)
    with CaptureQueriesContext(connection) as more:
        assert list(_sheet(client.get(EXPORT, {"state": ""})).iter_rows(values_only=True)) == whole
    # 3 chunks of 2 → 5 chunks of 1: two more chunks, four queries each (rows, authors, programmes, recognitions).
    assert len(more) - len(queries) == 2 * 4


def test_export_keeps_to_the_scope(client, world, register):
    client.force_login(world.officer_b)
    rows = list(_sheet(client.get(EXPORT)).iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Máy cắt cỏ cải tiến"]
    assert rows[1][7] == 500_000_000


def test_an_export_too_long_asks_for_narrower_filters(client, world, register, settings):
    settings.INITIATIVE_EXPORT_MAX_ROWS = 4
    client.force_login(world.staff_a)
    response = client.get(EXPORT, {"state": ""})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?state="
    page = client.get(response["Location"])
    assert [m.message for m in page.context["messages"]] == [
        "Có 5 sáng kiến khớp bộ lọc: thu hẹp bộ lọc còn tối đa 4 để xuất."
    ]
    response = client.get(EXPORT, {"unit": world.grassroots_a.pk})
    assert response.status_code == 200
    assert len(list(_sheet(response).iter_rows())) == 1 + 4
