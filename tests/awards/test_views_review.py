import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.enums import Level, NominationState
from awards.models import Award, Nomination
from tests.awards.factories import AwardFactory, NominationFactory, PhaseFactory, QuotaFactory, title

pytestmark = pytest.mark.django_db
S = NominationState


def _at(day):
    return datetime.datetime(2026, 11, day, 8, 0, tzinfo=datetime.UTC)


def test_upper_staff_queue_is_oldest_first_with_age(client, world, phase, settings):
    newer = NominationFactory(phase=phase, unit=world.grassroots_a, state=S.SUBMITTED, waiting_since=_at(10))
    older = NominationFactory(phase=phase, unit=world.grassroots_a2, state=S.RESUBMITTED, waiting_since=_at(2))
    to_forward = NominationFactory(
        phase=phase, unit=world.grassroots_a, state=S.APPROVED, level=Level.CITY, waiting_since=_at(5)
    )
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.APPROVED, level=Level.UPPER)  # nothing to do
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.DRAFT)
    NominationFactory(phase=phase, unit=world.grassroots_b, state=S.SUBMITTED)
    client.force_login(world.staff_a)
    response = client.get("/khen-thuong/xet-duyet/")
    rows = list(response.context["page_obj"])
    assert rows == [older, to_forward, newer]
    assert all(isinstance(r.age_days, int) and r.age_days >= 0 for r in rows)
    assert rows[0].age_days - rows[2].age_days == 8


def test_city_queue_holds_what_was_forwarded(client, world, phase):
    forwarded_a = NominationFactory(phase=phase, unit=world.grassroots_a, level=Level.CITY, state=S.FORWARDED)
    forwarded_b = NominationFactory(
        phase=phase, unit=world.grassroots_b, level=Level.CITY, state=S.FORWARDED, waiting_since=_at(3)
    )
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.SUBMITTED)
    client.force_login(world.city_reviewer)
    assert list(client.get("/khen-thuong/xet-duyet/").context["page_obj"]) == [forwarded_a, forwarded_b]
    client.force_login(world.staff_b)
    assert list(client.get("/khen-thuong/xet-duyet/").context["page_obj"]) == []


def test_queue_filters_by_unit_title_and_campaign(client, world, phase):
    other_phase = PhaseFactory(campaign__launched_by=world.district_a, campaign__title="Thi đua chuyên đề")
    a = NominationFactory(phase=phase, unit=world.grassroots_a, state=S.SUBMITTED)
    a2 = NominationFactory(phase=phase, unit=world.grassroots_a2, state=S.SUBMITTED, title=title("lao-dong-gioi"))
    c = NominationFactory(phase=other_phase, unit=world.grassroots_a, state=S.SUBMITTED)
    client.force_login(world.staff_a)

    def rows(**params):
        return {n.pk for n in client.get("/khen-thuong/xet-duyet/", params).context["page_obj"]}

    assert rows() == {a.pk, a2.pk, c.pk}
    assert rows(unit=world.grassroots_a2.pk) == {a2.pk}
    assert rows(title=title("cong-nhan-gioi").pk) == {a.pk, c.pk}
    assert rows(campaign=other_phase.campaign.pk) == {c.pk}


def test_city_wide_queue_filters_by_any_union_of_its_scope(client, world, phase):
    forwarded_a = NominationFactory(phase=phase, unit=world.grassroots_a, level=Level.CITY, state=S.FORWARDED)
    NominationFactory(phase=phase, unit=world.grassroots_b, level=Level.CITY, state=S.FORWARDED)
    client.force_login(world.city_reviewer)
    # A district filters its subtree; a grassroots union (found by typing, tests/awards/test_pickers.py) its own.
    response = client.get("/khen-thuong/xet-duyet/", {"unit": world.district_a.pk})
    assert list(response.context["page_obj"]) == [forwarded_a]
    response = client.get("/khen-thuong/xet-duyet/", {"unit": world.grassroots_a.pk})
    assert list(response.context["page_obj"]) == [forwarded_a]
    assert (
        'value="LĐLĐ quận Hà Đông" role="combobox"'
        in client.get("/khen-thuong/xet-duyet/", {"unit": world.district_a.pk}).content.decode()
    )


