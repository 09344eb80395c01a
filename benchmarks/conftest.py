"""A generated organisation tree of 10,000 units and ~100,000 members, built once per session.

Rows are written with bulk_create and explicit ids, so paths are computed here rather than by
OrgUnit.save() (which needs the id first and writes each row twice)."""

import datetime
import random
from dataclasses import dataclass

import pytest
from django.core.management.color import no_style
from django.db import connection

from unions.demo import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M, TRADES
from unions.enums import Gender, Role, UnitKind
from unions.models import PATH_SEGMENT, Member, OrgUnit, RoleAssignment, recount_active_members
from unionsite.text import fold

UNITS = 10_000
UPPERS = 30
MEMBERS_PER_UNIT = 10  # ~100,000 members over the 9,969 grassroots unions


@dataclass
class BigTree:
    city: OrgUnit
    district: OrgUnit
    district_units: int
    district_members: int
    staff: object


def _segment(pk):
    return f"{pk:0{PATH_SEGMENT}d}."


@pytest.fixture(scope="session")
def big_tree(django_db_setup, django_db_blocker):
    from django.contrib.auth import get_user_model

    rng = random.Random(10_000)
    with django_db_blocker.unblock():
        city = OrgUnit(pk=1, kind=UnitKind.CITY, name="Liên đoàn Lao động Thành phố", short_code="BENCH")
        city.path, city.depth, city.name_search = _segment(1), 0, fold("Liên đoàn Lao động Thành phố BENCH")
        units = [city]
        uppers = []
        for pk in range(2, UPPERS + 2):
            upper = OrgUnit(pk=pk, kind=UnitKind.UPPER, parent_id=1, name=f"LĐLĐ quận {pk}", short_code=f"Q{pk}")
            upper.path, upper.depth, upper.name_search = city.path + _segment(pk), 1, fold(upper.name)
            uppers.append(upper)
        units += uppers
        for pk in range(UPPERS + 2, UNITS + 1):
            upper = uppers[pk % UPPERS]
            unit = OrgUnit(pk=pk, kind=UnitKind.GRASSROOTS, parent_id=upper.pk, name=f"Công đoàn cơ sở {pk}")
            unit.short_code = f"CS{pk}"
            unit.path, unit.depth, unit.name_search = upper.path + _segment(pk), 2, fold(unit.name)
            units.append(unit)
        OrgUnit.objects.bulk_create(units, batch_size=2000)

        members = []
        for unit in units[UPPERS + 1 :]:
            for _ in range(MEMBERS_PER_UNIT):
                female = rng.random() < 0.5
                name = " ".join(
                    [
                        rng.choice(FAMILY),
                        rng.choice(MIDDLE_F if female else MIDDLE_M),
                        rng.choice(GIVEN_F if female else GIVEN_M),
                    ]
                )
                members.append(
                    Member(
                        unit_id=unit.pk,
                        full_name=name,
                        name_search=fold(name),
                        gender=Gender.FEMALE if female else Gender.MALE,
                        date_of_birth=datetime.date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28)),
                        trade=rng.choice(TRADES),
                    )
                )
        Member.objects.bulk_create(members, batch_size=5000)
        recount_active_members()  # bulk_create skips the kept per-unit counts
        # Explicit ids leave PostgreSQL's sequences behind; put them after the rows.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [OrgUnit, Member]):
                cursor.execute(sql)
        _analyze()

        district = uppers[0]
        staff = get_user_model().objects.create_user("bench_staff", password="x")
        RoleAssignment.objects.create(user=staff, unit=district, role=Role.UPPER_STAFF)
        district_units = sum(1 for u in units if u.path.startswith(district.path))
        yield BigTree(
            city=city,
            district=district,
            district_units=district_units,
            district_members=(district_units - 1) * MEMBERS_PER_UNIT,
            staff=staff,
        )


# --- a city-wide campaign over the big tree ----------------------------------------------------------
# Hà Nội scale: ~8,000 unit registrations with ~60,000 title registrations, a reviewed self-assessment
# per registered union, ~60,000 nominations spread over the workflow states and the awards decided.

