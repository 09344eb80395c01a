"""Demo initiatives of Hà Đông over three years (the two before this one and this one), every step
through the domain functions so that each record has its history: councils of five grassroots unions,
of the district and of the city, with members and score sheets; initiatives recognised at the
grassroots, the district and the city (a Sáng kiến Thủ đô) by decisions; one not recognised, one
returned, one submitted, one draft, two under review. On the district council sits a member who is an
author of the initiative it is scoring now: she is excluded (the conflict of interest the council page
shows). Idempotent: an initiative is keyed by its union and name, a council by its union and level,
a decision by its number."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from initiatives import domain
from initiatives.domain.councils import council_for, council_level
from initiatives.enums import AuthorCategory, CouncilRole, InitiativeState, Level
from initiatives.models import Council, Initiative, InitiativeField, Programme, RecognitionDecision
from initiatives.seed import seed_current
from unions.models import Member, OrgUnit

S = InitiativeState
W = AuthorCategory.DIRECT_WORKER
G = AuthorCategory.GRADUATE
L = AuthorCategory.LEADER

# Accounts that sit on councils besides the demo logins (they do not log in).
COUNCIL_PEOPLE = [
    ("hoidong.an", "An", "Nguyễn Văn", "Trưởng phòng Kỹ thuật"),
    ("hoidong.binh", "Bình", "Trần Thị", "Phó Chủ tịch Công đoàn"),
    ("hoidong.cuong", "Cường", "Lê Văn", "Kỹ sư trưởng"),
    # Kế toán trưởng of HD-XD and an author: excluded where the district council scores her initiative.
    ("hoidong.dung", "Dung", "Nguyễn Thị Kim", "Kế toán trưởng Công ty CP Xây dựng Hà Đông"),
]
# (unit, chair, secretary, members, {username: card number of their member record})
COUNCILS = [
    ("HD-XD", "canbo.coso", "hoidong.an", ["hoidong.binh"], {}),
    ("HD-KS", "hoidong.an", "hoidong.binh", ["hoidong.cuong"], {}),
    ("HD-MAY", "hoidong.an", "hoidong.binh", ["hoidong.cuong"], {}),
    ("HD-PVL", "hoidong.an", "hoidong.binh", ["hoidong.cuong"], {}),
    ("HD-THVQ", "hoidong.an", "hoidong.binh", ["hoidong.cuong"], {}),
    ("HD", "canbo.quan", "hoidong.cuong", ["hoidong.binh", "hoidong.dung"], {"hoidong.dung": "HD-XD-DUNG"}),
    ("HN", "canbo.thanhpho", "hoidong.an", ["hoidong.cuong"], {}),
]
POSITIONS = {"canbo.coso": "Chủ tịch Công đoàn cơ sở", "canbo.quan": "Phó Chủ tịch LĐLĐ quận Hà Đông"}
POSITIONS["canbo.thanhpho"] = "Trưởng ban Tuyên giáo LĐLĐ Thành phố"

# Where an initiative's road ends: "draft", "submitted", "returned", "not" (not recognised),
# "review" (under review at the grassroots), "grassroots", "upper_review" (recognised at the
# grassroots, under review at the district), "upper", "city".
RECOGNISED_AT_GRASSROOTS = {"grassroots", "upper_review", "upper", "city"}
GOING_UP = {"upper_review", "upper", "city"}

# Score sheets, one per seat in the order of the council's seats.
A = [
    {"novelty": 36, "applicability": 27, "effectiveness": 27},
    {"novelty": 34, "applicability": 26, "effectiveness": 28},
]
B = [
    {"novelty": 30, "applicability": 22, "effectiveness": 24},
    {"novelty": 27, "applicability": 23, "effectiveness": 22},
]
C = [
    {"novelty": 20, "applicability": 18, "effectiveness": 17},
    {"novelty": 18, "applicability": 20, "effectiveness": 16},
]
LOW = [
    {"novelty": 12, "applicability": 15, "effectiveness": 8},
    {"novelty": 10, "applicability": 14, "effectiveness": 9},
]


@dataclass
class Demo:
    year_offset: int  # 0: this year, 1: last year, 2: the year before
    unit: str
    title: str
    field_code: str
    road: str
    authors: list  # [(card number, share, category)]
    value: int | None = None
    social: str = ""
    programmes: list = field(default_factory=list)
    points: list = field(default_factory=lambda: B)
    problem: str = ""
    solution: str = ""
    novelty: str = ""
    where: str = ""
    note: str = ""


INITIATIVES = [
    # The year before last.
    Demo(
        2,
        "HD-XD",
        "Khuôn đúc dầm bê tông dự ứng lực lắp ghép nhanh",
        "ky-thuat",
        "city",
        [("HD-XD-0001", 70, W), ("HD-XD-0002", 30, W)],
        value=1_250_000_000,
        programmes=["mot-trieu-sang-kien"],
        points=A,
        problem="Khuôn thép liền khối phải tháo bằng cần cẩu, mỗi mẻ đúc mất 2 ngày, dầm hay sứt góc.",
        solution="Khuôn chia 4 mảnh bản lề, khóa cam nhanh; tháo lắp bằng tời tay trong 40 phút.",
        novelty="Lần đầu dùng khuôn bản lề cho dầm dự ứng lực tại công trường; giảm 60% thời gian mỗi mẻ.",
        where="Công trường cầu vượt Văn Phú",
    ),
    Demo(
        2,
        "HD-XD",
        "Phần mềm quản lý vật tư công trình trên điện thoại",
        "ung-dung-cong-nghe",
        "upper",
        [("HD-XD-0010", 60, G), ("HD-XD-0003", 40, W)],
        value=480_000_000,
        problem="Vật tư xuất nhập ghi sổ tay, cuối tháng mới đối chiếu, thất thoát khó phát hiện.",
        solution="Ứng dụng quét mã vạch khi xuất nhập, đồng bộ về kế toán trong ngày.",
        novelty="Thay sổ tay bằng quét mã vạch tại chân công trình, đối chiếu tồn kho hằng ngày.",
        where="Ban chỉ huy các công trình của công ty",
    ),
    Demo(
        2,
        "HD-MAY",
        "Cữ gá may túi áo sơ mi tự định vị",
        "ky-thuat",
        "grassroots",
        [("HD-MAY-0001", 100, W)],
        value=150_000_000,
        programmes=["mot-trieu-sang-kien"],
        points=C,
        problem="Công nhân căn túi bằng phấn, lệch túi phải tháo may lại.",
        solution="Cữ gá bằng nhựa mica có chốt định vị theo cỡ áo.",
        novelty="Định vị túi bằng chốt theo cỡ, không cần kẻ phấn.",
        where="Chuyền may số 3",
    ),
    Demo(
        2,
        "HD-THVQ",
        "Bảng tương tác tự làm trong dạy Toán lớp 3",
        "giang-day",
        "grassroots",
        [("HD-THVQ-0001", 50, G), ("HD-THVQ-0002", 50, G)],
        social="Học sinh tham gia tích cực hơn; tỷ lệ hoàn thành tốt môn Toán lớp 3 tăng từ 71% lên 84%.",
        problem="Giờ Toán dùng bảng phấn, học sinh ít được thao tác.",
        solution="Bảng nam châm với thẻ số, hình khối do giáo viên tự làm từ vật liệu tái chế.",
        novelty="Học sinh trực tiếp thao tác trên bảng trong mọi tiết luyện tập.",
        where="Các lớp 3 của trường",
    ),
    Demo(
        2,
        "HD-KS",
        "Quy trình đón khách đoàn rút gọn",
        "tac-nghiep",
        "not",
        [("HD-KS-0001", 100, W)],
        value=40_000_000,
        points=LOW,
        problem="Khách đoàn chờ nhận phòng lâu vào giờ cao điểm.",
        solution="Chia quầy lễ tân theo đoàn, chuẩn bị thẻ phòng trước.",
        novelty="Chuẩn bị thẻ phòng theo danh sách đoàn trước khi khách đến.",
        note="Giải pháp đã được áp dụng rộng rãi ở các khách sạn khác, chưa có tính mới.",
    ),
    # Last year.
    Demo(
        1,
        "HD-XD",
        "Hệ thống tưới ẩm bảo dưỡng bê tông tự động",
        "ky-thuat",
        "upper",
        [("HD-XD-0004", 50, W), ("HD-XD-0005", 30, W), ("HD-KS-0002", 20, W)],
        value=320_000_000,
        programmes=["mot-trieu-sang-kien", "75-nghin-sang-kien"],
        points=A,
        problem="Tưới bảo dưỡng bê tông bằng tay, không đều, mặt sàn hay nứt chân chim.",
        solution="Đường ống nhỏ giọt có van hẹn giờ và cảm biến độ ẩm.",
        novelty="Tưới theo độ ẩm đo được thay vì theo giờ cố định.",
        where="Công trình nhà ở xã hội Kiến Hưng",
    ),
    Demo(
        1,
        "HD-MAY",
        "Tận dụng vải vụn làm đệm lót thùng hàng",
        "quan-ly",
        "grassroots",
        [("HD-MAY-0002", 100, W)],
        value=95_000_000,
        programmes=["75-nghin-sang-kien"],
        problem="Vải vụn bỏ đi, đệm lót thùng hàng phải mua ngoài.",
        solution="Ép vải vụn thành tấm đệm bằng máy ép nhiệt sẵn có.",
        novelty="Dùng phế liệu của chính xưởng thay hàng mua ngoài.",
        where="Kho thành phẩm",
    ),
    Demo(
        1,
        "HD-MAY",
        "Sắp xếp chuyền may theo mô hình tế bào",
        "quan-ly",
        "grassroots",
        [("HD-MAY-0003", 60, L), ("HD-MAY-0004", 40, W)],
        value=610_000_000,
        points=A,
        problem="Chuyền dài 40 người, bán thành phẩm tồn đọng giữa các công đoạn.",
        solution="Chia thành 5 tế bào 8 người, mỗi tế bào làm trọn một nhóm công đoạn.",
        novelty="Lần đầu áp dụng mô hình tế bào ở xưởng; năng suất tăng 18%.",
        where="Xưởng may 2",
    ),
    Demo(
        1,
        "HD-PVL",
        "Số hóa hồ sơ hộ tịch của phường",
        "ung-dung-cong-nghe",
        "grassroots",
        [("HD-PVL-0001", 100, G)],
        social="Người dân nhận bản sao trích lục trong 15 phút thay vì 2 ngày.",
        problem="Tra cứu sổ hộ tịch giấy mất nhiều ngày.",
        solution="Quét và lập chỉ mục toàn bộ sổ hộ tịch từ năm 1990.",
        novelty="Tra cứu theo tên không dấu trên máy tính của bộ phận một cửa.",
        where="Bộ phận một cửa phường Văn Quán",
    ),
    Demo(
        1,
        "HD-KS",
        "Điều khiển điều hòa phòng khách theo thẻ từ",
        "ky-thuat",
        "grassroots",
        [("HD-KS-0003", 100, W)],
        value=72_000_000,
        points=C,
        problem="Điều hòa chạy cả khi khách đi vắng.",
        solution="Ngắt điều hòa khi rút thẻ từ quá 10 phút.",
        novelty="Tận dụng khe thẻ sẵn có, không thay thiết bị.",
        where="Khách sạn Mường Thanh Hà Đông",
    ),
    # This year.
    Demo(
        0,
        "HD-XD",
        "Thiết bị nâng hạ cốp pha leo thủy lực",
        "ky-thuat",
        "upper_review",
        [("HD-XD-DUNG", 40, G), ("HD-XD-0006", 40, W), ("HD-KS-0004", 20, W)],
        value=540_000_000,
        programmes=["mot-trieu-sang-kien"],
        points=A,
        problem="Cốp pha lõi thang máy phải tháo dựng lại từng tầng bằng cần trục.",
        solution="Kích thủy lực đẩy cả bộ cốp pha lên tầng trên theo ray dẫn hướng.",
        novelty="Không cần cần trục cho cốp pha lõi; mỗi tầng rút từ 5 xuống 3 ngày.",
        where="Tòa nhà văn phòng Hà Đông Tower",
    ),
    Demo(
        0,
        "HD-XD",
        "Máy uốn thép đai bán tự động",
        "ky-thuat",
        "review",
        [("HD-XD-0007", 100, W)],
        value=210_000_000,
        problem="Uốn thép đai bằng vam tay, năng suất thấp, kích thước không đều.",
        solution="Máy uốn có bàn xoay và cữ chặn theo kích thước đai.",
        novelty="Cữ chặn thay đổi nhanh cho 6 cỡ đai.",
        where="Xưởng gia công cốt thép",
    ),
    Demo(
        0,
        "HD-XD",
        "Sổ tay an toàn lao động điện tử",
        "quan-ly",
        "submitted",
        [("HD-XD-0008", 100, G)],
        social="Công nhân tra cứu quy trình an toàn ngay tại vị trí làm việc.",
        problem="Quy trình an toàn in giấy, ít người đọc.",
        solution="Mã QR dán tại từng máy dẫn tới quy trình và video hướng dẫn.",
        novelty="Quy trình gắn với từng máy, đọc được trên điện thoại.",
    ),
    Demo(
        0,
        "HD-MAY",
        "Băng chuyền cấp bán thành phẩm giữa các tế bào may",
        "ky-thuat",
        "returned",
        [("HD-MAY-0005", 100, W)],
        value=130_000_000,
        problem="Bán thành phẩm chuyển bằng xe đẩy, hay nhầm lẫn giữa các tế bào.",
        solution="Băng chuyền con lăn có khay đánh số theo tế bào.",
        novelty="Khay đánh số theo tế bào, không nhầm lẫn.",
        note="Bổ sung biên bản áp dụng thử và bảng tính giá trị làm lợi.",
    ),
    Demo(
        0,
        "HD-XD",
        "Giảm hao hụt xi măng khi trộn bê tông tại chỗ",
        "tac-nghiep",
        "draft",
        [("HD-XD-0009", 100, W)],
        value=60_000_000,
        problem="Xi măng rơi vãi khi đổ bao vào máy trộn.",
        solution="Phễu cấp liệu có dao rạch bao và tấm chắn bụi.",
        novelty="Rạch bao ngay trên phễu, không rơi vãi.",
    ),
    Demo(
        0,
        "HD-THVQ",
        "Câu lạc bộ đọc sách trực tuyến cho học sinh",
        "giang-day",
        "grassroots",
        [("HD-THVQ-0003", 100, G)],
        social="Mỗi học sinh đọc thêm trung bình 6 cuốn sách mỗi học kỳ.",
        problem="Thư viện nhỏ, học sinh ít mượn sách.",
        solution="Tủ sách điện tử và buổi chia sẻ trực tuyến hằng tuần.",
        novelty="Học sinh giới thiệu sách cho nhau qua video ngắn.",
        where="Trường Tiểu học Văn Quán",
    ),
]


def _date(year, month, day):
    """A date of `year`, never after today (this year's steps happen by now)."""
    return min(datetime.date(year, month, day), timezone.localdate())


def load(stdout):
    seed_current()
    codes = {"HN", "HD", *(unit for unit, *_rest in COUNCILS)}
    units = {u.short_code: u for u in OrgUnit.objects.filter(short_code__in=codes)}
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["canbo.coso", "canbo.quan", "canbo.thanhpho"])
    }
    if len(units) < len(codes) or len(users) < 3:
        stdout.write("initiatives: the Hà Đông demo units or logins are missing; nothing loaded.")
        return
    this_year = timezone.localdate().year
    users |= _council_people()
    _councils(units, users, this_year)
    evidence = _evidence_pdf()
    made = 0
    for offset in (2, 1, 0):
        made += _load_year(
            this_year - offset, [d for d in INITIATIVES if d.year_offset == offset], units, users, evidence
        )
    stdout.write(
        f"  Sáng kiến: {Initiative.objects.count()} hồ sơ ({made} mới), "
        f"{RecognitionDecision.objects.count()} quyết định công nhận, {Council.objects.count()} hội đồng."
    )