def test_the_city_queue_reads_no_award_and_the_upper_queue_leaves_decided_ones_out(client, world, phase):
    """Forwarded nominations cannot hold an award (the workflow awards approved or city-approved ones,
    never forwards an awarded one): the city reviewer's queue asks no NOT EXISTS; upper staff's, which
    holds approved city-level nominations, still leaves a decided one out."""
    forwarded = NominationFactory(phase=phase, unit=world.grassroots_a, level=Level.CITY, state=S.FORWARDED)
    waiting = NominationFactory(phase=phase, unit=world.grassroots_a, level=Level.CITY, state=S.APPROVED)
    decided = NominationFactory(phase=phase, unit=world.grassroots_a2, level=Level.CITY, state=S.APPROVED)
    AwardFactory(unit=world.grassroots_a2, member=decided.member, level=Level.CITY, nomination=decided)
    client.force_login(world.city_reviewer)
    with CaptureQueriesContext(connection) as captured:
        assert list(client.get("/khen-thuong/xet-duyet/").context["page_obj"]) == [forwarded]
    assert not [q for q in captured if f'"{Award._meta.db_table}"' in q["sql"]]
    client.force_login(world.staff_a)
    assert list(client.get("/khen-thuong/xet-duyet/").context["page_obj"]) == [waiting]


def test_the_campaign_filter_offers_the_campaigns_with_a_nomination_in_scope(client, world, phase):
    own = PhaseFactory(campaign__launched_by=world.city, campaign__title="Thi đua chuyên đề A")
    elsewhere = PhaseFactory(campaign__launched_by=world.city, campaign__title="Thi đua chuyên đề B")
    PhaseFactory(campaign__launched_by=world.city, campaign__title="Thi đua chuyên đề C")  # no nomination
    NominationFactory(phase=own, unit=world.grassroots_a2, state=S.DRAFT)
    NominationFactory(phase=elsewhere, unit=world.grassroots_b, state=S.SUBMITTED)
    client.force_login(world.staff_a)
    offered = client.get("/khen-thuong/xet-duyet/").context["form"].fields["campaign"].queryset
    assert [c.title for c in offered] == ["Thi đua chuyên đề A"]
    client.force_login(world.city_reviewer)
    offered = client.get("/khen-thuong/xet-duyet/").context["form"].fields["campaign"].queryset
    assert sorted(c.title for c in offered) == ["Thi đua chuyên đề A", "Thi đua chuyên đề B"]


def test_officer_and_outsider_have_no_queue(client, world):
    client.force_login(world.officer_a)
    assert client.get("/khen-thuong/xet-duyet/").status_code == 403
    assert client.get("/khen-thuong/xet-duyet/xuat-excel/").status_code == 403
    assert client.post("/khen-thuong/xet-duyet/hang-loat/", {"action": "approve"}).status_code == 403


def test_queue_query_count_is_flat(client, world, phase, django_assert_num_queries):
    client.force_login(world.staff_a)
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.SUBMITTED)
    with django_assert_num_queries(7) as one:
        client.get("/khen-thuong/xet-duyet/")
    NominationFactory(phase=phase, unit=world.grassroots_a2, state=S.SUBMITTED)
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.RESUBMITTED, member=None, collective_name="Tổ điện")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/khen-thuong/xet-duyet/")
    assert len(response.context["page_obj"]) == 3


def test_export_writes_the_queue_with_formula_like_text_as_text(client, world, phase):
    from openpyxl import load_workbook

    NominationFactory(
        phase=phase,
        unit=world.grassroots_a,
        state=S.SUBMITTED,
        member=None,
        collective_name='=HYPERLINK("http://x")',
        title=title("giay-khen"),
        waiting_since=_at(2),
    )
    NominationFactory(
        phase=phase,
        unit=world.grassroots_a,
        state=S.SUBMITTED,
        member__full_name="Đỗ Thị Hồng Nhung",
        waiting_since=_at(5),
    )
    client.force_login(world.staff_a)
    response = client.get("/khen-thuong/xet-duyet/xuat-excel/")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.streaming  # sent in chunks from a file on disk
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Người/tập thể được đề nghị",
        "Công đoàn",
        "Danh hiệu",
        "Cấp",
        "Phong trào",
        "Trạng thái",
        "Chờ từ",
        "Số ngày chờ",
    ]
    assert rows[1][:7] == [
        '=HYPERLINK("http://x")',
        "Công đoàn Công ty Cổ phần Fecon",
        "Giấy khen",
        "Cấp quận, huyện",
        "Thi đua năm 2026",
        "Đã gửi cấp trên",
        "02/11/2026 15:00",
    ]
    assert sheet["A2"].data_type == "s"
    assert rows[2][0] == "Đỗ Thị Hồng Nhung"
    assert len(rows) == 3


