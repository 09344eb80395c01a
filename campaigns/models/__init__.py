"""Campaign models, one module per part: the campaign itself (core), registrations, scoring."""

from campaigns.models.core import (
    Campaign,
    CampaignDocument,
    Movement,
    Notice,
    Phase,
    PhaseDetail,
    Pledge,
    Reminder,
    Target,
)
from campaigns.models.registrations import TitleRegistration, UnitRegistration
from campaigns.models.scoring import SelfAssessment

__all__ = [
    "Campaign",
    "CampaignDocument",
    "Movement",
    "Notice",
    "Phase",
    "PhaseDetail",
    "Pledge",
    "Reminder",
    "SelfAssessment",
    "Target",
    "TitleRegistration",
    "UnitRegistration",
]
