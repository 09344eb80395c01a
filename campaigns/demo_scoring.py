"""Demo data of scoring: the enterprise block's score sheet for Hà Đông's 2023 campaign and the
reviewed results of phase 1 (idempotent). Call `load(stdout)` after the campaigns demo (core part).

The criteria and points are an example of a district enterprise-block sheet, not taken from the seeds.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.domain import scoring as domain
from campaigns.enums import AssessmentState, CampaignState
from campaigns.models import Campaign, Criterion, Phase, ScoreEntry, ScoreSection, ScoreSheet, SelfAssessment
from unions.models import Block, OrgUnit
from unionsite.history import record_change
from unionsite.models import ChangeRecord

SHEET_NAME = "Bảng chấm điểm thi đua khối doanh nghiệp năm 2023"

# (section, [(code, criterion, maximum points)])
SECTIONS = [
    (
        "I. Công tác đại diện, bảo vệ quyền và lợi ích của người lao động",
        [
            ("1.1", "Phối hợp tổ chức Hội nghị người lao động, thương lượng và ký kết thỏa ước lao động tập thể", 10),
            ("1.2", "Tham gia giải quyết chế độ, chính sách, tiền lương, bảo hiểm xã hội cho người lao động", 10),
            ("1.3", "Công tác an toàn, vệ sinh lao động, phòng chống cháy nổ", 10),
            ("1.4", "Chăm lo đời sống đoàn viên: Tết Sum vầy, Mái ấm Công đoàn, thăm hỏi ốm đau", 10),
        ],
    ),
    (
        "II. Tổ chức các phong trào thi đua",
        [
            ("2.1", "Phong trào “Lao động giỏi – Lao động sáng tạo”, sáng kiến cải tiến kỹ thuật", 15),
            ("2.2", "Phong trào “Giỏi việc nước – Đảm việc nhà” và công tác nữ công", 10),
            ("2.3", "Phong trào “Xanh – Sạch – Đẹp, Bảo đảm an toàn vệ sinh lao động”", 5),
        ],
    ),
    (
        "III. Xây dựng tổ chức công đoàn vững mạnh",
        [
            ("3.1", "Phát triển đoàn viên, đạt chỉ tiêu kết nạp được giao", 10),
            ("3.2", "Thu, chi, quản lý tài chính công đoàn đúng quy định", 10),
            ("3.3", "Thực hiện chế độ thông tin, báo cáo đúng hạn", 10),
        ],
    ),
]

VETOES = [
    "Để xảy ra tai nạn lao động chết người do lỗi của đơn vị",
    "Để xảy ra ngừng việc tập thể, đình công trái quy định của pháp luật",
    "Vi phạm nghiêm trọng quy định quản lý tài chính, tài sản công đoàn",
]

# Phase 1 results: self scores per criterion, and the district's changes {code: (score, reason)}.
RESULTS = {
    "HD-XD": (
        [10, 9, 9, 10, 14, 9, 5, 9, 9, 9],
        {"2.1": (Decimal(12), "Sáng kiến chưa có xác nhận giá trị làm lợi của doanh nghiệp")},
    ),
    "HD-KS": ([9, 8, 8, 9, 12, 8, 4, 8, 9, 9], {}),
    "HD-MAY": (
        [9, 9, 6, 9, 13, 9, 4, 9, 8, 8],
        {"1.3": (Decimal(4), "Biên bản kiểm tra ATVSLĐ ghi nhận 3 vi phạm chưa khắc phục")},
    ),
}

PHASES = [
    (
        1,
        "Đợt 1",
        "Đoàn kết, sáng tạo, thi đua lập thành tích chào mừng Đại hội Công đoàn các cấp",
        datetime.date(2023, 1, 1),
        datetime.date(2023, 6, 30),
    ),
    (
        2,
        "Đợt 2",
        "Thi đua lao động giỏi – Lao động sáng tạo, hoàn thành thắng lợi nhiệm vụ năm 2023",
        datetime.date(2023, 7, 1),
        datetime.date(2023, 12, 31),
    ),
]


def _campaign(district, by):
    """Hà Đông's 2023 campaign: the core part's demo makes it; make a plain one when it has not."""
    campaign = Campaign.objects.filter(
        launched_by=district, starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2023, 12, 31)
    ).first()
    if campaign is None:
        campaign = Campaign.objects.create(
            launched_by=district,
            title="Phong trào thi đua năm 2023 của LĐLĐ quận Hà Đông",
            starts_on=datetime.date(2023, 1, 1),
            ends_on=datetime.date(2023, 12, 31),
            state=CampaignState.LAUNCHED,
            created_by=by,
        )
    for number, name, theme, starts_on, ends_on in PHASES:
        Phase.objects.get_or_create(
            campaign=campaign,
            number=number,
            defaults={
                "name": name,
                "theme": theme,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "self_assessment_open": number == 2,
                "review_open": number == 2,
                "is_final": number == 2,
            },
        )
    return campaign


def _sheet(campaign, block, by):
    sheet = ScoreSheet.objects.filter(campaign=campaign, block=block).order_by("version").first()
    if sheet is not None:
        return sheet
    sheet = domain.create_sheet(campaign=campaign, block=block, name=SHEET_NAME, by=by)
    for s_order, (title, criteria) in enumerate(SECTIONS):
        section = ScoreSection.objects.create(sheet=sheet, title=title, order=s_order)
        for c_order, (code, text, points) in enumerate(criteria):
            Criterion.objects.create(section=section, code=code, title=text, max_points=points, order=c_order)
    for order, text in enumerate(VETOES):
        sheet.vetoes.create(text=text, order=order)
    return sheet


def _phase_one_results(phase, sheet, reviewer, stdout):
    criteria = [c for part in domain.sheet_outline(sheet) for c in part.criteria]
    for short_code, (scores, changes) in RESULTS.items():
        unit = OrgUnit.objects.filter(short_code=short_code).first()
        if unit is None or SelfAssessment.objects.filter(phase=phase, unit=unit).exists():
            continue
        assessment = SelfAssessment.objects.create(
            phase=phase,
            unit=unit,
            sheet=sheet,
            state=AssessmentState.REVIEWED,
            submitted_at=timezone.make_aware(datetime.datetime(2023, 7, 5, 9, 0)),
            reviewed_at=timezone.make_aware(datetime.datetime(2023, 7, 12, 15, 0)),
            reviewed_by=reviewer,
        )
        for criterion, score in zip(criteria, scores, strict=True):
            reviewed, reason = changes.get(criterion.code, (Decimal(score), ""))
            ScoreEntry.objects.create(
                assessment=assessment,
                criterion=criterion,
                self_score=score,
                reviewed_score=reviewed,
                review_reason=reason,
                note="Hồ sơ minh chứng lưu tại văn phòng công đoàn cơ sở",
            )
        domain.refresh_result(assessment)
        record_change(assessment, by=reviewer, action=ChangeRecord.Action.IMPORT, note="Dữ liệu demo: kết quả Đợt 1")
        stdout.write(f"  Đợt 1: {unit.name} — {assessment.total} điểm, {assessment.band}")


def load(stdout):
    district = OrgUnit.objects.filter(short_code="HD").first()
    block = Block.objects.filter(code="doanh-nghiep").first()
    if district is None or block is None:
        return
    staff = get_user_model().objects.filter(username="canbo.quan").first()
    campaign = _campaign(district, staff)
    sheet = _sheet(campaign, block, staff)
    phase = campaign.phases.get(number=1)
    _phase_one_results(phase, sheet, staff, stdout)
    if phase.closed_at is None and not phase.self_assessment_open and not phase.review_open:
        # Phase 1 is over: closing it freezes the sheet it used (edits now make a new version).
        phase.closed_at = timezone.make_aware(datetime.datetime(2023, 7, 15, 17, 0))
        phase.save(update_fields=["closed_at"])
    stdout.write(f"Bảng điểm: {sheet} — {campaign}")
