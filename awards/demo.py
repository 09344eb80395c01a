"""Demo awards data for the Hà Đông units (idempotent: each nomination is keyed by member, title,
level and year; the campaign, phase, quota and decision by their natural keys)."""

import datetime

from django.contrib.auth import get_user_model

from awards import domain
from awards.catalogue import ensure_catalogue
from awards.enums import Level, NominationState
from awards.models import Award, AwardTitle, Decision, Nomination, Quota
from campaigns.enums import CampaignState
from campaigns.models import Campaign, Phase
from unions.enums import Gender
from unions.models import Member, OrgUnit
from unionsite.errors import DomainError

S = NominationState
YEAR = 2026


def _campaign(hd):
    campaign = Campaign.objects.filter(launched_by=hd, ends_on__year=YEAR, state=CampaignState.LAUNCHED).first()
    if campaign is None:
        campaign, _created = Campaign.objects.get_or_create(
            launched_by=hd,
            title="Thi đua năm 2026",
            defaults={
                "starts_on": datetime.date(YEAR, 1, 1),
                "ends_on": datetime.date(YEAR, 12, 31),
                "state": CampaignState.LAUNCHED,
            },
        )
    phase = campaign.phases.filter(nominations_open=True, review_open=True).first()
    if phase is None:
        last = campaign.phases.order_by("-number").values_list("number", flat=True).first() or 0
        phase, _created = Phase.objects.get_or_create(
            campaign=campaign,
            name="Đợt xét khen thưởng",
            defaults={
                "number": last + 1,
                "theme": "Thi đua lao động giỏi – Lao động sáng tạo, hoàn thành thắng lợi nhiệm vụ năm 2026",
                "starts_on": max(campaign.starts_on, datetime.date(YEAR, 7, 1)),
                "ends_on": campaign.ends_on,
                "nominations_open": True,
                "review_open": True,
            },
        )
    return phase


def _members(code, *, gender=None, direct=True, count=1):
    found = Member.objects.filter(unit__short_code=code, active=True, direct_production=direct)
    if gender:
        found = found.filter(gender=gender)
    return list(found.order_by("card_number")[:count])


def _nominate(phase, member, title_code, level, officer, moves, stdout):
    """Create the nomination and walk it through `moves` [(state, user, note)], once."""
    title = AwardTitle.objects.get(code=title_code)
    if Nomination.objects.filter(member=member, title=title, level=level, year=phase.campaign.year).exists():
        return None
    nomination = domain.save_nomination(
        Nomination(
            phase=phase,
            unit=member.unit,
            member=member,
            title=title,
            level=level,
            achievements=(
                "Hoàn thành xuất sắc nhiệm vụ được giao; có sáng kiến cải tiến kỹ thuật được áp dụng tại đơn vị; "
                "tích cực tham gia các phong trào thi đua do công đoàn phát động."
            ),
            not_disciplined=True,
            not_absent_40_days=True,
        ),
        by=officer,
    )
    for state, user, note in moves:
        try:
            domain.transition(nomination, state, by=user, note=note)
        except DomainError as exc:
            stdout.write(f"  awards: {member.full_name}: {exc}")
            break
    return nomination


def load(stdout):
    ensure_catalogue()
    hd = OrgUnit.objects.filter(short_code="HD").first()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["canbo.coso", "canbo.quan"])}
    if hd is None or len(users) < 2:
        stdout.write("awards: the Hà Đông demo units or logins are missing; nothing loaded.")
        return
    officer, staff = users["canbo.coso"], users["canbo.quan"]
    phase = _campaign(hd)
    cng = AwardTitle.objects.get(code="cong-nhan-gioi")
    Quota.objects.get_or_create(title=cng, level=Level.CITY, year=YEAR, unit=hd, defaults={"max_count": 3})

    workers = _members("HD-XD", count=4)
    if len(workers) < 4:
        stdout.write("awards: not enough direct production workers in HD-XD; nothing loaded.")
        return
    draft, submitted, to_city, to_decide = workers
    _nominate(phase, draft, "cong-nhan-gioi", Level.UPPER, officer, [], stdout)
    _nominate(phase, submitted, "cong-nhan-gioi", Level.UPPER, officer, [(S.SUBMITTED, officer, "")], stdout)

    # A city-level "Công nhân giỏi Thủ đô" needs the upper-level title of the same year in the records:
    # granted at the mid-year review by a decision entered from paper (every award has its decision).
    mid_year, _created = Decision.objects.get_or_create(
        unit=hd,
        number="08/QĐ-LĐLĐ",
        defaults={
            "level": Level.UPPER,
            "date": datetime.date(YEAR, 7, 10),
            "signer": "Nguyễn Văn Phú",
            "signer_title": "Chủ tịch LĐLĐ quận Hà Đông",
            "created_by": staff,
        },
    )
    Award.objects.get_or_create(
        member=to_city,
        title=cng,
        level=Level.UPPER,
        year=YEAR,
        defaults={"unit": to_city.unit, "decision": mid_year},
    )
    _nominate(
        phase,
        to_city,
        "cong-nhan-gioi",
        Level.CITY,
        officer,
        [(S.SUBMITTED, officer, ""), (S.APPROVED, staff, ""), (S.FORWARDED, staff, "")],
        stdout,
    )
    women = _members("HD-MAY", gender=Gender.FEMALE, direct=True, count=1) or _members(
        "HD-MAY", gender=Gender.FEMALE, direct=False, count=1
    )
    for woman in women:
        _nominate(
            phase,
            woman,
            "gioi-viec-nuoc-dam-viec-nha",
            Level.UPPER,
            officer if officer.role_assignments.filter(unit=woman.unit).exists() else staff,
            [(S.SUBMITTED, staff, ""), (S.RETURNED, staff, "Bổ sung biên bản họp hội đồng thi đua của đơn vị")],
            stdout,
        )
    decided = _nominate(
        phase,
        to_decide,
        "lao-dong-gioi",
        Level.UPPER,
        officer,
        [(S.SUBMITTED, officer, ""), (S.APPROVED, staff, "")],
        stdout,
    )
    issued = Decision.objects.filter(unit=hd, number="15/QĐ-LĐLĐ").exists()
    if decided is not None and decided.state == S.APPROVED and not issued:
        domain.issue_decision(
            unit=hd,
            number="15/QĐ-LĐLĐ",
            date=datetime.date(YEAR, 11, 20),
            signer="Nguyễn Văn Phú",
            signer_title="Chủ tịch LĐLĐ quận Hà Đông",
            nominations=[decided],
            by=staff,
        )
    stdout.write(f"awards: {Nomination.objects.filter(unit__path__startswith=hd.path).count()} demo nominations.")
