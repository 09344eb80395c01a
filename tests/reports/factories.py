"""A small district world for the reports' tests, built through the domain where the domain exists."""

import datetime

from awards.domain.grassroots import record_grassroots_decision
from awards.enums import Level, NominationState
from awards.models import Award, Decision
from campaigns.enums import AssessmentState, DocumentKind, RegistrationState
from campaigns.models import SelfAssessment, UnitRegistration
from tests.awards.factories import NominationFactory, title
from tests.campaigns.factories_core import CampaignFactory, DocumentFactory, PhaseFactory
from tests.factories import MemberFactory


def ended_phase(unit, *, year=2023, number=1):
    campaign = CampaignFactory(
        launched_by=unit,
        title=f"Phong trào thi đua năm {year}",
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 12, 31),
        document_number=f"05/KH-LĐLĐ-{year}",
        document_date=datetime.date(year, 1, 9),
    )
    return PhaseFactory(
        campaign=campaign,
        number=number,
        name=f"Đợt {number}",
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year, 6, 30),
        registration_open=True,
        self_assessment_open=True,
        nominations_open=True,
    )


def register(campaign, unit, state=RegistrationState.ACCEPTED):
    return UnitRegistration.objects.create(campaign=campaign, unit=unit, state=state)


def assessed(phase, unit, total, band=None):
    return SelfAssessment.objects.create(
        phase=phase, unit=unit, state=AssessmentState.REVIEWED, total=total, self_total=total, band=band
    )


def document(campaign, kind=DocumentKind.PLAN, issued_on=None):
    return DocumentFactory(campaign=campaign, kind=kind, issued_on=issued_on or campaign.starts_on)


def upper_award(phase, unit, *, code="cong-nhan-gioi", level=Level.UPPER, decision=None, member=None):
    """An award from a nomination of the phase (a decision of the unit above, made directly)."""
    nomination = NominationFactory(
        phase=phase,
        unit=unit,
        member=member or MemberFactory(unit=unit, direct_production=True),
        title=title(code),
        level=level,
        year=phase.campaign.year,
        state=NominationState.APPROVED if level == Level.UPPER else NominationState.CITY_APPROVED,
    )
    return Award.objects.create(
        title=nomination.title,
        level=level,
        year=nomination.year,
        unit=unit,
        member=nomination.member,
        decision=decision,
        nomination=nomination,
    )


def grassroots_awards(unit, officer, *, year, count, number, date=None, code="cong-nhan-gioi"):
    """`count` members of `unit` made Công nhân giỏi cấp cơ sở by the union's own decision (the domain)."""
    members = [
        MemberFactory(
            unit=unit,
            direct_production=True,
            joined_on=datetime.date(year - 3, 1, 1),
            full_name=f"Đoàn viên {year}-{i}",
        )
        for i in range(count)
    ]
    return record_grassroots_decision(
        unit=unit,
        title=title(code),
        year=year,
        number=number,
        date=date or datetime.date(year, 12, 20),
        signer="Nguyễn Văn An",
        signer_title="Chủ tịch",
        members=members,
        declarations={"not_disciplined": True, "not_absent_40_days": True},
        by=officer,
    )


__all__ = ["Decision", "assessed", "document", "ended_phase", "grassroots_awards", "register", "upper_award"]