def _council_people():
    User = get_user_model()
    people = {}
    for username, first, last, _position in COUNCIL_PEOPLE:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@thidua.example.vn"},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        people[username] = user
    return people


def _councils(units, users, this_year):
    """Each unit's council sits from 1 January two years ago to the end of this year (one term)."""
    positions = POSITIONS | {username: position for username, _f, _l, position in COUNCIL_PEOPLE}
    start, end = datetime.date(this_year - 2, 1, 1), datetime.date(this_year, 12, 31)
    for code, chair, secretary, members, persons in COUNCILS:
        unit = units[code]
        council = council_for(unit, council_level(unit), on=timezone.localdate())
        if council is None:
            by = (
                users["canbo.coso"]
                if code == "HD-XD"
                else users["canbo.thanhpho"]
                if code == "HN"
                else users["canbo.quan"]
            )
            council = domain.save_council(
                Council(
                    unit=unit,
                    name=f"Hội đồng sáng kiến {unit.name} nhiệm kỳ {start.year}–{end.year}",
                    valid_from=start,
                    valid_to=end,
                    min_size=3,
                ),
                by=by,
            )
        by = council.created_by
        seated = set(council.members.filter(left_at__isnull=True).values_list("user__username", flat=True))
        seats = [(chair, CouncilRole.CHAIR), (secretary, CouncilRole.SECRETARY)]
        seats += [(username, CouncilRole.MEMBER) for username in members]
        for username, role in seats:
            if username in seated:
                continue
            user = users[username]
            person = Member.objects.get(card_number=persons[username]) if username in persons else None
            domain.add_council_member(
                council,
                user=user,
                full_name=f"{user.last_name} {user.first_name}",
                position=positions.get(username, ""),
                role=role,
                person=person,
                by=by,
            )


