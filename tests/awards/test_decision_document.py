"""The decision PDF laid out as a union administrative document (Nghị định 30/2020/NĐ-CP, the Tổng
Liên đoàn's rules), the certificate, and their file names. PDFs are read back with pdftotext and
page 1 is kept as a picture in var/test-artifacts/ for someone to look at."""

import datetime
import re
import subprocess
import unicodedata

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.enums import Level
from awards.pdf import full_name, long_date, place_of, signature_lines, signer_position
from tests.awards.factories import AwardFactory, DecisionFactory, NominationFactory, PhaseFactory
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def pdf_pages(content, tmp_path, name="out.pdf"):
    """The text of each page, as pdftotext gives it (checked to be NFC before anything else)."""
    path = tmp_path / name
    path.write_bytes(content)
    raw = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert unicodedata.is_normalized("NFC", raw)
    return raw.split("\f")[:-1]


def flat(text):
    """The text as one line with single spaces: sentences read across the lines they wrap over."""
    return " ".join(text.split())


# The heading's two columns on page 1, in points: left margin 30 mm, the issuing body's column 42 % of
# the 165 mm text width, the motto's the rest; from the top to the line "QUYẾT ĐỊNH".
LEFT_COLUMN = (85, 196)
RIGHT_COLUMN = (283, 300)


def _run_pdftotext(path, *options):
    command = ["pdftotext", "-f", "1", "-l", "1", *options, str(path), "-"]
    return subprocess.run(command, capture_output=True, check=True).stdout.decode()


def heading(content, tmp_path):
    """The lines of the heading's left and right columns on page 1."""
    path = tmp_path / "heading.pdf"
    path.write_bytes(content)
    words = re.findall(r'yMin="([0-9.]+)"[^>]*>([^<]*)<', _run_pdftotext(path, "-bbox"))
    top_of_title = next(float(y) for y, word in words if word == "QUYẾT")
    columns = []
    for x, width in (LEFT_COLUMN, RIGHT_COLUMN):
        box = (x, 40, width, int(top_of_title) - 41)
        options = ["-r", "72", "-layout"]
        for option, value in zip("xyWH", box, strict=True):
            options += [f"-{option}", str(value)]
        raw = _run_pdftotext(path, *options)
        columns.append([line.strip() for line in raw.splitlines() if line.strip()])
    return columns


def font_families(content, tmp_path):
    path = tmp_path / "fonts.pdf"
    path.write_bytes(content)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode()
    # "ABCDEF+Noto-Serif-Bold  CID TrueType …" → "Noto-Serif"
    return {re.sub(r"-(Bold|Italic)", "", line.split()[0].split("+")[-1]) for line in listing.splitlines()[2:]}


def save_page_png(content, artifacts_dir, name, page=1):
    """Page `page` of the PDF as artifacts/<name>.png (60 dpi), the PDF kept beside it."""
    path = artifacts_dir / f"{name}.pdf"
    path.write_bytes(content)
    target = artifacts_dir / name
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", str(path), str(target)],
        check=True,
    )
    png = artifacts_dir / f"{name}.png"
    assert png.read_bytes().startswith(b"\x89PNG")
    return png


@pytest.fixture
def launched_phase(world):
    return PhaseFactory(
        campaign__launched_by=world.city,
        campaign__title="Thi đua Lao động giỏi – Lao động sáng tạo năm 2026",
        campaign__document_number="12/KH-LĐLĐ",
        campaign__document_date=datetime.date(2026, 1, 5),
    )


NAMES = [
    "Đặng Thị Thu Hương",
    "Lê Văn An",
    "Vũ Thị Mai",
    "Đỗ Minh Hằng",
    "Phạm Quốc Việt",
    "Trịnh Thị Ngọc Ánh",
    "Bùi Đức Thắng",
    "Hoàng Thị Yến",
    "Ngô Văn Lực",
    "Dương Thị Huệ",
    "Tạ Quang Đạo",
    "Kiều Thị Hồng",
    "Lý Văn Tùng",
]


def _district_decision(world, phase, count, number="125/QĐ-LĐLĐ", first=None):
    decision = DecisionFactory(
        unit=world.district_a,
        level=Level.UPPER,
        number=number,
        signer="Nguyễn Văn Phú",
        signer_title="Chủ tịch LĐLĐ quận Hà Đông",
    )
    # A person holds a title once per level and year: a second decision names someone else first.
    people = [first or world.member_a] + [
        MemberFactory(unit=world.grassroots_a2, full_name=name, position="Giáo viên") for name in NAMES[: count - 1]
    ]
    for person in people:
        nomination = NominationFactory(phase=phase, unit=person.unit, member=person)
        AwardFactory(unit=person.unit, member=person, decision=decision, nomination=nomination)
    return decision


