import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from awards.enums import Level
from reports import dashboard, freshness
from reports.domain import tally
from reports.models import ReportText, TallyRun
from tests.awards.factories import AwardFactory, title
from tests.campaigns.factories_core import CampaignFactory
from tests.reports.factories import assessed, ended_phase, register
from unions.scope import Scope
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


def _url(unit, period):
    return f"/bao-cao/don-vi/{unit.pk}/{period}/"


def test_phase_report_is_not_final_until_tallied_then_reads_the_snapshot(client, world):
    phase = ended_phase(world.district_a)
    register(phase.campaign, world.grassroots_a)
    client.force_login(world.staff_a)
    body = client.get(_url(world.district_a, f"dot-{phase.pk}")).content.decode()
    assert "Chưa chính thức" in body
    assert "1/2 công đoàn cơ sở đăng ký thi đua (đạt 50%)." in body
    tally.tally_phase(phase)
    register(phase.campaign, world.grassroots_a2)  # after the tally: the report keeps the snapshot
    body = client.get(_url(world.district_a, f"dot-{phase.pk}")).content.decode()
    assert "Chính thức" in body
    assert "Số liệu của lần tổng hợp phiên bản 1" in body
    assert "1/2 công đoàn cơ sở đăng ký thi đua (đạt 50%)." in body
    # The tally is re-run from the page with a reason: version 2 counts both, version 1 stays.
    response = client.post(f"/bao-cao/dot/{phase.pk}/tong-hop-lai/", {"reason": "Bổ sung đăng ký nộp muộn"})
    assert response.status_code == 302
    assert list(TallyRun.objects.filter(phase=phase).values_list("version", "reason")) == [
        (2, "Bổ sung đăng ký nộp muộn"),
        (1, ""),
    ]
    body = client.get(_url(world.district_a, f"dot-{phase.pk}")).content.decode()
    assert "2/2 công đoàn cơ sở đăng ký thi đua (đạt 100%)." in body


def test_a_grassroots_officer_reads_the_report_but_the_city_may_not_rerun(client, world):
    phase = ended_phase(world.district_a)
    tally.tally_phase(phase)
    client.force_login(world.officer_a)
    body = client.get(_url(world.grassroots_a, f"dot-{phase.pk}")).content.decode()
    assert 'data-testid="rerun-form"' not in body
    client.force_login(world.city_reviewer)
    assert client.post(f"/bao-cao/dot/{phase.pk}/tong-hop-lai/", {"reason": "x"}).status_code == 403
    assert TallyRun.objects.count() == 1


def test_section_text_is_kept_with_its_history(client, world):
    client.force_login(world.staff_a)
    url = _url(world.district_a, "giai-doan-2015-2020") + "noi-dung/"
    for text in (
        "Còn chậm.",
        "Còn chậm; một số đơn vị chưa báo cáo đúng hạn.",
        "Còn chậm; một số đơn vị chưa báo cáo đúng hạn.",
    ):
        client.post(url, {"section": "shortcomings", "shortcomings-section": "shortcomings", "shortcomings-text": text})
    row = ReportText.objects.get(unit=world.district_a, period="stage:2015-2020", section="shortcomings")
    assert row.text == "Còn chậm; một số đơn vị chưa báo cáo đúng hạn."
    changes = [record.changes["text"] for record in history_for(row)]
    assert changes == [["Còn chậm.", "Còn chậm; một số đơn vị chưa báo cáo đúng hạn."], [None, "Còn chậm."]]
    # An officer of another union may not write the district's report; an outsider is told it is not there.
    client.force_login(world.officer_a)
    post = {"section": "lessons", "lessons-section": "lessons", "lessons-text": "x"}
    assert client.post(url, post).status_code == 404
    client.force_login(world.staff_b)
    assert client.post(url, post).status_code == 404


@pytest.mark.parametrize(
    "period", ["dot-abc", "nam-1800", "giai-doan-2020-2015", "giai-doan-2000-2020", "phong-trao-99999"]
)
def test_junk_periods_are_not_found(client, world, period):
    client.force_login(world.staff_a)
    assert client.get(_url(world.district_a, period)).status_code == 404


def test_chooser_goes_to_the_stage_report(client, world):
    client.force_login(world.staff_a)
    response = client.get("/bao-cao/", {"unit": world.district_a.pk, "year": 2015, "until": 2020})
    assert response["Location"] == _url(world.district_a, "giai-doan-2015-2020")
    response = client.get("/bao-cao/", {"unit": world.district_b.pk, "year": 2015})
    assert response.status_code == 200  # not one of the user's units: the form says so
    assert 'data-testid="chooser-errors"' in response.content.decode()