def _evidence_pdf():
    from weasyprint import HTML

    html = (
        "<html lang='vi'><body style='font-family: \"Noto Serif\"; font-size: 13pt'>"
        "<h1 style='font-size: 15pt; text-align: center'>BIÊN BẢN XÁC NHẬN ÁP DỤNG SÁNG KIẾN</h1>"
        "<p>Đơn vị áp dụng xác nhận sáng kiến đã được áp dụng thực tế, mang lại hiệu quả như hồ sơ đã nêu.</p>"
        "<p>Đại diện đơn vị áp dụng (ký, ghi rõ họ tên)</p></body></html>"
    )
    return HTML(string=html).write_pdf()


def _submitter(demo, users):
    """Who files and decides at the grassroots: the union's officer for HD-XD, the district's staff for the others."""
    return users["canbo.coso"] if demo.unit == "HD-XD" else users["canbo.quan"]


def _score(review, points, *, only=None):
    """Each seat not excluded submits a sheet (the sheets of `points` in turn); `only`: that many seats,
    the demo logins last, so that where the scoring is not over their own sheet still waits for them."""
    excluded = set(review.exclusions.values_list("council_member_id", flat=True))
    seats = review.council.members.filter(left_at__isnull=True).select_related("user").order_by("pk")
    seats = sorted((s for s in seats if s.pk not in excluded), key=lambda s: s.user.username.startswith("canbo."))
    for index, seat in enumerate(seats[:only] if only is not None else seats):
        domain.save_sheet(
            review, seat.user, points[index % len(points)], comment="Đạt yêu cầu." if index == 0 else "", submit=True
        )