def test_bulk_approve_reports_failures_one_by_one(client, world, phase):
    QuotaFactory(unit=world.district_a, max_count=1)
    first = NominationFactory(phase=phase, unit=world.grassroots_a, state=S.SUBMITTED, member__full_name="Lê Văn An")
    second = NominationFactory(
        phase=phase, unit=world.grassroots_a2, state=S.SUBMITTED, member__full_name="Vũ Thị Mai", waiting_since=_at(9)
    )
    outside = NominationFactory(phase=phase, unit=world.grassroots_b, state=S.SUBMITTED)
    client.force_login(world.staff_a)
    response = client.post(
        "/khen-thuong/xet-duyet/hang-loat/",
        {"action": "approve", "selected": [first.pk, second.pk, outside.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Đã thực hiện cho 1 đề nghị: Lê Văn An.",
        "Chưa thực hiện được cho Vũ Thị Mai: Đã hết chỉ tiêu Công nhân giỏi (Cấp quận, huyện, năm 2026) của "
        "LĐLĐ quận Hà Đông: đã dùng 1/1 suất.",
        "1 đề nghị đã chọn không còn chờ bạn xử lý.",
    ]
    states = dict(Nomination.objects.values_list("pk", "state"))
    assert (states[first.pk], states[second.pk], states[outside.pk]) == (S.APPROVED, S.SUBMITTED, S.SUBMITTED)


def test_bulk_ignores_junk_ids(client, world, phase):
    # "²" passed str.isdigit() and then broke int() (500).
    submitted = NominationFactory(phase=phase, unit=world.grassroots_a, state=S.SUBMITTED)
    client.force_login(world.staff_a)
    response = client.post(
        "/khen-thuong/xet-duyet/hang-loat/",
        {"action": "approve", "selected": ["²", "-1", "99999999999999999999", submitted.pk]},
    )
    assert response.status_code == 302
    assert Nomination.objects.get(pk=submitted.pk).state == S.APPROVED


def test_bulk_forward_only_forwards_city_level_nominations(client, world, phase):
    city = NominationFactory(phase=phase, unit=world.grassroots_a, state=S.APPROVED, level=Level.CITY)
    client.force_login(world.staff_a)
    client.post("/khen-thuong/xet-duyet/hang-loat/", {"action": "forward", "selected": [city.pk]})
    assert Nomination.objects.get(pk=city.pk).state == S.FORWARDED


def test_city_queue_approves_forwarded_nominations_in_bulk(client, world, phase):
    """The city's bulk approve takes each forwarded nomination to "approved at the city" (it used to
    try the district's move and fail for every one of them)."""
    names = ["Lê Văn An", "Vũ Thị Mai", "Đỗ Minh Hằng"]
    forwarded = [
        NominationFactory(
            phase=phase, unit=world.grassroots_a, state=S.FORWARDED, level=Level.CITY, member__full_name=name
        )
        for name in names
    ]
    client.force_login(world.city_reviewer)
    page = client.get("/khen-thuong/xet-duyet/").content.decode()
    assert 'value="approve"' in page
    assert 'value="forward"' not in page  # nothing in a city queue goes further up
    response = client.post(
        "/khen-thuong/xet-duyet/hang-loat/",
        {"action": "approve", "selected": [n.pk for n in forwarded]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Đã thực hiện cho 3 đề nghị: Lê Văn An, Vũ Thị Mai, Đỗ Minh Hằng."
    ]
    assert set(Nomination.objects.values_list("state", flat=True)) == {S.CITY_APPROVED}


def test_district_queue_offers_forward_only_when_a_row_can_go_to_the_city(client, world, phase):
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.SUBMITTED)
    client.force_login(world.staff_a)
    page = client.get("/khen-thuong/xet-duyet/").content.decode()
    assert 'value="approve"' in page
    assert 'value="forward"' not in page
    NominationFactory(phase=phase, unit=world.grassroots_a2, state=S.APPROVED, level=Level.CITY)
    page = client.get("/khen-thuong/xet-duyet/").content.decode()
    assert 'value="forward"' in page
