"""Recognition decisions: issuing one over the initiatives a council passed, who may, who sees which,
the list and its filters, the decision's page, and its PDF and certificates read back as text (page 1
of each kept as a picture in var/test-artifacts/ for someone to look at)."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from awards.pdf import long_date
from initiatives import domain
from initiatives.enums import InitiativeState, Level
from initiatives.models import Initiative, Recognition, RecognitionDecision
from initiatives.pdf import decision_context
from tests.awards.test_decision_document import flat, font_families, heading, pdf_pages, save_page_png
from tests.factories import MemberFactory, UserFactory
from tests.initiatives.factories import GOOD, make_council, make_initiative, recognise, score_all

pytestmark = pytest.mark.django_db
S = InitiativeState
SIGNED = datetime.date(2026, 11, 20)
EXCELLENT = {"novelty": 35, "applicability": 27, "effectiveness": 26}  # 88: grade A
WEAK = {"novelty": 30, "applicability": 25, "effectiveness": 6}  # 61, but below 10 on one criterion


def _under_review(world, title, points, *, authors=None, value=1_250_000_000, **fields):
    initiative = make_initiative(
        world.grassroots_a, world.officer_a, authors=authors, title=title, value=value, submit=True, **fields
    )
    domain.WORKFLOW.transition(initiative, S.UNDER_REVIEW, by=world.officer_a)
    score_all(initiative.reviews.get(), points)
    return initiative


@pytest.fixture
def council(world):
    return make_council(world.grassroots_a, world.officer_a, users=[world.officer_a])


@pytest.fixture
def colleague(world):
    return MemberFactory(unit=world.grassroots_a2, full_name="Lê Văn Cường")


@pytest.fixture
def candidates(world, council, colleague):
    """Two initiatives the council passed (grades B and A) and one it did not."""
    steel = _under_review(
        world, "Máy cắt thép tự động", GOOD, authors=[(world.member_a, 70), (colleague, 30)], value=1_250_000_000
    )
    safety = _under_review(
        world,
        "Sổ tay an toàn điện bằng hình ảnh",
        EXCELLENT,
        authors=[(MemberFactory(unit=world.grassroots_a, full_name="Phạm Thị Thu Trang"), 100)],
        value=None,
        social_value="Giảm tai nạn điện trong phân xưởng, nâng cao ý thức an toàn của công nhân.",
    )
    weak = _under_review(world, "Giá để khuôn di động", WEAK)
    return steel, safety, weak


def _issue(world, initiatives, number="12/QĐ-CĐ"):
    return domain.issue_decision(
        unit=world.grassroots_a,
        number=number,
        date=SIGNED,
        signer="Lê Thị Hồng Nhung",
        signer_title="Chủ tịch Công đoàn Công ty Cổ phần Fecon",
        initiatives=list(initiatives),
        by=world.officer_a,
    )


CREATE = "/sang-kien/quyet-dinh/moi/"


# --- issuing -------------------------------------------------------------------------------------------


def test_the_form_lists_what_the_council_passed_with_score_grade_and_reasons(client, world, candidates):
    steel, safety, weak = candidates
    client.force_login(world.officer_a)
    response = client.get(CREATE)
    assert response.status_code == 200
    assert response.context["unit"] == world.grassroots_a
    rows = {
        i.pk: (outcome.total, outcome.grade, outcome.passed, outcome.reasons)
        for i, outcome, _ in response.context["candidates"]
    }
    assert rows == {
        steel.pk: (Decimal("83.00"), "B", True, []),
        safety.pk: (Decimal("88.00"), "A", True, []),
        weak.pk: (Decimal("61.00"), "", False, ["Dưới 10 điểm ở: Hiệu quả."]),
    }
    html = response.content.decode()
    assert "Công đoàn Công ty Cổ phần Fecon — Cấp cơ sở" in html
    assert f'value="{weak.pk}" id="initiative-{weak.pk}" disabled>' in html
    assert f'value="{steel.pk}" id="initiative-{steel.pk}">' in html
    assert "Nguyễn Thị Kim Dung (70&nbsp;%), Lê Văn Cường (30&nbsp;%)" in html
    assert "83,00" in html
    assert "Chưa đạt mức công nhận" in html


def test_issuing_recognises_the_chosen_initiatives_with_their_score(client, world, candidates):
    steel, safety, weak = candidates
    client.force_login(world.officer_a)
    response = client.post(
        CREATE,
        {
            "number": "12/QĐ-CĐ",
            "date": "20/11/2026",
            "signer": "Lê Thị Hồng Nhung",
            "signer_title": "Chủ tịch",
            "initiatives": [steel.pk, safety.pk],
        },
        follow=True,
    )
    decision = RecognitionDecision.objects.get()
    assert response.redirect_chain == [(reverse("initiatives:decision_detail", args=[decision.pk]), 302)]
    assert "Đã ban hành quyết định 12/QĐ-CĐ." in response.content.decode()
    assert (decision.unit, decision.level, decision.date, decision.created_by) == (
        world.grassroots_a,
        Level.GRASSROOTS,
        SIGNED,
        world.officer_a,
    )
    recognised = {r.initiative_id: (r.level, r.year, r.score, r.grade) for r in decision.recognitions.all()}
    assert recognised == {
        steel.pk: (Level.GRASSROOTS, 2026, Decimal("83.00"), "B"),
        safety.pk: (Level.GRASSROOTS, 2026, Decimal("88.00"), "A"),
    }
    states = dict(Initiative.objects.values_list("pk", "state"))
    assert (states[steel.pk], states[safety.pk], states[weak.pk]) == (S.RECOGNISED, S.RECOGNISED, S.UNDER_REVIEW)
    # The form offers the signer of the unit's last decision next time.
    form = client.get(CREATE).context["form"]
    assert (form["signer"].value(), form["signer_title"].value()) == ("Lê Thị Hồng Nhung", "Chủ tịch")


def test_an_initiative_that_did_not_pass_cannot_be_posted(client, world, candidates):
    client.force_login(world.officer_a)
    weak = candidates[2]
    response = client.post(
        CREATE, {"number": "12/QĐ-CĐ", "date": "20/11/2026", "signer": "Lê Thị Hồng Nhung", "initiatives": [weak.pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["initiatives"] == [
        f"Hãy chọn một lựa chọn hợp lệ. {weak.pk} không phải là một trong các lựa chọn khả thi."
    ]
    assert not RecognitionDecision.objects.exists()


def test_the_domain_s_refusal_shows_on_the_form(client, world, candidates):
    steel, safety, _weak = candidates
    _issue(world, [steel])
    client.force_login(world.officer_a)
    response = client.post(
        CREATE, {"number": "12/QĐ-CĐ", "date": "21/11/2026", "signer": "Lê Thị Hồng Nhung", "initiatives": [safety.pk]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["number"] == [
        "Công đoàn Công ty Cổ phần Fecon đã có quyết định số 12/QĐ-CĐ trong năm 2026."
    ]
    assert "Công đoàn Công ty Cổ phần Fecon đã có quyết định số 12/QĐ-CĐ trong năm 2026." in response.content.decode()
    assert RecognitionDecision.objects.count() == 1
    assert Initiative.objects.get(pk=safety.pk).state == S.UNDER_REVIEW
    # Nothing chosen, a date that does not exist: said on their fields, and the page keeps what was typed.
    response = client.post(CREATE, {"number": "13/QĐ-CĐ", "date": "31/02/2026", "signer": "Lê Thị Hồng Nhung"})
    errors = response.context["form"].errors
    assert (errors["initiatives"], errors["date"]) == (
        ["Chọn ít nhất một sáng kiến."],
        ["“31/02/2026” không phải là ngày (dd/mm/yyyy)."],
    )


@pytest.mark.parametrize(
    ("username", "unit", "expected"),
    [
        ("officer_a", None, ("grassroots_a", 200)),
        ("staff_a", None, ("district_a", 200)),
        ("staff_a", "grassroots_a", ("grassroots_a", 200)),  # the district acts for the union below it
        ("city_reviewer", None, ("city", 200)),
        ("city_reviewer", "grassroots_a", (None, 403)),  # in scope, but the city does not decide there
        ("officer_a", "district_a", (None, 404)),  # above the officer: out of scope
        ("officer_b", "grassroots_a", (None, 404)),
        ("staff_b", "grassroots_a", (None, 404)),
        ("admin", None, ("city", 200)),
        ("officer_a", "abc", ("grassroots_a", 200)),  # junk: the default unit
        ("officer_a", "99999999999999999999", ("grassroots_a", 200)),
    ],
)
def test_who_issues_for_which_unit(client, world, username, unit, expected):
    client.force_login(getattr(world, username))
    query = {"unit": getattr(world, unit).pk if hasattr(world, unit or "") else unit} if unit else {}
    response = client.get(CREATE, query)
    name, status = expected
    assert response.status_code == status
    if status == 200:
        assert response.context["unit"] == getattr(world, name)


def test_a_user_without_a_deciding_role_is_refused(client, world):
    client.force_login(UserFactory())
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"number": "1"}).status_code == 403


def test_the_district_chooses_the_deciding_unit_by_typing(client, world):
    client.force_login(world.staff_a)
    page = client.get(CREATE).content.decode()
    assert 'data-testid="unit-chooser"' in page
    answer = client.get(CREATE, {"pick": "unit", "q": "van yen"}).json()
    assert [row["text"] for row in answer["results"]] == ["Công đoàn trường Tiểu học Văn Yên"]
    assert client.get(CREATE, {"pick": "unit", "q": "dan phuong"}).json()["results"] == []
    # An officer of one union has nothing to choose between.
    client.force_login(world.officer_a)
    assert 'data-testid="unit-chooser"' not in client.get(CREATE).content.decode()


def test_the_district_s_page_lists_initiatives_proposed_up_to_it(client, world, council):
    initiative = make_initiative(world.grassroots_a, world.officer_a, authors=[(world.member_a, 100)], submit=True)
    recognise(initiative, world.officer_a, number="1/QĐ-CĐ")
    domain.WORKFLOW.transition(initiative, S.SUBMITTED, by=world.officer_a)
    make_council(world.district_a, world.staff_a)
    domain.WORKFLOW.transition(initiative, S.UNDER_REVIEW, by=world.staff_a)
    score_all(initiative.reviews.get(level=Level.UPPER), EXCELLENT)
    client.force_login(world.staff_a)
    response = client.get(CREATE)
    assert [(i.pk, outcome.grade) for i, outcome, _ in response.context["candidates"]] == [(initiative.pk, "A")]
    assert "LĐLĐ quận Hà Đông — Cấp quận, huyện" in response.content.decode()
    # The grassroots union's own page no longer offers it.
    assert client.get(CREATE, {"unit": world.grassroots_a.pk}).context["candidates"] == []


# --- seeing decisions ----------------------------------------------------------------------------------


def _district_decisions(world):
    """A district decision over an initiative of grassroots_a, another over one of grassroots_a2."""
    make_council(world.grassroots_a, world.officer_a)
    make_council(world.grassroots_a2, world.staff_a)
    make_council(world.district_a, world.staff_a)
    decisions = []
    for unit, by, number in ((world.grassroots_a, world.officer_a, "1"), (world.grassroots_a2, world.staff_a, "2")):
        initiative = make_initiative(unit, by, title=f"Sáng kiến {number}", submit=True)
        recognise(initiative, by, number=f"{number}/QĐ-CĐ")
        domain.WORKFLOW.transition(initiative, S.SUBMITTED, by=by)
        decisions.append(recognise(initiative, world.staff_a, number=f"{number}/QĐ-LĐLĐ"))
    return decisions


def test_who_sees_which_decision(client, world):
    for_a, for_a2 = _district_decisions(world)
    own = RecognitionDecision.objects.get(number="1/QĐ-CĐ")
    other_union = RecognitionDecision.objects.get(number="2/QĐ-CĐ")

    def listed(username):
        client.force_login(getattr(world, username))
        return sorted(d.number for d in client.get("/sang-kien/quyet-dinh/").context["page_obj"])

    # The officer sees the union's own decision and the district's over its initiative, not the others.
    assert listed("officer_a") == ["1/QĐ-CĐ", "1/QĐ-LĐLĐ"]
    assert listed("staff_a") == ["1/QĐ-CĐ", "1/QĐ-LĐLĐ", "2/QĐ-CĐ", "2/QĐ-LĐLĐ"]
    assert listed("city_reviewer") == ["1/QĐ-CĐ", "1/QĐ-LĐLĐ", "2/QĐ-CĐ", "2/QĐ-LĐLĐ"]
    assert listed("officer_b") == []
    client.force_login(world.officer_a)
    for decision, status in ((own, 200), (for_a, 200), (other_union, 404), (for_a2, 404)):
        for suffix in ("", "pdf/"):
            assert client.get(f"/sang-kien/quyet-dinh/{decision.pk}/{suffix}").status_code == status
    recognition = for_a2.recognitions.get()
    assert client.get(f"/sang-kien/quyet-dinh/{for_a2.pk}/chung-nhan/{recognition.pk}/").status_code == 404
    client.force_login(world.staff_b)
    assert client.get(f"/sang-kien/quyet-dinh/{for_a.pk}/").status_code == 404


def test_the_list_filters_by_year_and_level(client, world):
    _district_decisions(world)
    RecognitionDecision.objects.filter(number="1/QĐ-CĐ").update(date=datetime.date(2025, 12, 30))
    client.force_login(world.staff_a)

    def numbers(**query):
        response = client.get("/sang-kien/quyet-dinh/", query)
        assert response.status_code == 200
        return sorted(d.number for d in response.context["page_obj"])

    this_year = datetime.date.today().year
    assert numbers(year=2025) == ["1/QĐ-CĐ"]
    assert numbers(level="upper") == ["1/QĐ-LĐLĐ", "2/QĐ-LĐLĐ"]
    assert numbers(year=this_year, level="grassroots") == ["2/QĐ-CĐ"]
    # A junk value of one filter is ignored; the other still applies.
    assert numbers(year="abc", level="upper") == ["1/QĐ-LĐLĐ", "2/QĐ-LĐLĐ"]
    assert numbers(year=1999) == ["1/QĐ-CĐ", "1/QĐ-LĐLĐ", "2/QĐ-CĐ", "2/QĐ-LĐLĐ"]
    form = client.get("/sang-kien/quyet-dinh/").context["filters"]
    assert [value for value, _label in form.fields["year"].choices] == ["", this_year, 2025]


def test_the_list_counts_initiatives_and_revocations_with_a_flat_query_count(client, world, django_assert_num_queries):
    def decision(number, count):
        made = RecognitionDecision.objects.create(
            unit=world.grassroots_a, level=Level.GRASSROOTS, number=number, date=SIGNED, signer="Lê Thị Hồng Nhung"
        )
        for index in range(count):
            initiative = make_initiative(world.grassroots_a, world.officer_a, title=f"Sáng kiến {number}.{index}")
            Recognition.objects.create(initiative=initiative, level=Level.GRASSROOTS, decision=made, year=2026)
        return made

    decision("1/QĐ-CĐ", 1)
    client.force_login(world.officer_a)
    client.get("/sang-kien/quyet-dinh/")  # warms what is cached per process
    with CaptureQueriesContext(connection) as one:
        client.get("/sang-kien/quyet-dinh/")
    decision("2/QĐ-CĐ", 3)
    decision("3/QĐ-CĐ", 2).recognitions.filter(initiative__title="Sáng kiến 3/QĐ-CĐ.0").update(
        revoked_at=datetime.datetime(2026, 11, 25, tzinfo=datetime.UTC)
    )
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/sang-kien/quyet-dinh/")
    rows = {d.number: (d.initiative_count, d.revoked_count) for d in response.context["page_obj"]}
    assert rows == {"1/QĐ-CĐ": (1, 0), "2/QĐ-CĐ": (3, 0), "3/QĐ-CĐ": (2, 1)}
    assert '2 <span class="small text-danger">(1 đã thu hồi)</span>' in response.content.decode()


def test_the_decision_page_marks_revoked_recognitions(client, world, candidates):
    steel, safety, _weak = candidates
    decision = _issue(world, [steel, safety])
    domain.WORKFLOW.transition(safety, S.REVOKED, by=world.staff_a, note="Trùng với sáng kiến đã công nhận năm trước")
    client.force_login(world.officer_a)
    response = client.get(f"/sang-kien/quyet-dinh/{decision.pk}/")
    html = response.content.decode()
    for text in (
        'Số quyết định</dt><dd class="col-sm-9">12/QĐ-CĐ',
        'Ngày quyết định</dt><dd class="col-sm-9">20/11/2026',
        'Đơn vị ban hành</dt><dd class="col-sm-9">Công đoàn Công ty Cổ phần Fecon',
        'Cấp</dt><dd class="col-sm-9">Cấp cơ sở',
        "Lê Thị Hồng Nhung, Chủ tịch Công đoàn Công ty Cổ phần Fecon",
        "Nguyễn Thị Kim Dung (70&nbsp;%), Lê Văn Cường (30&nbsp;%)</div>",
        '<td class="text-end d-none d-sm-table-cell">83,00</td>',
        "Thu hồi ngày",
        ": Trùng với sáng kiến đã công nhận năm trước",
    ):
        assert text in html, text
    revoked = decision.recognitions.get(initiative=safety)
    standing = decision.recognitions.get(initiative=steel)
    certificate = f"/sang-kien/quyet-dinh/{decision.pk}/chung-nhan/{{}}/"
    assert certificate.format(standing.pk) in html
    assert certificate.format(revoked.pk) not in html
    assert html.count('<span class="badge text-bg-danger">đã thu hồi</span>') == 1
    assert client.get(certificate.format(revoked.pk)).status_code == 404
    assert client.get(certificate.format(standing.pk)).status_code == 200
    # A recognition of another decision is not this decision's certificate.
    other = recognise(
        make_initiative(world.grassroots_a, world.officer_a, title="Khuôn ép nhựa", submit=True),
        world.officer_a,
        number="13/QĐ-CĐ",
    )
    assert client.get(certificate.format(other.recognitions.get().pk)).status_code == 404


# --- the PDFs ------------------------------------------------------------------------------------------


def _pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


def raw_text(content, tmp_path):
    """The text in pdftotext's reading order (a table cell by cell), on one line."""
    path = tmp_path / "raw.pdf"
    path.write_bytes(content)
    return flat(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout.decode())


