"""Demo campaigns: Hà Đông's 2023 campaign exactly as the district news tells it, and a city-wide
campaign for the current year with a district's own target and phase details. Idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.enums import CampaignKind, CampaignState, TargetMetric
from campaigns.models import Campaign, Movement, Phase, PhaseDetail, Pledge, Target
from campaigns.titles import get_title_model
from unions.models import Block, Cluster, OrgUnit
from unionsite.history import record_change
from unionsite.models import ChangeRecord

HA_DONG_2023 = "Phong trào thi đua năm 2023 của Công đoàn quận Hà Đông"
HA_DONG_PHASES = [
    (
        1,
        "Đợt 1",
        datetime.date(2023, 1, 1),
        datetime.date(2023, 6, 30),
        "Đoàn kết, sáng tạo, thi đua lập thành tích chào mừng Đại hội Công đoàn các cấp",
    ),
    (
        2,
        "Đợt 2",
        datetime.date(2023, 7, 1),
        datetime.date(2023, 12, 31),
        "Thi đua lao động giỏi – Lao động sáng tạo, hoàn thành thắng lợi nhiệm vụ năm 2023",
    ),
]


def load(stdout):
    units = {u.short_code: u for u in OrgUnit.objects.filter(short_code__in=["HN", "HD"])}
    if len(units) < 2:
        stdout.write("campaigns: the demo organisation tree (HN, HD) is missing; skipped.")
        return
    staff = get_user_model().objects.filter(username="canbo.quan").first()
    city_staff = get_user_model().objects.filter(username="canbo.thanhpho").first()
    good_worker = get_title_model().objects.filter(name="Công nhân giỏi").first()
    blocks = {b.code: b for b in Block.objects.all()}

    ha_dong = _campaign(
        units["HD"],
        HA_DONG_2023,
        staff,
        kind=CampaignKind.ANNUAL,
        starts_on=datetime.date(2023, 1, 1),
        ends_on=datetime.date(2023, 12, 31),
        document_number="05/KH-LĐLĐ",
        document_date=datetime.date(2023, 1, 9),
        movements=["Lao động giỏi – Lao động sáng tạo", "Giỏi việc nước – Đảm việc nhà", "Xanh – Sạch – Đẹp"],
    )
    for number, name, starts_on, ends_on, theme in HA_DONG_PHASES:
        Phase.objects.get_or_create(
            campaign=ha_dong,
            number=number,
            defaults={
                "name": name,
                "theme": theme,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "registration_open": number == 1,
                "self_assessment_open": number == 1,
                "is_final": number == 2,
            },
        )
    _target(ha_dong, units["HD"], TargetMetric.REGISTERED_SHARE, 100, blocks.get("doanh-nghiep"))
    _target(ha_dong, units["HD"], TargetMetric.REGISTERED_SHARE, 95)
    _target(ha_dong, units["HD"], TargetMetric.ACCEPTED_REGISTRATIONS, 6)
    if good_worker:
        _target(ha_dong, units["HD"], TargetMetric.TITLE_REGISTRATIONS, 40, title=good_worker)

    year = timezone.localdate().year
    city = _campaign(
        units["HN"],
        f"Phong trào thi đua “Lao động giỏi – Lao động sáng tạo” năm {year} của Công đoàn Thủ đô",
        city_staff,
        kind=CampaignKind.ANNUAL,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        document_number=f"12/KH-LĐLĐ-{year}",
        document_date=datetime.date(year, 1, 15),
        movements=["Lao động giỏi – Lao động sáng tạo", "75 nghìn sáng kiến, vượt khó, phát triển"],
    )
    first, _ = Phase.objects.get_or_create(
        campaign=city,
        number=1,
        defaults={
            "name": "Đợt 1",
            "theme": "Thi đua lập thành tích chào mừng các ngày lễ lớn của đất nước và Thủ đô",
            "starts_on": datetime.date(year, 1, 1),
            "ends_on": datetime.date(year, 6, 30),
            "registration_open": True,
            "self_assessment_open": True,
        },
    )
    Phase.objects.get_or_create(
        campaign=city,
        number=2,
        defaults={
            "name": "Đợt 2",
            "theme": "Thi đua hoàn thành thắng lợi nhiệm vụ năm",
            "starts_on": datetime.date(year, 7, 1),
            "ends_on": datetime.date(year, 12, 31),
            "registration_open": True,
            "self_assessment_open": True,
            "nominations_open": True,
            "is_final": True,
        },
    )
    _target(city, units["HN"], TargetMetric.REGISTERED_SHARE, 80)
    _target(city, units["HD"], TargetMetric.REGISTERED_SHARE, 90, note="Chỉ tiêu riêng của LĐLĐ quận Hà Đông")
    PhaseDetail.objects.get_or_create(
        phase=first,
        unit=units["HD"],
        defaults={"details": "Các CĐCS gửi bản đăng ký thi đua về LĐLĐ quận trước ngày 28/02; sơ kết đợt trước 10/7."},
    )
    cluster = Cluster.objects.filter(organiser=units["HD"]).first()
    if cluster and not Pledge.objects.filter(campaign=city, cluster=cluster).exists():
        pledge = Pledge.objects.create(
            campaign=city,
            cluster=cluster,
            signed_on=datetime.date(year, 2, 20),
            content="Các đơn vị trong cụm cam kết thi đua hoàn thành xuất sắc nhiệm vụ năm.",
            created_by=staff,
        )
        pledge.signatories.set(cluster.units.filter(active=True))
    stdout.write(f"campaigns: {Campaign.objects.count()} campaigns, {Phase.objects.count()} phases.")
    # The other parts' demo data builds on these campaigns.
    from campaigns import demo_registrations, demo_scoring

    demo_registrations.load(stdout)
    demo_scoring.load(stdout)


def _campaign(unit, title, by, *, movements, **fields):
    campaign, created = Campaign.objects.get_or_create(
        launched_by=unit, title=title, defaults={**fields, "state": CampaignState.LAUNCHED, "created_by": by}
    )
    if created:
        campaign.movements.set(Movement.objects.filter(name__in=movements))
        record_change(campaign, by=by, action=ChangeRecord.Action.CREATE, note="demo")
    return campaign


def _target(campaign, unit, metric, value, block=None, *, title=None, note=""):
    Target.objects.get_or_create(
        campaign=campaign,
        set_by=unit,
        metric=metric,
        block=block,
        title=title,
        defaults={"value": value, "note": note},
    )
