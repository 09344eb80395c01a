"""Score sheets, self-assessment and review: every business rule of scoring lives in this package."""

from campaigns.domain.scoring.assessments import (
    WORKFLOW,
    delete_evidence,
    ensure_sheet,
    legal_moves,
    may_fill,
    may_review,
    save_review,
    save_self_scores,
    start_assessment,
    transition,
)
from campaigns.domain.scoring.classification import (
    DEFAULT_BANDS,
    DEFAULT_CAP_BAND,
    Classification,
    classify,
    refresh_result,
)
from campaigns.domain.scoring.sheets import (
    Row,
    copy_sheet,
    create_sheet,
    new_version,
    save_structure,
    sheet_is_locked,
)
from campaigns.queries.scoring import sheet_outline

__all__ = [
    "DEFAULT_BANDS",
    "DEFAULT_CAP_BAND",
    "WORKFLOW",
    "Classification",
    "Row",
    "classify",
    "copy_sheet",
    "create_sheet",
    "delete_evidence",
    "ensure_sheet",
    "legal_moves",
    "may_fill",
    "may_review",
    "new_version",
    "refresh_result",
    "save_review",
    "save_self_scores",
    "save_structure",
    "sheet_is_locked",
    "sheet_outline",
    "start_assessment",
    "transition",
]
