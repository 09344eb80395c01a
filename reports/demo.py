"""Demo data of reports: the five-year stage 2015–2020 of LĐLĐ quận Hà Đông, so that the tổng kết report
(Báo cáo → năm 2015 đến 2020) has real figures: a campaign a year with its two phases, the plans,
guidance notes and letters the district issued, the unions' registrations, the titles their own
decisions gave (through awards.domain), the district's and the city's decisions, and initiatives
recognised by the councils (through initiatives.domain); every phase is then tallied. Idempotent:
nothing is added once the stage's first campaign exists."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from awards.catalogue import ensure_catalogue
from awards.domain.grassroots import record_grassroots_decision
from awards.enums import CommendationMethod, Level, NominationState
from awards.models import AwardTitle, Nomination
from campaigns.domain.core import save_record
from campaigns.enums import AssessmentState, CampaignKind, CampaignState, DocumentKind, RegistrationState, TargetMetric
from campaigns.models import (
    Campaign,
    CampaignDocument,
    Movement,
    Phase,
    Pledge,
    ScoreBand,
    ScoreSheet,
    SelfAssessment,
    Target,
    TitleRegistration,
    UnitRegistration,
)
from initiatives import domain as initiative_domain
from initiatives.domain.councils import active_members, council_for, deciding_unit
from initiatives.enums import AuthorCategory, CouncilRole, InitiativeState
from initiatives.models import Council, Initiative, InitiativeField
from initiatives.seed import seed_current
from reports.domain import tally
from unions.enums import Gender
from unions.models import Member, OrgUnit

YEARS = range(2015, 2021)
TITLE = "Phong trào thi đua năm {year} của Công đoàn quận Hà Đông"
UNIONS = ["HD-XD", "HD-KS", "HD-MAY", "HD-PVL", "HD-THVQ"]
# Công nhân giỏi cấp cơ sở a year, by union (the production unions).
GOOD_WORKERS = {"HD-XD": [6, 7, 8, 8, 9, 10], "HD-MAY": [9, 10, 12, 13, 14, 15], "HD-KS": [3, 3, 4, 4, 5, 5]}
# Documents the district issued over the stage: 12 plans, 8 guidance notes and 10 official letters.
DOCUMENTS = [DocumentKind.PLAN] * 12 + [DocumentKind.GUIDANCE] * 8 + [DocumentKind.LETTER] * 10
FIRST_NAMES = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Vũ Thị", "Đỗ Văn", "Bùi Thị"]
LAST_NAMES = ["An", "Bình", "Cường", "Dung", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc", "Quang"]
SCORES = {"novelty": 32, "applicability": 25, "effectiveness": 26}


def load(stdout):
    units = {u.short_code: u for u in OrgUnit.objects.filter(short_code__in=["HN", "HD", *UNIONS])}
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=["canbo.quan", "canbo.coso", "canbo.thanhpho", "admin"])
    }
    if len(units) < 2 + len(UNIONS) or len(users) < 4:
        stdout.write("reports: the demo units or accounts are missing; skipped.")
        return
    if Campaign.objects.filter(title=TITLE.format(year=YEARS[0])).exists():
        stdout.write("reports: the 2015–2020 stage of Hà Đông is already there.")
        return
    ensure_catalogue()
    seed_current()
    staff, officer, city_staff = users["canbo.quan"], users["canbo.coso"], users["canbo.thanhpho"]
    district, city = units["HD"], units["HN"]
    members = _members(units)
    phases = []
    initiative_councils(units, users)
    number = 0
    for index, year in enumerate(YEARS):
        campaign, year_phases = _campaign(district, staff, year)
        phases += year_phases
        for code in UNIONS:
            UnitRegistration.objects.get_or_create(
                campaign=campaign,
                unit=units[code],
                defaults={"state": RegistrationState.ACCEPTED, "commitments": "Hoàn thành xuất sắc nhiệm vụ năm."},
            )
        for k, kind in enumerate(DOCUMENTS[index * 5 : index * 5 + 5]):
            save_record(
                CampaignDocument(
                    campaign=campaign,
                    issued_by=district,
                    kind=kind,
                    number=f"{k + 2}/{kind[:2].upper()}-LĐLĐ",
                    issued_on=datetime.date(year, 1 + 2 * k, 10),
                    title=f"{DocumentKind(kind).label} năm {year}",
                    file=ContentFile(b"%PDF-1.4\n%demo\n", name=f"van-ban-{year}-{k + 1}.pdf"),
                ),
                by=staff,
            )
        _targets_pledge_and_scores(campaign, year_phases, district, units, staff, index)
        good = _grassroots_titles(units, members, officer, staff, year, index)
        _upper_and_city(district, city, staff, city_staff, year_phases[-1], good, year, index)
        if year == YEARS[-1]:
            _commendations(district, staff, year_phases[-1], good, year)
        for k in range(2 + index):
            number += 1
            _initiative(units["HD-XD"], members["HD-XD"][k], officer, staff, year, k, index, number)
    for phase in phases:
        tally.tally_phase(phase)
    stdout.write(f"reports: Hà Đông's 2015–2020 stage loaded and {len(phases)} phases tallied.")


def _members(units):
    """Production workers of each union who joined before the stage (made once)."""
    out = {}
    for code in GOOD_WORKERS:
        unit = units[code]
        found = list(Member.objects.filter(unit=unit, card_number__startswith=f"{code}-GD-").order_by("card_number"))
        needed = max(GOOD_WORKERS[code]) + 2
        for i in range(len(found), needed):
            name = f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[(i * 5 + len(code)) % len(LAST_NAMES)]}"
            found.append(
                Member.objects.create(
                    unit=unit,
                    full_name=name,
                    gender=Gender.FEMALE if "Thị" in name else Gender.MALE,
                    direct_production=True,
                    trade="Công nhân sản xuất",
                    card_number=f"{code}-GD-{i + 1:03d}",
                    joined_on=datetime.date(2012, 3, 1),
                )
            )
        out[code] = found
    return out


def _campaign(district, staff, year):
    campaign = Campaign.objects.create(
        launched_by=district,
        title=TITLE.format(year=year),
        kind=CampaignKind.ANNUAL,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        state=CampaignState.CLOSED,
        document_number=f"01/KH-LĐLĐ-{year}",
        document_date=datetime.date(year, 1, 8),
        created_by=staff,
    )
    campaign.movements.set(
        Movement.objects.filter(
            name__in=["Lao động giỏi – Lao động sáng tạo", "Giỏi việc nước – Đảm việc nhà", "Xanh – Sạch – Đẹp"]
        )
    )
    phases = [
        Phase.objects.create(
            campaign=campaign,
            number=1,
            name="Đợt 1",
            theme="Thi đua lập thành tích chào mừng các ngày lễ lớn",
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 6, 30),
        ),
        Phase.objects.create(
            campaign=campaign,
            number=2,
            name="Đợt 2",
            theme=f"Thi đua lao động giỏi – Lao động sáng tạo, hoàn thành thắng lợi nhiệm vụ năm {year}",
            starts_on=datetime.date(year, 7, 1),
            ends_on=datetime.date(year, 12, 31),
            is_final=True,
        ),
    ]
    return campaign, phases


ENTERPRISES = ["HD-XD", "HD-KS", "HD-MAY"]
BANDS = [("Hoàn thành xuất sắc nhiệm vụ", 90), ("Hoàn thành tốt nhiệm vụ", 75), ("Hoàn thành nhiệm vụ", 50)]


def _targets_pledge_and_scores(campaign, phases, district, units, staff, index):
    """The district's targets for the enterprise block, the enterprise cluster's pledge, and the
    enterprise unions' reviewed self-assessments of each phase on the block's score sheet."""
    block = units["HD-XD"].block
    Target.objects.create(
        campaign=campaign, set_by=district, block=block, metric=TargetMetric.REGISTERED_SHARE, value=100
    )
    Target.objects.create(
        campaign=campaign,
        set_by=district,
        metric=TargetMetric.TITLE_REGISTRATIONS,
        title=AwardTitle.objects.get(code="cong-nhan-gioi"),
        value=20 + 2 * index,
    )
    cluster = units["HD-XD"].cluster
    if cluster is not None:
        pledge = Pledge.objects.create(
            campaign=campaign,
            cluster=cluster,
            signed_on=campaign.starts_on + datetime.timedelta(days=40),
            content="Các đơn vị trong cụm cam kết hoàn thành vượt mức kế hoạch sản xuất kinh doanh.",
            created_by=staff,
        )
        pledge.signatories.set([units[code] for code in ENTERPRISES])
    sheet = ScoreSheet.objects.create(
        campaign=campaign, block=block, name=f"Bảng điểm khối doanh nghiệp {campaign.year}"
    )
    bands = [ScoreBand.objects.create(sheet=sheet, name=name, min_score=Decimal(points)) for name, points in BANDS]
    for phase_no, phase in enumerate(phases):
        for position, code in enumerate(ENTERPRISES):
            total = Decimal(95 - 9 * position - 3 * ((index + phase_no) % 2))
            band = next(b for b in bands if total >= b.min_score)
            SelfAssessment.objects.create(
                phase=phase,
                unit=units[code],
                sheet=sheet,
                state=AssessmentState.REVIEWED,
                self_total=total,
                total=total,
                band=band,
                submitted_at=timezone.make_aware(datetime.datetime.combine(phase.ends_on, datetime.time(9))),
                reviewed_at=timezone.make_aware(datetime.datetime.combine(phase.ends_on, datetime.time(15))),
                reviewed_by=staff,
            )
    worker_title = AwardTitle.objects.get(code="cong-nhan-gioi")
    for code in ENTERPRISES:
        registration = UnitRegistration.objects.get(campaign=campaign, unit=units[code])
        workers = Member.objects.filter(unit=units[code], card_number__startswith=f"{code}-GD-").order_by("card_number")
        TitleRegistration.objects.bulk_create(
            TitleRegistration(registration=registration, title=worker_title, member=member) for member in workers[:10]
        )


def _grassroots_titles(units, members, officer, staff, year, index):
    """Each production union's own decision: Công nhân giỏi cấp cơ sở (awards.domain)."""
    title = AwardTitle.objects.get(code="cong-nhan-gioi")
    good = {}
    for code, counts in GOOD_WORKERS.items():
        chosen = members[code][: counts[index]]
        record_grassroots_decision(
            unit=units[code],
            title=title,
            year=year,
            number=f"{index + 10}/QĐ-CĐCS",
            date=datetime.date(year, 12, 15),
            signer="Chủ tịch Công đoàn cơ sở",
            signer_title="Chủ tịch",
            members=chosen,
            declarations={"not_disciplined": True, "not_absent_40_days": True},
            by=officer if code == "HD-XD" else staff,
        )
        good[code] = chosen
    return good