def test_index_lists_phases_in_a_fixed_number_of_queries(client, world):
    client.force_login(world.staff_a)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/bao-cao/").status_code == 200
        return len(queries)

    phase = ended_phase(world.district_a)
    tally.tally_phase(phase)
    few = count()
    for year in range(2016, 2022):
        tally.tally_phase(ended_phase(world.district_a, year=year))
    assert count() == few


def test_statistics_tables_count_titles_by_their_code(client, world):
    AwardFactory(unit=world.grassroots_a, year=2023, level=Level.UPPER)
    AwardFactory(unit=world.grassroots_a, year=2023, level=Level.CITY, title=title("bang-khen"))
    AwardFactory(unit=world.grassroots_a, year=2023, level=Level.UPPER, title=title("giay-khen"), method="ad_hoc")
    AwardFactory(
        unit=world.grassroots_a,
        year=2023,
        level=Level.UPPER,
        member=None,
        collective_name="Tổ 1",
        title=title("dien-hinh-tien-tien"),
    )
    AwardFactory(
        unit=world.grassroots_a,
        year=2023,
        level=Level.UPPER,
        member=None,
        collective_name="Tổ 2",
        title=title("giay-khen"),
        method="thematic",
    )
    AwardFactory(unit=world.grassroots_b, year=2023, level=Level.UPPER, title=title("giay-khen"))  # other district
    CampaignFactory(launched_by=world.district_a)
    CampaignFactory(launched_by=world.district_a, kind="peak", method="thematic")
    CampaignFactory(launched_by=world.city, kind="thematic", method="thematic")  # launched above: not counted
    client.force_login(world.staff_a)
    response = client.get("/bao-cao/thong-ke/", {"unit": world.district_a.pk, "year": 2023})
    campaigns, methods, awards, commendations = response.context["tables"]
    assert campaigns.rows[0][:5] == ["Hằng năm", 0, 1, 0, 1]
    assert campaigns.rows[3][:5] == ["Đợt thi đua cao điểm", 0, 1, 0, 1]
    assert [row[:5] for row in methods.rows] == [
        ["Thi đua thường xuyên", 0, 1, 0, 1],
        ["Thi đua theo chuyên đề (theo đợt)", 0, 1, 0, 1],
    ]
    assert methods.total == ["Tổng", 0, 2, 0, 2]
    rows = {(row[0][:2], row[1]): row[2:] for row in awards.rows}
    assert rows[("TD", "Cá nhân")] == [0, 1, 0, 1]
    assert rows[("TD", "Tập thể")] == [0, 1, 0, 1]
    assert rows[("KT", "Cá nhân")] == [0, 1, 1, 2]
    assert rows[("KT", "Tập thể")] == [0, 1, 0, 1]
    assert awards.total == ["", "Tổng", 0, 4, 1, 5]
    # Commendations only (code KT), by the kind their decision gave them.
    assert [row for row in commendations.rows if row[-1]] == [
        ["Khen thưởng thường xuyên (theo công trạng và thành tích)", "Cá nhân", 0, 0, 1, 1],
        ["Khen thưởng theo chuyên đề, theo đợt", "Tập thể", 0, 1, 0, 1],
        ["Khen thưởng đột xuất", "Cá nhân", 0, 1, 0, 1],
    ]
    assert len(commendations.rows) == 12
    assert commendations.total == ["", "Tổng", 0, 2, 1, 3]
    body = response.content.decode()
    assert "Biểu 2. Phong trào thi đua theo hình thức tổ chức và cấp phát động" in body
    assert "Biểu 4. Khen thưởng theo loại hình, đối tượng và cấp" in body


def test_dashboard_is_cached_per_scope(world):
    cache.clear()
    AwardFactory(unit=world.grassroots_a, year=datetime.date.today().year)
    city = dashboard.for_user(world.city_reviewer)
    district = dashboard.for_user(world.staff_a)
    other = dashboard.for_user(world.staff_b)
    assert [row["name"] for row in city["units"]] == ["LĐLĐ huyện Đan Phượng", "LĐLĐ quận Hà Đông"]
    assert [row["name"] for row in district["units"]] == [
        "Công đoàn Công ty Cổ phần Fecon",
        "Công đoàn trường Tiểu học Văn Yên",
    ]
    assert [row["name"] for row in other["units"]] == ["Công đoàn Bệnh viện Đan Phượng"]
    keys = {
        dashboard.cache_key(user, datetime.date.today()) for user in (world.city_reviewer, world.staff_a, world.staff_b)
    }
    assert len(keys) == 3
    # A second read comes from the cache: no query.
    with CaptureQueriesContext(connection) as queries:
        again = dashboard.for_user(world.staff_a)
    assert again == district
    assert [q["sql"] for q in queries.captured_queries if "campaigns_" in q["sql"] or "awards_" in q["sql"]] == []


def _titles_this_year(board, level_index=1):
    return board["years"]["titles"][level_index]["data"][-1]


