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
from campaigns.models.scoring import (
    Criterion,
    EvidenceFile,
    ScoreBand,
    ScoreEntry,
    ScoreSection,
    ScoreSheet,
    SelfAssessment,
    VetoCondition,
)

__all__ = [
    "Campaign",
    "CampaignDocument",
    "Criterion",
    "EvidenceFile",
    "Movement",
    "Notice",
    "Phase",
    "PhaseDetail",
    "Pledge",
    "Reminder",
    "ScoreBand",
    "ScoreEntry",
    "ScoreSection",
    "ScoreSheet",
    "SelfAssessment",
    "Target",
    "TitleRegistration",
    "UnitRegistration",
    "VetoCondition",
]