def _upper_and_city(district, city, staff, city_staff, phase, good, year, index):
    """The district's decision (Công nhân giỏi cấp quận and a collective advanced example) and, in even
    years, the city's (Công nhân giỏi Thủ đô), over nominations its review accepted."""
    title = AwardTitle.objects.get(code="cong-nhan-gioi")
    example = AwardTitle.objects.get(code="dien-hinh-tien-tien")
    upper = []
    for code, chosen in good.items():
        for member in chosen[: 1 + (index + len(code)) % 2]:
            upper.append(_nomination(phase, member.unit, title, Level.UPPER, year, member=member))
    upper.append(
        _nomination(phase, good["HD-MAY"][0].unit, example, Level.UPPER, year, collective=f"Tổ may số {index + 1}")
    )
    _decision(district, Level.UPPER, f"{year}/QĐ-LĐLĐ", datetime.date(year, 12, 26), upper, staff)
    if year % 2 == 0:
        member = good["HD-MAY"][0]
        city_nomination = _nomination(phase, member.unit, title, Level.CITY, year, member=member)
        _decision(city, Level.CITY, f"{year}/QĐ-LĐLĐTP", datetime.date(year, 12, 30), [city_nomination], city_staff)


def _commendations(district, staff, phase, good, year):
    """Two district certificates of merit in the stage's last year, so that the statistics tables show
    commendations by kind: one unscheduled (đột xuất) to a worker, one thematic to a team."""
    certificate = AwardTitle.objects.get(code="giay-khen")
    member = good["HD-XD"][0]
    brave = _nomination(phase, member.unit, certificate, Level.UPPER, year, member=member)
    _decision(
        district,
        Level.UPPER,
        f"{year}-DX/QĐ-LĐLĐ",
        datetime.date(year, 8, 14),
        [brave],
        staff,
        method=CommendationMethod.AD_HOC,
    )
    team = _nomination(
        phase, good["HD-MAY"][0].unit, certificate, Level.UPPER, year, collective="Tổ may số 3 — Tháng Công nhân"
    )
    _decision(
        district,
        Level.UPPER,
        f"{year}-CĐ/QĐ-LĐLĐ",
        datetime.date(year, 6, 5),
        [team],
        staff,
        method=CommendationMethod.THEMATIC,
    )