def _pdf(client, decision, **headers):
    response = client.get(f"/khen-thuong/quyet-dinh/{decision.pk}/pdf/", **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response


def _in_order(text, *parts):
    missing = [part for part in parts if part not in text]
    assert not missing, (missing, text)
    positions = [text.index(part) for part in parts]
    assert positions == sorted(positions), parts


def test_district_decision_is_laid_out_as_a_union_decision(client, world, launched_phase, tmp_path):
    decision = _district_decision(world, launched_phase, 2)
    client.force_login(world.officer_a)
    content = _pdf(client, decision).content
    assert heading(content, tmp_path) == [
        ["LĐLĐ THÀNH PHỐ HÀ NỘI", "LĐLĐ QUẬN HÀ ĐÔNG", "Số: 125/QĐ-LĐLĐ"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hà Đông, ngày 20 tháng 11 năm 2026"],
    ]
    pages = pdf_pages(content, tmp_path)
    assert len(pages) == 1
    text = flat(pages[0])
    expected = [
        "QUYẾT ĐỊNH Về việc khen thưởng danh hiệu Công nhân giỏi cấp quận, huyện năm 2026",
        "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG QUẬN HÀ ĐÔNG",
        "Căn cứ Điều lệ Công đoàn Việt Nam;",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Quy chế Khen thưởng của tổ chức Công đoàn ban hành kèm theo Quyết định số 999/QĐ-TLĐ",
        "Căn cứ văn bản số 12/KH-LĐLĐ ngày 05 tháng 01 năm 2026 của Liên đoàn Lao động Thành phố Hà Nội "
        "về việc phát động “Thi đua Lao động giỏi – Lao động sáng tạo năm 2026”;",
        "Xét đề nghị của Công đoàn Công ty Cổ phần Fecon và Công đoàn trường Tiểu học Văn Yên.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng Giấy khen cho 2 cá nhân đã đạt danh hiệu Công nhân giỏi cấp quận, huyện năm 2026, gồm:",
        "STT Họ và tên / Tập thể Chức vụ, đơn vị Danh hiệu",
        "Điều 2. Các tập thể, cá nhân có tên tại Điều 1 được tặng Giấy khen kèm theo tiền thưởng theo quy định "
        "hiện hành.",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Văn phòng LĐLĐ quận Hà Đông, các công đoàn có liên quan "
        "và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        "Nơi nhận:",
        "TM. BAN THƯỜNG VỤ",
        "- Như Điều 3;",
        "CHỦ TỊCH",
        "- LĐLĐ Thành phố Hà Nội (để báo cáo);",
        "- Lưu: VT.",
        "Nguyễn Văn Phú",
    ]
    _in_order(text, *expected)
    # The awardees in the table of Điều 1; the signer's position without the body's name.
    _in_order(
        text, "STT Họ và tên / Tập thể", "1 Nguyễn Thị Kim Dung Công đoàn Công ty", "2 Đặng Thị Thu Hương Giáo viên"
    )
    assert "CHỦ TỊCH LĐLĐ" not in text
    assert "DANH SÁCH" not in text
    # One typeface for every letter: no ư or ạ borrowed from a fallback font.
    assert font_families(content, tmp_path) == {"Noto-Serif"}


def test_a_long_list_goes_to_an_annex_page(client, world, launched_phase, tmp_path):
    decision = _district_decision(world, launched_phase, 12, number="126/QĐ-LĐLĐ")
    AwardFactory(
        unit=world.grassroots_a,
        member=None,
        collective_name="Tổ Hàn điện – Phân xưởng Cơ khí",
        decision=decision,
        nomination=NominationFactory(
            phase=launched_phase, unit=world.grassroots_a, member=None, collective_name="Tổ Hàn điện"
        ),
    )
    client.force_login(world.staff_a)
    pages = pdf_pages(_pdf(client, decision).content, tmp_path)
    first, annex = flat(pages[0]), flat(" ".join(pages[1:]))
    assert (
        "Điều 1. Tặng Giấy khen cho 1 tập thể và 12 cá nhân đã đạt danh hiệu Công nhân giỏi cấp quận, huyện năm "
        "2026 (có danh sách kèm theo)." in first
    )
    assert "Nguyễn Thị Kim Dung" not in first
    assert "Nơi nhận:" in first
    assert annex.startswith("2 DANH SÁCH ")  # numbered from page 2, at the top
    _in_order(
        annex,
        "DANH SÁCH Các tập thể, cá nhân được tặng Giấy khen (Kèm theo Quyết định số 126/QĐ-LĐLĐ ngày 20 tháng 11 "
        "năm 2026 của Ban Thường vụ Liên đoàn Lao động quận Hà Đông)",
        "STT Họ và tên / Tập thể Chức vụ, đơn vị Danh hiệu",
        "I. TẬP THỂ",
        "1 Tổ Hàn điện",
        "II. CÁ NHÂN",
        "1 Nguyễn Thị Kim Dung",
        "12 Tạ Quang Đạo",
    )


def test_the_annex_starts_after_ten_awardees(world, launched_phase):
    from awards.pdf import decision_context

    decision = _district_decision(world, launched_phase, 11)
    awards = list(decision.awards.order_by("pk"))
    assert (decision_context(decision, awards[:10])["annex"], decision_context(decision, awards)["annex"]) == (
        False,
        True,
    )


def test_a_decision_whose_awards_were_all_revoked_says_so(world, launched_phase):
    from awards.pdf import decision_context

    decision = _district_decision(world, launched_phase, 1)
    context = decision_context(decision, [])
    assert (context["subject"], context["article_1"], context["groups"]) == (
        "Về việc khen thưởng",
        "Mọi khen thưởng của Quyết định này đã bị thu hồi.",
        [],
    )


def test_city_decision_names_the_confederation_and_the_proposing_districts(client, world, launched_phase, tmp_path):
    decision = DecisionFactory(
        unit=world.city, level=Level.CITY, number="9/QĐ-LĐLĐ", signer="Trần Thị Lan", signer_title="Phó Chủ tịch"
    )
    for member in (world.member_a, world.member_b):
        nomination = NominationFactory(phase=launched_phase, unit=member.unit, member=member, level=Level.CITY)
        AwardFactory(unit=member.unit, member=member, level=Level.CITY, decision=decision, nomination=nomination)
    client.force_login(world.city_reviewer)
    content = _pdf(client, decision).content
    left, right = heading(content, tmp_path)
    assert left == ["TỔNG LIÊN ĐOÀN LAO ĐỘNG", "VIỆT NAM", "LĐLĐ THÀNH PHỐ HÀ NỘI", "Số: 9/QĐ-LĐLĐ"]
    assert right[-1] == "Hà Nội, ngày 20 tháng 11 năm 2026"
    text = flat(pdf_pages(content, tmp_path)[0])
    _in_order(
        text,
        "Về việc khen thưởng danh hiệu Công nhân giỏi Thủ đô năm 2026",
        "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ HÀ NỘI",
        "Xét đề nghị của LĐLĐ huyện Đan Phượng và LĐLĐ quận Hà Đông.",
        "Điều 1. Tặng Bằng khen cho 2 cá nhân",
        "Nơi nhận:",
        "- Như Điều 3; KT. CHỦ TỊCH - Lưu: VT. PHÓ CHỦ TỊCH",
        "Trần Thị Lan",
    )


def test_grassroots_decision_is_issued_by_the_executive_committee(client, world, tmp_path):
    decision = DecisionFactory(
        unit=world.grassroots_a,
        level=Level.GRASSROOTS,
        number="12/QĐ-CĐCS",
        date=datetime.date(2026, 2, 3),
        signer="Lê Thị Hồng Nhung",
        signer_title="Chủ tịch Công đoàn Công ty Cổ phần Fecon",
    )
    AwardFactory(unit=world.grassroots_a, member=world.member_a, level=Level.GRASSROOTS, decision=decision)
    client.force_login(world.officer_a)
    content = _pdf(client, decision).content
    left, right = heading(content, tmp_path)
    assert left == ["LĐLĐ QUẬN HÀ ĐÔNG", "BCH CÔNG ĐOÀN CÔNG TY", "CỔ PHẦN FECON", "Số: 12/QĐ-CĐCS"]
    assert right[-1] == "Hà Đông, ngày 03 tháng 02 năm 2026"
    text = flat(pdf_pages(content, tmp_path)[0])
    _in_order(
        text,
        "Về việc khen thưởng danh hiệu Công nhân giỏi cấp cơ sở năm 2026",
        "BAN CHẤP HÀNH CÔNG ĐOÀN CÔNG TY CỔ PHẦN FECON",
        "Căn cứ Điều lệ Công đoàn Việt Nam;",
        "Xét đề nghị của Hội đồng Thi đua - Khen thưởng Công đoàn Công ty Cổ phần Fecon.",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Các tổ công đoàn có liên quan",
        "TM. BAN CHẤP HÀNH",
        "CHỦ TỊCH",
        "- LĐLĐ quận Hà Đông (để báo cáo);",
        "Lê Thị Hồng Nhung",
    )
    assert "Căn cứ văn bản số" not in text


def test_the_decision_is_in_vietnamese_whatever_the_reader_s_language(client, world, launched_phase, tmp_path):
    decision = _district_decision(world, launched_phase, 1)
    client.force_login(world.staff_a)
    client.cookies["django_language"] = "en"
    assert client.get("/khen-thuong/quyet-dinh/").headers["Content-Language"] == "en"
    text = flat(pdf_pages(_pdf(client, decision).content, tmp_path)[0])
    assert "Căn cứ Điều lệ Công đoàn Việt Nam;" in text
    assert "Pursuant" not in text


def test_decision_pdf_queries_do_not_grow_with_the_awardees(client, world, launched_phase, django_assert_num_queries):
    small = _district_decision(world, launched_phase, 1)
    large = _district_decision(
        world, launched_phase, 4, number="126/QĐ-LĐLĐ", first=MemberFactory(unit=world.grassroots_a)
    )
    client.force_login(world.staff_a)
    _pdf(client, small)  # the first request warms what is cached (content types, sessions)
    with CaptureQueriesContext(connection) as small_run:
        _pdf(client, small)
    with django_assert_num_queries(len(small_run.captured_queries)):
        _pdf(client, large)


def test_file_names_transliterate_d(client, world, launched_phase):
    decision = _district_decision(world, launched_phase, 1)
    award = decision.awards.get()
    client.force_login(world.staff_a)
    response = _pdf(client, decision)
    assert response["Content-Disposition"] == 'attachment; filename="quyet-dinh-125-qd-ldld.pdf"'
    response = client.get(f"/khen-thuong/khen-thuong/{award.pk}/chung-nhan/")
    assert response["Content-Disposition"] == f'attachment; filename="chung-nhan-nguyen-thi-kim-dung-{award.pk}.pdf"'


def test_certificate_carries_the_motto_the_awarding_body_and_the_signature(client, world, launched_phase, tmp_path):
    decision = _district_decision(world, launched_phase, 1)
    award = decision.awards.get()
    client.force_login(world.officer_a)
    pages = pdf_pages(client.get(f"/khen-thuong/khen-thuong/{award.pk}/chung-nhan/").content, tmp_path)
    assert len(pages) == 1
    _in_order(
        flat(pages[0]),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc",
        "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG QUẬN HÀ ĐÔNG",
        "GIẤY KHEN Tặng Nguyễn Thị Kim Dung Công đoàn Công ty Cổ phần Fecon",
        "Đã đạt danh hiệu Công nhân giỏi cấp quận, huyện năm 2026",
        "Hà Đông, ngày 20 tháng 11 năm 2026",
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "Quyết định số 125/QĐ-LĐLĐ, ngày 20/11/2026",
        "Nguyễn Văn Phú",
    )


def test_decision_pdf_pictures_for_a_clerk_to_look_at(client, world, launched_phase, artifacts_dir):
    short = _district_decision(world, launched_phase, 2)
    long = _district_decision(
        world, launched_phase, 14, number="126/QĐ-LĐLĐ", first=MemberFactory(unit=world.grassroots_a)
    )
    client.force_login(world.staff_a)
    save_page_png(_pdf(client, short).content, artifacts_dir, "decision-page-1")
    content = _pdf(client, long).content
    save_page_png(content, artifacts_dir, "decision-long-page-1")
    save_page_png(content, artifacts_dir, "decision-annex", page=2)
    award = short.awards.get(member=world.member_a)
    content = client.get(f"/khen-thuong/khen-thuong/{award.pk}/chung-nhan/").content
    save_page_png(content, artifacts_dir, "certificate")


def test_long_date_pads_days_and_the_first_two_months():
    assert long_date(datetime.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert long_date(datetime.date(2026, 11, 20)) == "ngày 20 tháng 11 năm 2026"
    assert long_date(datetime.date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"


def test_full_name_and_place(world):
    assert full_name("LĐLĐ quận Hà Đông") == "Liên đoàn Lao động quận Hà Đông"
    assert full_name("CĐ ngành Giáo dục") == "Công đoàn ngành Giáo dục"
    assert place_of([world.grassroots_a, world.district_a, world.city]) == "Hà Đông"
    assert place_of([world.city]) == "Hà Nội"


def test_the_signature_block_prints_the_position_without_the_body_s_name(world):
    positions = [
        ("Chủ tịch LĐLĐ Thành phố Hà Nội", "Chủ tịch"),
        ("Phó Chủ tịch Liên đoàn Lao động Thành phố Hà Nội", "Phó Chủ tịch"),
        ("Chủ tịch", "Chủ tịch"),
        ("", "Chủ tịch"),
    ]
    for typed, printed in positions:
        assert signer_position(DecisionFactory.build(unit=world.city, signer_title=typed)) == printed
    assert signature_lines("TM. Ban Thường vụ", "Phó Chủ tịch") == ["TM. Ban Thường vụ", "KT. Chủ tịch", "Phó Chủ tịch"]
    assert signature_lines("TM. Ban Thường vụ", "Chủ tịch") == ["TM. Ban Thường vụ", "Chủ tịch"]
