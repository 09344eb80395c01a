"""Campaign models, one module per part: the campaign itself (core), registrations, scoring."""

from campaigns.models.core import Campaign, Movement, Phase
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

__all__ = ["Campaign", "Movement", "Phase", "SelfAssessment", "TitleRegistration", "UnitRegistration"]
__all__ += ["Criterion", "EvidenceFile", "ScoreBand", "ScoreEntry", "ScoreSection", "ScoreSheet", "VetoCondition"]