def _in_order(text, *parts):
    missing = [part for part in parts if part not in text]
    assert not missing, (missing, text)
    positions = [text.index(part) for part in parts]
    assert positions == sorted(positions), parts


def test_the_decision_pdf_is_a_union_decision_listing_the_initiatives(client, world, candidates, tmp_path):
    steel, safety, _weak = candidates
    decision = _issue(world, [steel, safety])
    client.force_login(world.officer_a)
    response = _pdf(client, f"/sang-kien/quyet-dinh/{decision.pk}/pdf/")
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-cong-nhan-sang-kien-12-qd-cd.pdf"'
    content = response.content
    assert heading(content, tmp_path) == [
        ["LĐLĐ QUẬN HÀ ĐÔNG", "BCH CÔNG ĐOÀN CÔNG TY", "CỔ PHẦN FECON", "Số: 12/QĐ-CĐ"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hà Đông, ngày 20 tháng 11 năm 2026"],
    ]
    pages = pdf_pages(content, tmp_path)
    assert len(pages) == 1
    text = flat(pages[0])
    _in_order(
        text,
        "QUYẾT ĐỊNH Về việc công nhận sáng kiến cấp cơ sở năm 2026",
        "BAN CHẤP HÀNH CÔNG ĐOÀN CÔNG TY CỔ PHẦN FECON",
        "Căn cứ Điều lệ Công đoàn Việt Nam;",
        "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành Điều lệ Sáng kiến;",
        "Căn cứ Thông tư số 18/2013/TT-BKHCN ngày 01 tháng 8 năm 2013 của Bộ Khoa học và Công nghệ",
        "Xét đề nghị của Hội đồng sáng kiến Công đoàn Công ty Cổ phần Fecon.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Công nhận 2 sáng kiến cấp cơ sở năm 2026 và các tác giả, gồm:",
        # The table's heading, two of its cells wrapped over two lines.
        "STT Tên sáng kiến Tác giả (tỷ lệ Đơn vị Giá trị làm lợi Xếp loại đóng góp) mỗi năm",
        "Điều 2. Tác giả các sáng kiến có tên tại Điều 1 được hưởng các quyền lợi của tác giả sáng kiến theo quy "
        "định hiện hành.",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Các tổ công đoàn có liên quan và các tác giả có tên tại "
        "Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        "Nơi nhận:",
        "TM. BAN CHẤP HÀNH",
        "- Như Điều 3;",
        "CHỦ TỊCH",
        "- LĐLĐ quận Hà Đông (để báo cáo);",
        "- Lưu: VT.",
        "Lê Thị Hồng Nhung",
    )
    # The table's cells in pdftotext's reading order: row by row, the grade column last.
    _in_order(
        raw_text(content, tmp_path),
        "STT Tên sáng kiến Tác giả (tỷ lệ đóng góp) Đơn vị Giá trị làm lợi mỗi năm "
        "1 Máy cắt thép tự động Nguyễn Thị Kim Dung (70 %), Lê Văn Cường (30 %) Công đoàn Công ty Cổ phần Fecon "
        "1.250.000.000 đ "
        "2 Sổ tay an toàn điện bằng hình ảnh Phạm Thị Thu Trang Công đoàn Công ty Cổ phần Fecon "
        "Giảm tai nạn điện trong phân xưởng, nâng … "
        "Xếp loại B 83,00 điểm A 88,00 điểm Điều 2.",
    )
    assert "DANH SÁCH" not in text
    assert font_families(content, tmp_path) == {"Noto-Serif"}


def test_a_district_decision_is_issued_by_the_standing_committee(client, world, tmp_path):
    for_a, _for_a2 = _district_decisions(world)
    client.force_login(world.staff_a)
    content = _pdf(client, f"/sang-kien/quyet-dinh/{for_a.pk}/pdf/").content
    left, right = heading(content, tmp_path)
    assert left == ["LĐLĐ THÀNH PHỐ HÀ NỘI", "LĐLĐ QUẬN HÀ ĐÔNG", "Số: 1/QĐ-LĐLĐ"]
    with translation.override("vi"):
        assert right[-1] == f"Hà Đông, {long_date(for_a.date)}"
    text = flat(pdf_pages(content, tmp_path)[0])
    _in_order(
        text,
        f"Về việc công nhận sáng kiến cấp quận, huyện năm {for_a.date.year}",
        "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG QUẬN HÀ ĐÔNG",
        "Xét đề nghị của Hội đồng sáng kiến LĐLĐ quận Hà Đông.",
        f"Điều 1. Công nhận 1 sáng kiến cấp quận, huyện năm {for_a.date.year} và các tác giả, gồm:",
        "1 Sáng kiến 1",
        "250.000.000 đ",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Văn phòng LĐLĐ quận Hà Đông, các công đoàn có liên quan",
        "TM. BAN THƯỜNG VỤ",
        "- LĐLĐ Thành phố Hà Nội (để báo cáo);",
        "Nguyễn Văn An",
    )


def test_the_certificate_names_the_initiative_its_authors_level_and_grade(client, world, candidates, tmp_path):
    steel, safety, _weak = candidates
    decision = _issue(world, [steel, safety])
    recognition = decision.recognitions.get(initiative=steel)
    client.force_login(world.officer_a)
    response = _pdf(client, f"/sang-kien/quyet-dinh/{decision.pk}/chung-nhan/{recognition.pk}/")
    assert response["Content-Disposition"] == (
        f'attachment; filename="chung-nhan-sang-kien-may-cat-thep-tu-dong-{recognition.pk}.pdf"'
    )
    path = tmp_path / "certificate.pdf"
    path.write_bytes(response.content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    assert "Page size:       841.89 x 595.276 pts (A4)" in info  # landscape
    pages = pdf_pages(response.content, tmp_path)
    assert len(pages) == 1
    _in_order(
        flat(pages[0]),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
        "BAN CHẤP HÀNH CÔNG ĐOÀN CÔNG TY CỔ PHẦN FECON",
        "GIẤY CHỨNG NHẬN SÁNG KIẾN",
        "Tên sáng kiến:",
        "Máy cắt thép tự động",
        "Tác giả: Nguyễn Thị Kim Dung (70 %), Lê Văn Cường (30 %)",
        "Đơn vị: Công đoàn Công ty Cổ phần Fecon",
        "Giá trị làm lợi: 1.250.000.000 đ/năm",
        "Đã được công nhận là sáng kiến cấp cơ sở năm 2026, xếp loại B",
        "Hà Đông, ngày 20 tháng 11 năm 2026",
        "TM. BAN CHẤP HÀNH",
        "CHỦ TỊCH",
        "Quyết định số 12/QĐ-CĐ, ngày 20/11/2026",
        "Lê Thị Hồng Nhung",
    )
    # A social value instead of money: no money line.
    other = decision.recognitions.get(initiative=safety)
    text = flat(
        pdf_pages(_pdf(client, f"/sang-kien/quyet-dinh/{decision.pk}/chung-nhan/{other.pk}/").content, tmp_path)[0]
    )
    assert "Tác giả: Phạm Thị Thu Trang Đơn vị" in text
    assert "Giá trị làm lợi" not in text
    assert "xếp loại A" in text


def test_the_documents_are_in_vietnamese_whatever_the_reader_s_language(client, world, candidates, tmp_path):
    decision = _issue(world, candidates[:1])
    client.force_login(world.officer_a)
    client.cookies["django_language"] = "en"
    assert client.get("/sang-kien/quyet-dinh/").headers["Content-Language"] == "en"
    text = flat(pdf_pages(_pdf(client, f"/sang-kien/quyet-dinh/{decision.pk}/pdf/").content, tmp_path)[0])
    assert "Về việc công nhận sáng kiến cấp cơ sở năm 2026" in text
    assert "Pursuant" not in text
    assert "Recognise" not in text


def test_revoked_recognitions_leave_the_pdf(client, world, candidates, tmp_path):
    steel, safety, _weak = candidates
    decision = _issue(world, [steel, safety])
    domain.WORKFLOW.transition(steel, S.REVOKED, by=world.staff_a, note="Trùng lặp")
    client.force_login(world.officer_a)
    text = flat(pdf_pages(_pdf(client, f"/sang-kien/quyet-dinh/{decision.pk}/pdf/").content, tmp_path)[0])
    assert "Điều 1. Công nhận 1 sáng kiến cấp cơ sở năm 2026 và các tác giả, gồm:" in text
    assert "Máy cắt thép" not in text
    domain.WORKFLOW.transition(safety, S.REVOKED, by=world.staff_a, note="Trùng lặp")
    text = flat(pdf_pages(_pdf(client, f"/sang-kien/quyet-dinh/{decision.pk}/pdf/").content, tmp_path)[0])
    assert "Điều 1. Mọi công nhận của Quyết định này đã bị thu hồi." in text
    assert "STT" not in text


def test_a_long_list_goes_to_an_annex_page(world, candidates, tmp_path, artifacts_dir):
    from initiatives.pdf import decision_pdf

    steel, safety, _weak = candidates
    decision = _issue(world, [steel, safety])
    rows = list(decision.recognitions.select_related("initiative__unit").order_by("initiative__title"))
    eleven = rows * 5 + rows[:1]
    assert (decision_context(decision, eleven[:10])["annex"], decision_context(decision, eleven)["annex"]) == (
        False,
        True,
    )
    content = decision_pdf(decision, eleven)
    pages = pdf_pages(content, tmp_path)
    first, annex = flat(pages[0]), flat(" ".join(pages[1:]))
    assert "Điều 1. Công nhận 11 sáng kiến cấp cơ sở năm 2026 và các tác giả (có danh sách kèm theo)." in first
    assert "Máy cắt thép" not in first
    _in_order(
        annex,
        "DANH SÁCH Các sáng kiến được công nhận cấp cơ sở năm 2026 (Kèm theo Quyết định số 12/QĐ-CĐ ngày 20 tháng "
        "11 năm 2026 của Ban Chấp hành Công đoàn Công ty Cổ phần Fecon)",
        "STT Tên sáng kiến",
        "1 Máy cắt thép tự",
        "2 Sổ tay an toàn điện",
        "11 Máy cắt thép tự",
    )
    save_page_png(content, artifacts_dir, "initiatives-decision-annex", page=2)


def test_pdf_queries_do_not_grow_with_the_initiatives(client, world, council, django_assert_num_queries):
    small = _issue(world, [_under_review(world, "Sáng kiến một", GOOD)], number="1/QĐ-CĐ")
    large = _issue(
        world, [_under_review(world, f"Sáng kiến {n}", GOOD) for n in ("hai", "ba", "bốn")], number="2/QĐ-CĐ"
    )
    client.force_login(world.officer_a)
    _pdf(client, f"/sang-kien/quyet-dinh/{small.pk}/pdf/")
    with CaptureQueriesContext(connection) as small_run:
        _pdf(client, f"/sang-kien/quyet-dinh/{small.pk}/pdf/")
    with django_assert_num_queries(len(small_run.captured_queries)):
        _pdf(client, f"/sang-kien/quyet-dinh/{large.pk}/pdf/")


def test_pictures_of_the_documents_for_a_clerk_to_look_at(client, world, candidates, artifacts_dir):
    steel, safety, _weak = candidates
    decision = _issue(world, [steel, safety])
    client.force_login(world.officer_a)
    save_page_png(
        _pdf(client, f"/sang-kien/quyet-dinh/{decision.pk}/pdf/").content, artifacts_dir, "initiatives-decision"
    )
    recognition = decision.recognitions.get(initiative=steel)
    content = _pdf(client, f"/sang-kien/quyet-dinh/{decision.pk}/chung-nhan/{recognition.pk}/").content
    save_page_png(content, artifacts_dir, "initiatives-certificate")


def test_the_decision_page_s_query_count_does_not_grow_with_the_initiatives(
    client, world, council, django_assert_num_queries
):
    small = _issue(world, [_under_review(world, "Sáng kiến một", GOOD)], number="1/QĐ-CĐ")
    large = _issue(
        world, [_under_review(world, f"Sáng kiến {n}", GOOD) for n in ("hai", "ba", "bốn")], number="2/QĐ-CĐ"
    )
    client.force_login(world.officer_a)
    client.get(f"/sang-kien/quyet-dinh/{small.pk}/")
    with CaptureQueriesContext(connection) as small_run:
        client.get(f"/sang-kien/quyet-dinh/{small.pk}/")
    with django_assert_num_queries(len(small_run.captured_queries)):
        response = client.get(f"/sang-kien/quyet-dinh/{large.pk}/")
    assert [r.initiative.title for r in response.context["page_obj"]] == [
        "Sáng kiến ba",
        "Sáng kiến bốn",
        "Sáng kiến hai",
    ]


def test_a_city_decision_is_worded_for_the_city(world):
    decision = RecognitionDecision.objects.create(
        unit=world.city,
        level=Level.CITY,
        number="5/QĐ-LĐLĐ",
        date=SIGNED,
        signer="Trần Thị Lan",
        signer_title="Phó Chủ tịch Liên đoàn Lao động Thành phố Hà Nội",
    )
    with translation.override("vi"):
        context = decision_context(decision, [])
    assert (context["superior"], context["issuer"], context["authority"]) == (
        "Tổng Liên đoàn Lao động Việt Nam",
        "LĐLĐ Thành phố Hà Nội",
        "Ban Thường vụ Liên đoàn Lao động Thành phố Hà Nội",
    )
    assert context["subject"] == "Về việc công nhận sáng kiến cấp Thành phố năm\N{NO-BREAK SPACE}2026"
    assert context["proposal"] == "Xét đề nghị của Hội đồng sáng kiến Liên đoàn Lao động Thành phố Hà Nội."
    assert context["article_1"] == "Mọi công nhận của Quyết định này đã bị thu hồi."
    assert context["signature"] == ["TM. Ban Thường vụ", "KT. Chủ tịch", "Phó Chủ tịch"]
    assert context["recipients"] == ["Như Điều 3;", "Lưu: VT."]