def _nomination(phase, unit, title, level, year, *, member=None, collective=""):
    state = NominationState.CITY_APPROVED if level == Level.CITY else NominationState.APPROVED
    return Nomination.objects.create(
        phase=phase,
        unit=unit,
        member=member,
        collective_name=collective,
        title=title,
        level=level,
        year=year,
        achievements="Hoàn thành xuất sắc nhiệm vụ; gương mẫu trong phong trào thi đua của đơn vị.",
        not_disciplined=True,
        not_absent_40_days=True,
        state=state,
    )


def _decision(unit, level, number, date, nominations, by, method=CommendationMethod.REGULAR):
    from awards.domain.records import issue_decision

    return issue_decision(
        unit=unit,
        method=method,
        number=number,
        date=date,
        signer="Phạm Thị Hương" if level == Level.UPPER else "Nguyễn Phi Thường",
        signer_title="Chủ tịch",
        nominations=nominations,
        by=by,
    )


def initiative_councils(units, users):
    """The initiative councils sitting this year at Công ty CP Xây dựng Hà Đông and at the district
    (reused when they exist)."""
    today = datetime.date.today()
    seats = {
        "HD-XD": ["canbo.coso", "canbo.quan", "canbo.thanhpho"],
        "HD": ["canbo.quan", "canbo.thanhpho", "admin"],
    }
    for code, names in seats.items():
        unit = units[code]
        by = users["canbo.coso"] if code == "HD-XD" else users["canbo.quan"]
        level = Level.GRASSROOTS if code == "HD-XD" else Level.UPPER
        if council_for(unit, level) is not None:
            continue
        council = initiative_domain.save_council(
            Council(
                unit=unit,
                name=f"Hội đồng sáng kiến {unit.name}",
                valid_from=today.replace(month=1, day=1),
                valid_to=today.replace(month=12, day=31),
            ),
            by=by,
        )
        roles = [CouncilRole.CHAIR, CouncilRole.SECRETARY, CouncilRole.MEMBER]
        for name, role in zip(names, roles, strict=True):
            user = users[name]
            initiative_domain.add_council_member(
                council, user=user, full_name=user.get_full_name() or name, role=role, by=by
            )


