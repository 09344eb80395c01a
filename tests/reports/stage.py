"""One district's records over the five-year stage 2015–2020, built through the domain functions, and
the figures they imply (shared by the report test and the browser test)."""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile

from awards.domain import records as award_records
from awards.enums import Level, NominationState
from campaigns.domain.core import save_record
from campaigns.enums import DocumentKind
from campaigns.models import CampaignDocument
from initiatives.enums import InitiativeState
from reports.domain import tally
from tests.awards.factories import NominationFactory, title
from tests.factories import MemberFactory
from tests.initiatives.factories import make_council, make_initiative, recognise
from tests.reports.factories import ended_phase, grassroots_awards, register
from unions.models import Member

YEARS = range(2015, 2021)
# Documents the district issued: 12 plans, 8 guidance notes and 10 official letters over the stage.
DOCUMENTS = {DocumentKind.PLAN: 12, DocumentKind.GUIDANCE: 8, DocumentKind.LETTER: 10}
EXTRA_MEMBERS = 1_040


@dataclass
class Stage:
    phases: list = field(default_factory=list)
    grassroots: int = 0
    upper: int = 0
    city: int = 0
    collectives_upper: int = 0
    initiatives: dict = field(default_factory=lambda: {Level.GRASSROOTS: [0, 0], Level.UPPER: [0, 0]})
    members: int = 0
    women: int = 0


def _decide(unit, nominations, number, by, date):
    return award_records.issue_decision(
        unit=unit,
        number=number,
        date=date,
        signer="Phạm Thị Hương",
        signer_title="Chủ tịch",
        nominations=nominations,
        by=by,
    )


def build(w):
    stage = Stage()
    kinds = [kind for kind, count in DOCUMENTS.items() for _ in range(count)]
    make_council(w.grassroots_a, w.officer_a)
    make_council(w.district_a, w.staff_a)
    initiative_no = 0
    for index, year in enumerate(YEARS):
        phase = ended_phase(w.district_a, year=year)
        stage.phases.append(phase)
        campaign = phase.campaign
        register(campaign, w.grassroots_a)
        for k, kind in enumerate(kinds[index * 5 : index * 5 + 5]):
            save_record(
                CampaignDocument(
                    campaign=campaign,
                    issued_by=w.district_a,
                    kind=kind,
                    number=f"{k + 1}/{year}/LĐLĐ",
                    issued_on=datetime.date(year, 2, 1 + k),
                    title=f"Văn bản {kind} năm {year}",
                    file=ContentFile(b"%PDF-1.4\n", name="van-ban.pdf"),
                ),
                by=w.staff_a,
            )
        # Công nhân giỏi cấp cơ sở, decided by the union itself: 2, 3, … 7 a year.
        count = index + 2
        grassroots_awards(w.grassroots_a, w.officer_a, year=year, count=count, number=f"{year}/QĐ-CĐ")
        stage.grassroots += count
        # The district makes one or two of them Công nhân giỏi cấp quận, plus a collective advanced example.
        upper = [
            NominationFactory(
                phase=phase, unit=w.grassroots_a, level=Level.UPPER, year=year, state=NominationState.APPROVED
            )
            for _ in range(1 + index % 2)
        ]
        upper.append(
            NominationFactory(
                phase=phase,
                unit=w.grassroots_a2,
                member=None,
                collective_name=f"Tổ bảo dưỡng năm {year}",
                title=title("dien-hinh-tien-tien"),
                level=Level.UPPER,
                year=year,
                state=NominationState.APPROVED,
            )
        )
        _decide(w.district_a, upper, f"{year}/QĐ-LĐLĐ", w.staff_a, datetime.date(year, 12, 25))
        stage.upper += len(upper) - 1
        stage.collectives_upper += 1
        # In the even years one goes on to the city: Công nhân giỏi Thủ đô.
        if year % 2 == 0:
            city = NominationFactory(
                phase=phase, unit=w.grassroots_a, level=Level.CITY, year=year, state=NominationState.CITY_APPROVED
            )
            _decide(w.city, [city], f"{year}/QĐ-LĐLĐTP", w.city_reviewer, datetime.date(year, 12, 28))
            stage.city += 1
        # Initiatives: year index + 1 recognised at grassroots level, the first of each year at district level.
        for k in range(index + 1):
            value = 100_000_000 * (index + 1) + k * 5_000_000
            initiative = make_initiative(
                w.grassroots_a, w.officer_a, title=f"Sáng kiến {year}-{k}", value=value, submit=True, year=year
            )
            initiative_no += 1
            recognise(initiative, w.officer_a, number=f"{initiative_no}/QĐ-SK", date=datetime.date(year, 6, 1))
            stage.initiatives[Level.GRASSROOTS][0] += 1
            stage.initiatives[Level.GRASSROOTS][1] += value
            if k == 0:
                from initiatives import domain as initiative_domain

                initiative_domain.WORKFLOW.transition(initiative, InitiativeState.SUBMITTED, by=w.officer_a)
                recognise(initiative, w.staff_a, number=f"{initiative_no}/QĐ-SK-Q", date=datetime.date(year, 9, 1))
                stage.initiatives[Level.UPPER][0] += 1
                stage.initiatives[Level.UPPER][1] += value
    # A revoked award and a record of the other district count nowhere.
    revoked = NominationFactory(
        phase=stage.phases[0], unit=w.grassroots_a, level=Level.UPPER, year=2015, state=NominationState.APPROVED
    )
    _decide(w.district_a, [revoked], "99/QĐ-LĐLĐ", w.staff_a, datetime.date(2015, 12, 30))
    award_records.revoke_award(revoked.award, by=w.staff_a, reason="Sai hồ sơ")
    outside = ended_phase(w.district_b, year=2018)
    grassroots_awards(w.grassroots_b, w.staff_b, year=2018, count=4, number="7/QĐ-CĐ")
    del outside
    Member.objects.bulk_create(
        Member(unit=w.grassroots_a2, full_name=f"Đoàn viên {i}", gender="female" if i % 3 == 0 else "male")
        for i in range(EXTRA_MEMBERS)
    )
    MemberFactory(unit=w.grassroots_a2, gender="female", active=False)  # left the union: not counted
    stage.members = Member.objects.filter(unit__path__startswith=w.district_a.path, active=True).count()
    stage.women = Member.objects.filter(unit__path__startswith=w.district_a.path, active=True, gender="female").count()
    return stage


def tally_all(stage):
    for phase in stage.phases:
        tally.tally_phase(phase)