def _take_up_and_score(initiative, decider, points, *, only=None):
    domain.WORKFLOW.transition(initiative, S.UNDER_REVIEW, by=decider)
    _score(initiative.reviews.get(level=initiative.level), points, only=only)


def _decide(unit, level, year, initiatives, by, sequence):
    if not initiatives:
        return
    suffix = {Level.GRASSROOTS: "QĐ-CĐCS", Level.UPPER: "QĐ-LĐLĐ", Level.CITY: "QĐ-LĐLĐTP"}[level]
    number = f"{sequence:02d}/{year}/{suffix}"
    if RecognitionDecision.objects.filter(unit=unit, year=year, number=number).exists():
        return
    month, day = {Level.GRASSROOTS: (6, 20), Level.UPPER: (9, 25), Level.CITY: (11, 20)}[level]
    signer, title = {
        Level.GRASSROOTS: ("Phạm Văn Hòa", f"Chủ tịch {unit.name}"),
        Level.UPPER: ("Nguyễn Văn Phú", "Chủ tịch LĐLĐ quận Hà Đông"),
        Level.CITY: ("Lê Thị Thanh Hương", "Phó Chủ tịch LĐLĐ Thành phố Hà Nội"),
    }[level]
    domain.issue_decision(
        unit=unit,
        number=number,
        date=_date(year, month, day),
        signer=signer,
        signer_title=title,
        initiatives=initiatives,
        by=by,
    )