def _score_and_decide(initiative, decider, number, date):
    if initiative.state in (InitiativeState.SUBMITTED, InitiativeState.RESUBMITTED):
        initiative_domain.WORKFLOW.transition(initiative, InitiativeState.UNDER_REVIEW, by=decider)
    review = initiative.reviews.get(level=initiative.level)
    excluded = set(review.exclusions.values_list("council_member_id", flat=True))
    for seat in active_members(review.council).order_by("pk"):
        if seat.pk not in excluded:
            initiative_domain.save_sheet(review, seat.user, SCORES, submit=True)
    return initiative_domain.issue_decision(
        unit=deciding_unit(initiative, initiative.level),
        number=number,
        date=date,
        signer="Chủ tịch Hội đồng",
        signer_title="Chủ tịch",
        initiatives=[initiative],
        by=decider,
    )


def _initiative(unit, author, officer, staff, year, k, index, number):
    """An initiative of the construction company, recognised at grassroots level; the first of each
    year also at district level (initiatives.domain, scored by the councils)."""
    initiative = Initiative(
        unit=unit,
        year=year,
        title=f"Cải tiến quy trình thi công số {number} ({year})",
        field=InitiativeField.objects.get(code="ky-thuat"),
        problem="Công đoạn làm thủ công, tốn nhân lực và vật tư.",
        solution="Thiết kế lại đồ gá và trình tự thi công để giảm hao hụt vật tư.",
        novelty="Lần đầu áp dụng tại đơn vị; giảm 20% thời gian thi công.",
        first_applied_on=datetime.date(year, 3, 1),
        applied_where=unit.name,
        value_per_year=50_000_000 * (index + 1) + 10_000_000 * k,
    )
    initiative_domain.save_initiative(initiative, [(author, Decimal(100), AuthorCategory.DIRECT_WORKER)], by=officer)
    initiative_domain.WORKFLOW.transition(initiative, InitiativeState.SUBMITTED, by=officer)
    _score_and_decide(initiative, officer, f"{number}/QĐ-SK", datetime.date(year, 6, 15))
    if k == 0:
        initiative.refresh_from_db()
        initiative_domain.WORKFLOW.transition(initiative, InitiativeState.SUBMITTED, by=officer)
        _score_and_decide(initiative, staff, f"{number}/QĐ-SK-LĐLĐ", datetime.date(year, 9, 20))