REGISTERED_SHARE = 0.8
TITLES_PER_REGISTRATION = (6, 9)  # ~7.5 on average → ~60,000 title registrations
NOMINATIONS_PER_UNIT = 6  # ~60,000 nominations
NOMINATION_STATES = [  # (state, share)
    ("draft", 0.10),
    ("submitted", 0.25),
    ("returned", 0.05),
    ("resubmitted", 0.05),
    ("approved", 0.20),
    ("forwarded", 0.15),
    ("city_approved", 0.15),
    ("rejected", 0.05),
]
YEAR = 2026


@dataclass
class CityCampaign:
    tree: BigTree
    campaign: object
    phase: object
    reviewer: object  # city reviewer of the whole city
    registrations: int
    title_registrations: int
    nominations: int
    awards: int


@pytest.fixture(scope="session")
def city_campaign(big_tree, django_db_blocker):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from awards.enums import Level, Subject
    from awards.models import Award, AwardTitle, Decision, Nomination
    from campaigns.enums import CampaignState, RegistrationState, TargetMetric
    from campaigns.models import (
        Campaign,
        Phase,
        ScoreBand,
        ScoreSheet,
        SelfAssessment,
        Target,
        TitleRegistration,
        UnitRegistration,
    )
    from unions.models import Block, Cluster

    rng = random.Random(8_000)
    with django_db_blocker.unblock():
        reviewer = get_user_model().objects.create_user("bench_city", password="x")
        RoleAssignment.objects.create(user=reviewer, unit=big_tree.city, role=Role.CITY_REVIEWER)

        # Blocks and clusters, so that the ranking has groups to rank within.
        blocks = [
            Block.objects.get_or_create(code=code, defaults={"name": name, "order": i})[0]
            for i, (code, name) in enumerate(
                [("bench-dn", "Khối doanh nghiệp (bench)"), ("bench-hcsn", "Khối hành chính sự nghiệp (bench)")]
            )
        ]
        for i, block in enumerate(blocks):
            OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS, pk__in=_every(i, len(blocks))).update(block=block)
        clusters = []
        for i in range(20):
            cluster = Cluster.objects.create(name=f"Cụm thi đua {i + 1}", organiser_id=2 + i % UPPERS)
            clusters.append(cluster)
            OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS, pk__in=_every(i, 20)).update(cluster=cluster)

        campaign = Campaign.objects.create(
            launched_by=big_tree.city,
            title="Thi đua Lao động giỏi – Lao động sáng tạo năm 2026",
            starts_on=datetime.date(YEAR, 1, 1),
            ends_on=datetime.date(YEAR, 12, 31),
            state=CampaignState.LAUNCHED,
        )
        phase = Phase.objects.create(
            campaign=campaign,
            number=1,
            name="Đợt 1",
            starts_on=datetime.date(YEAR, 1, 1),
            ends_on=datetime.date(YEAR, 12, 31),
            registration_open=True,
            self_assessment_open=True,
            nominations_open=True,
            review_open=True,
        )
        titles = list(AwardTitle.objects.filter(subject=Subject.INDIVIDUAL, active=True).order_by("order"))
        for setter in [big_tree.city, big_tree.district]:
            Target.objects.create(campaign=campaign, set_by=setter, metric=TargetMetric.REGISTERED_SHARE, value=90)
            Target.objects.create(
                campaign=campaign, set_by=setter, metric=TargetMetric.ACCEPTED_REGISTRATIONS, value=100
            )
            for block in blocks:
                Target.objects.create(
                    campaign=campaign, set_by=setter, block=block, metric=TargetMetric.REGISTERED_SHARE, value=80
                )
            for title in titles[:3]:
                Target.objects.create(
                    campaign=campaign,
                    set_by=setter,
                    metric=TargetMetric.TITLE_REGISTRATIONS,
                    title=title,
                    value=1000,
                )

        grassroots = list(OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS).order_by("pk").values_list("pk", "block_id"))
        members_by_unit = {}
        for member_id, unit_id in Member.objects.order_by("pk").values_list("pk", "unit_id"):
            members_by_unit.setdefault(unit_id, []).append(member_id)

        registered = [pk for pk, _block in grassroots if rng.random() < REGISTERED_SHARE]
        now = timezone.now()
        states = [RegistrationState.SUBMITTED] * 5 + [RegistrationState.ACCEPTED] * 4 + [RegistrationState.DRAFT]
        UnitRegistration.objects.bulk_create(
            [
                UnitRegistration(
                    campaign=campaign,
                    unit_id=pk,
                    state=rng.choice(states),
                    commitments="Hoàn thành xuất sắc nhiệm vụ năm 2026",
                    submitted_at=now,
                )
                for pk in registered
            ],
            batch_size=2000,
        )
        title_rows = []
        for registration_id, unit_id in UnitRegistration.objects.filter(campaign=campaign).values_list("pk", "unit_id"):
            members = rng.sample(members_by_unit[unit_id], rng.randint(*TITLES_PER_REGISTRATION))
            title_rows += [
                TitleRegistration(registration_id=registration_id, title=rng.choice(titles), member_id=m)
                for m in members
            ]
        TitleRegistration.objects.bulk_create(title_rows, batch_size=5000)

        sheets = {}
        for block in blocks:
            sheet = ScoreSheet.objects.create(campaign=campaign, block=block, name=f"Bảng điểm {block.name}")
            sheets[block.pk] = (sheet, ScoreBand.objects.create(sheet=sheet, name="Hoàn thành tốt", min_score=75))
        block_of = dict(grassroots)
        SelfAssessment.objects.bulk_create(
            [
                SelfAssessment(
                    phase=phase,
                    unit_id=pk,
                    state="reviewed",
                    submitted_at=now,
                    reviewed_at=now,
                    sheet=sheets[block_of[pk]][0],
                    band=sheets[block_of[pk]][1],
                    self_total=total,
                    total=total,
                )
                for pk in registered
                for total in [rng.randint(40, 100)]
            ],
            batch_size=2000,
        )

        cumulative, weights = [], 0.0
        for state, share in NOMINATION_STATES:
            weights += share
            cumulative.append((weights, state))
        nominations = []
        for pk, _block in grassroots:
            for member_id in rng.sample(members_by_unit[pk], NOMINATIONS_PER_UNIT):
                draw = rng.random() * weights
                state = next(s for limit, s in cumulative if draw <= limit)
                level = Level.CITY if state in ("forwarded", "city_approved") or rng.random() < 0.3 else Level.UPPER
                nominations.append(
                    Nomination(
                        phase=phase,
                        unit_id=pk,
                        member_id=member_id,
                        title=rng.choice(titles),
                        level=level,
                        year=YEAR,
                        achievements="Hoàn thành xuất sắc nhiệm vụ, có sáng kiến được công nhận.",
                        state=state,
                        waiting_since=now - datetime.timedelta(days=rng.randint(0, 90), minutes=rng.randint(0, 1440)),
                        created_by=big_tree.staff,
                    )
                )
        Nomination.objects.bulk_create(nominations, batch_size=5000)

        # What was decided: approved at the upper level (upper-level titles) and approved at the city.
        decision = Decision.objects.create(
            unit=big_tree.city, level=Level.CITY, number="01/QĐ-BENCH", date=datetime.date(YEAR, 12, 20), signer="X"
        )
        decided = Nomination.objects.filter(
            phase=phase, state__in=["approved", "city_approved"], level__in=[Level.UPPER, Level.CITY]
        ).exclude(state="approved", level=Level.CITY)
        Award.objects.bulk_create(
            [
                Award(
                    title_id=title_id,
                    level=level,
                    year=YEAR,
                    unit_id=unit_id,
                    member_id=member_id,
                    decision=decision,
                    nomination_id=pk,
                )
                for pk, title_id, level, unit_id, member_id in decided.values_list(
                    "pk", "title_id", "level", "unit_id", "member_id"
                )
            ],
            batch_size=5000,
        )
        _analyze()
        yield CityCampaign(
            tree=big_tree,
            campaign=campaign,
            phase=phase,
            reviewer=reviewer,
            registrations=len(registered),
            title_registrations=len(title_rows),
            nominations=len(nominations),
            awards=Award.objects.filter(year=YEAR).count(),
        )


def _every(offset, step):
    """Grassroots ids offset, offset + step, … (the generated ids run from UPPERS + 2 to UNITS)."""
    return range(UPPERS + 2 + offset, UNITS + 1, step)


def _analyze():
    """Bulk-loaded tables have no planner statistics until autovacuum gets to them; without them
    PostgreSQL picks nested loops over thousands of rows. A live database has them: gather them now."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
