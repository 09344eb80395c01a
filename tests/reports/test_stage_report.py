"""Done-when: one district's records over the stage 2015–2020, built through the domain functions; the
tổng kết report (.docx, PDF and .xlsx, read back) prints exactly the counts and sums they imply, per
level and per title, in Vietnamese number format."""

import io
import re

import pytest
from django.utils import translation

from reports import content, documents
from reports.figures import Selection
from tests.reports import stage as stage_data

pytestmark = pytest.mark.django_db

SENTENCES = [
    "LĐLĐ quận Hà Đông hiện có 2 công đoàn cơ sở với 1.102 đoàn viên, trong đó 347 nữ.",
    "Đã ban hành 12 kế hoạch, 8 hướng dẫn và 10 công văn để lãnh đạo, chỉ đạo, "
    "hướng dẫn tổ chức các phong trào thi đua.",
    "Trong kỳ có 6 lượt công đoàn cơ sở đăng ký thi đua.",
    "27 Công nhân giỏi cấp cơ sở, 9 cấp quận, huyện, 3 Công nhân giỏi Thủ đô.",
    "6 Điển hình tiên tiến cấp quận, huyện.",
    "21 sáng kiến cấp cơ sở (làm lợi 9.275.000.000 đồng mỗi năm), "
    "6 sáng kiến cấp quận, huyện (làm lợi 2.100.000.000 đồng mỗi năm).",
    "Khen thưởng cấp cơ sở: 27 cá nhân và 0 tập thể.",
    "Khen thưởng cấp quận, huyện: 9 cá nhân và 6 tập thể.",
    "Khen thưởng cấp Thành phố: 3 cá nhân và 0 tập thể.",
]
NOT_FINAL = "CHƯA CHÍNH THỨC"


def _flat(text):
    return re.sub(r"\s+", " ", text).strip()


def docx_text(data):
    from docx import Document

    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def pdf_text(data):
    from pypdf import PdfReader

    return _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def xlsx_rows(data):
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


@pytest.fixture
def stage(world):
    return stage_data.build(world)


def test_the_records_imply_the_figures(stage):
    assert (stage.grassroots, stage.upper, stage.city, stage.collectives_upper) == (27, 9, 3, 6)
    assert stage.initiatives == {"grassroots": [21, 9_275_000_000], "upper": [6, 2_100_000_000]}
    assert (stage.members, stage.women) == (1102, 347)


def test_stage_report_prints_the_exact_figures_in_every_file(world, stage):
    selection = Selection.for_years(2015, 2020)
    with translation.override("vi"):
        before = content.build(world.district_a, selection)
    assert not before.official
    assert NOT_FINAL in docx_text(documents.report_docx(before))

    stage_data.tally_all(stage)
    with translation.override("vi"):
        report = content.build(world.district_a, selection)
    assert report.official

    text = docx_text(documents.report_docx(report))
    assert "Tổng kết phong trào thi đua yêu nước giai đoạn 2015–2020" in text
    for sentence in SENTENCES:
        assert sentence in text, sentence
    assert NOT_FINAL not in text

    pdf = pdf_text(documents.report_pdf(report))
    assert "BÁO CÁO" in pdf
    for sentence in SENTENCES:
        assert _flat(sentence) in pdf, sentence
    assert NOT_FINAL not in pdf

    sheets = xlsx_rows(documents.report_xlsx(report))
    titles = sheets["Phụ lục 3"]
    assert titles[0] == ["Phụ lục 3. Danh hiệu, hình thức khen thưởng theo cấp", *[None] * 5]
    header = titles.index(["TT", "Danh hiệu", "Cấp cơ sở", "Cấp quận, huyện", "Cấp Thành phố (Thủ đô)", "Tổng"])
    assert titles[header + 1 :] == [
        [1, "Công nhân giỏi", 27, 9, 3, 39],
        [2, "Điển hình tiên tiến", 0, 6, 0, 6],
        [None, "Tổng", 27, 15, 3, 45],
    ]
    units = sheets["Phụ lục 2"]
    first = next(i for i, row in enumerate(units) if row and row[0] == "TT")
    rows = {row[1]: row[2:] for row in units[first + 1 :]}
    # Grassroots unions, registrations, self-assessments, awards per level, initiatives per level, value.
    assert rows["Công đoàn Công ty Cổ phần Fecon"] == [1, 6, 0, 27, 9, 3, 21, 6, 0, 9_275_000_000]
    assert rows["Công đoàn trường Tiểu học Văn Yên"] == [1, 0, 0, 0, 6, 0, 0, 0, 0, 0]
    awardees = sheets["Phụ lục 4"]
    assert awardees[0] == [
        "Phụ lục 4. Danh sách cá nhân, tập thể được khen thưởng cấp quận, huyện và cấp Thành phố",
        *[None] * 4,
    ]
    assert len([row for row in awardees if isinstance(row[0], int)]) == 18  # 9 + 6 district, 3 city
    assert ["Tổ bảo dưỡng năm 2015" in (row[1] or "") for row in awardees].count(True) == 1