def test_a_write_in_the_district_refreshes_its_boards_at_once_and_spares_the_other_district(
    world, django_capture_on_commit_callbacks
):
    cache.clear()
    year = datetime.date.today().year
    boards = {user: dashboard.for_user(user) for user in (world.city_reviewer, world.staff_a, world.staff_b)}
    keys = {user: dashboard.cache_key(user, datetime.date.today()) for user in boards}
    assert [_titles_this_year(board) for board in boards.values()] == [0, 0, 0]

    freshness.pending.reset()  # what earlier tests' transactions, never committed, left pending
    before = freshness.generations([world.district_a.path])
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        AwardFactory(unit=world.grassroots_a, year=year, level=Level.UPPER)
        AwardFactory(unit=world.grassroots_a2, year=year, level=Level.UPPER)
    # One bump per transaction, however many records it wrote.
    assert freshness.generations([world.district_a.path]) == (before[0], before[1] + 1)

    # The city's and Hà Đông's boards are built afresh; Đan Phượng's entry is the same one, still cached.
    assert dashboard.cache_key(world.city_reviewer, datetime.date.today()) != keys[world.city_reviewer]
    assert dashboard.cache_key(world.staff_a, datetime.date.today()) != keys[world.staff_a]
    assert dashboard.cache_key(world.staff_b, datetime.date.today()) == keys[world.staff_b]
    assert _titles_this_year(dashboard.for_user(world.city_reviewer)) == 2
    assert _titles_this_year(dashboard.for_user(world.staff_a)) == 2
    assert _titles_this_year(dashboard.for_user(world.staff_b)) == 0

    # A rolled-back write refreshes nothing.
    keys = {user: dashboard.cache_key(user, datetime.date.today()) for user in boards}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                AwardFactory(unit=world.grassroots_b, year=year, level=Level.UPPER)
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert dashboard.cache_key(world.staff_b, datetime.date.today()) == keys[world.staff_b]
    # A phase (what every board reads) refreshes them all.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ended_phase(world.city)
    assert all(dashboard.cache_key(user, datetime.date.today()) != keys[user] for user in boards)


def test_the_launching_staff_read_on_their_home_page_that_the_phase_was_tallied(client, world):
    phase = ended_phase(world.district_a)
    tally.tally_phase(phase)
    client.force_login(world.staff_a)
    body = client.get("/").content.decode()
    assert f"Đã tổng hợp kết quả: Đợt 1 — {phase.campaign.title}" in body
    assert "Báo cáo sơ kết đã sẵn sàng trong mục Báo cáo." in body
    client.force_login(world.officer_a)
    assert "Đã tổng hợp kết quả" not in client.get("/").content.decode()


def test_the_dashboard_is_built_in_a_fixed_number_of_queries(world):
    from tests.campaigns.factories_registrations import RegPhaseFactory

    def count():
        cache.clear()
        Scope.forget(world.staff_a)  # read the roles again each time, as a new request does
        with CaptureQueriesContext(connection) as queries:
            dashboard.build(world.staff_a, datetime.date.today())
        return len(queries)

    RegPhaseFactory(campaign__launched_by=world.district_a)
    AwardFactory(unit=world.grassroots_a, year=datetime.date.today().year)
    few = count()
    for _ in range(5):
        AwardFactory(unit=world.grassroots_a2, year=datetime.date.today().year - 1)
    from tests.factories import GrassrootsFactory

    for _ in range(4):
        GrassrootsFactory(parent=world.district_a)
    assert count() == few


def test_an_officer_sees_their_union_in_the_running_phases(world):
    from tests.campaigns.factories_registrations import RegPhaseFactory

    phase = RegPhaseFactory(campaign__launched_by=world.district_a)
    register(phase.campaign, world.grassroots_a)
    board = dashboard.build(world.officer_a, datetime.date.today())
    assert [(r["unit"], r["phase"], r["registered"], r["assessed"]) for r in board["own"]] == [
        ("Công đoàn Công ty Cổ phần Fecon", phase.name, True, False)
    ]
    assert dashboard.build(world.staff_a, datetime.date.today())["own"] == []


def test_a_long_list_of_awardees_is_cut_on_the_page_not_in_the_files(client, world):
    from awards.models import Award

    Award.objects.bulk_create(
        Award(
            title=title("dien-hinh-tien-tien"),
            level=Level.UPPER,
            year=2019,
            unit=world.grassroots_a,
            collective_name=f"Tổ {i}",
        )
        for i in range(203)
    )
    client.force_login(world.staff_a)
    response = client.get(_url(world.district_a, "nam-2019"))
    body = response.content.decode()
    report = response.context["report"]
    assert (len(report.awardees), report.awardees_total) == (200, 203)  # the page reads the first 200 only
    assert body.count("<td>Điển hình tiên tiến (Cấp quận, huyện)</td>") == 200
    assert "Trang chỉ hiện 200 trong số 203; tệp tải về có đủ danh sách." in body
    # The spreadsheet lists all 203.
    from openpyxl import load_workbook

    download = client.get(_url(world.district_a, "nam-2019") + "tai-ve/xlsx/")
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content) if download.streaming else download.content))
    names = {cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell}
    assert {f"Tổ {i}" for i in range(203)} <= names


