"""Forms of scoring."""

from campaigns.forms.scoring.assessments import (
    EVIDENCE_MAX_BYTES,
    AssessmentFilterForm,
    OnBehalfStartForm,
    RankingFilterForm,
    ReviewForm,
    SelfScoreForm,
    TransitionForm,
    validate_evidence,
)
from campaigns.forms.scoring.common import POINTS
from campaigns.forms.scoring.sheets import (
    BandRowForm,
    CriterionRowForm,
    SectionRowForm,
    SheetCreateForm,
    SheetStructureForm,
    VetoRowForm,
    new_key,
)

__all__ = [
    "EVIDENCE_MAX_BYTES",
    "POINTS",
    "AssessmentFilterForm",
    "BandRowForm",
    "CriterionRowForm",
    "OnBehalfStartForm",
    "RankingFilterForm",
    "ReviewForm",
    "SectionRowForm",
    "SelfScoreForm",
    "SheetCreateForm",
    "SheetStructureForm",
    "TransitionForm",
    "VetoRowForm",
    "new_key",
    "validate_evidence",
]