def _load_year(year, demos, units, users, evidence):
    """Every initiative of `year` not yet recorded, taken along its road; returns how many were made."""
    fields = {f.code: f for f in InitiativeField.objects.all()}
    programmes = {p.code: p for p in Programme.objects.all()}
    made = []
    for demo in demos:
        unit = units[demo.unit]
        if Initiative.objects.filter(unit=unit, title=demo.title).exists():
            continue
        by = _submitter(demo, users)
        initiative = Initiative(
            unit=unit,
            year=year,
            title=demo.title,
            field=fields[demo.field_code],
            problem=demo.problem,
            solution=demo.solution,
            novelty=demo.novelty,
            first_applied_on=_date(year, 3, 1) if demo.where else None,
            applied_where=demo.where,
            value_per_year=demo.value,
            social_value=demo.social,
        )
        authors = [(Member.objects.get(card_number=card), share, category) for card, share, category in demo.authors]
        domain.save_initiative(initiative, authors, by=by, programmes=[programmes[c] for c in demo.programmes])
        if demo.road in GOING_UP or demo.road == "returned":
            upload = SimpleUploadedFile("bien-ban-ap-dung.pdf", evidence, content_type="application/pdf")
            domain.add_evidence(initiative, upload, "Biên bản xác nhận áp dụng sáng kiến", by=by)
        made.append((demo, initiative))
        if demo.road == "draft":
            continue
        domain.WORKFLOW.transition(initiative, S.SUBMITTED, by=by)
        if demo.road == "submitted":
            continue
        if demo.road == "returned":
            domain.WORKFLOW.transition(initiative, S.RETURNED, by=by, note=demo.note)
            continue
        _take_up_and_score(initiative, by, demo.points, only=1 if demo.road == "review" else None)
        if demo.road == "not":
            domain.WORKFLOW.transition(initiative, S.NOT_RECOGNISED, by=by, note=demo.note)

    # Each union recognises its initiatives of the year by one decision.
    for code in dict.fromkeys(demo.unit for demo, _i in made):
        recognised = [i for demo, i in made if demo.unit == code and demo.road in RECOGNISED_AT_GRASSROOTS]
        if recognised:
            decider = users["canbo.coso"] if code == "HD-XD" else users["canbo.quan"]
            _decide(units[code], Level.GRASSROOTS, year, recognised, decider, 1)

    # Proposed to the district: scored there (the one under review this year by part of the council).
    going_up = [(demo, i) for demo, i in made if demo.road in GOING_UP]
    for demo, initiative in going_up:
        domain.WORKFLOW.transition(initiative, S.SUBMITTED, by=_submitter(demo, users))
        _take_up_and_score(
            initiative, users["canbo.quan"], demo.points, only=2 if demo.road == "upper_review" else None
        )
    upper = [i for demo, i in going_up if demo.road != "upper_review"]
    _decide(units["HD"], Level.UPPER, year, upper, users["canbo.quan"], 1)

    # The best goes on to the city: a Sáng kiến Thủ đô.
    for demo, initiative in going_up:
        if demo.road == "city":
            domain.WORKFLOW.transition(initiative, S.SUBMITTED, by=users["canbo.quan"])
            _take_up_and_score(initiative, users["canbo.thanhpho"], demo.points)
    city = [i for demo, i in going_up if demo.road == "city"]
    _decide(units["HN"], Level.CITY, year, city, users["canbo.thanhpho"], 1)
    return len(made)