def test_every_title_of_the_catalogue_has_its_statistics_code():
    from awards.models import AwardTitle

    codes = dict(AwardTitle.objects.values_list("code", "statistics_code"))
    assert {code for code, statistics in codes.items() if statistics == "KT"} == {
        "giay-khen",
        "bang-khen",
        "bang-lao-dong-sang-tao",
    }
    assert "" not in codes.values()


def test_the_dashboard_says_how_long_things_wait_counted_in_the_database(world):
    from awards.enums import NominationState
    from awards.models import Nomination
    from tests.awards.factories import NominationFactory, PhaseFactory

    phase = PhaseFactory(campaign__launched_by=world.city)
    now = timezone.now()
    ages = [0, 6, 7, 29, 30, 45]  # local days ago
    for days in ages:
        nomination = NominationFactory(phase=phase, unit=world.grassroots_a, state=NominationState.SUBMITTED)
        Nomination.objects.filter(pk=nomination.pk).update(waiting_since=now - datetime.timedelta(days=days))
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as queries:
        board = dashboard.waiting(world.staff_a, today)
    nominations = board["rows"][0]
    assert nominations["what"] == "Đề nghị khen thưởng chờ xét"
    assert (nominations["count"], nominations["under_7"], nominations["7_to_30"], nominations["over_30"]) == (
        6,
        2,
        2,
        2,
    )
    assert board["oldest_days"] == 45
    counts = [q for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 3  # one aggregate per kind of record, however many wait
    assert dashboard.waiting(world.staff_b, today)["rows"][0]["count"] == 0


def test_report_tables_are_written_escaped_with_numbers_the_reader_s_way():
    from reports.content import Table
    from reports.templatetags.report_tables import report_table

    table = Table("Phụ lục 2", ["TT", "Công đoàn", "Đoàn viên"], [[1, "<b>Tổ & Đội</b>", 1065]], ["", "Tổng", 1065])
    with translation.override("vi"):
        html = report_table(table, "annex-table")
    assert '<th scope="row" class="fw-normal">&lt;b&gt;Tổ &amp; Đội&lt;/b&gt;</th>' in html
    assert '<td class="text-end">1.065</td>' in html
    assert '<td class="text-end">1</td>' in html
    assert 'data-testid="annex-table"' in html
    assert "<caption" in html
    assert "Phụ lục 2" in html
    with translation.override("en"):
        assert '<td class="text-end">1,065</td>' in report_table(table)
    empty = Table("Biểu 1", ["A", "B"])
    with translation.override("vi"):
        assert '<td colspan="2" class="text-muted">Không có dòng nào.</td>' in report_table(empty)


def test_the_dashboard_coverage_counts_both_ways_in_one_query(world):
    from tests.campaigns.factories_core import CampaignFactory, PhaseFactory
    from tests.factories import BlockFactory, GrassrootsFactory

    today = timezone.localdate()
    campaign = CampaignFactory(
        launched_by=world.district_a,
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=100),
    )
    phase = PhaseFactory(
        campaign=campaign, starts_on=today - datetime.timedelta(days=10), ends_on=today + datetime.timedelta(days=20)
    )
    school = GrassrootsFactory(
        parent=world.district_a, block=BlockFactory(code="giao-duc", name="Khối giáo dục"), ownership="state"
    )
    GrassrootsFactory(parent=world.district_a, block=None, ownership="")
    register(campaign, world.grassroots_a)
    register(campaign, school)
    assessed(phase, school, 90)
    with CaptureQueriesContext(connection) as queries:
        (found,) = dashboard.coverage(world.staff_a, today)
    assert len([q for q in queries.captured_queries if "GROUP BY" in q["sql"]]) == 1
    blocks, owners = (rows for _label, rows in found["tables"])
    assert [(r["label"], r["total"], r["registered"], r["not_registered"], r["not_assessed"]) for r in blocks] == [
        ("Khối doanh nghiệp", 2, 1, 1, 2),
        ("Khối giáo dục", 1, 1, 0, 0),
        ("Chưa xếp khối", 1, 0, 1, 1),
    ]
    assert [(r["label"], r["total"], r["registered"], r["not_assessed"]) for r in owners] == [
        ("Ngoài nhà nước", 2, 1, 2),
        ("Nhà nước", 1, 1, 0),
        ("Chưa khai", 1, 0, 1),
    ]
