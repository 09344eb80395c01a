"""What changes initiatives: every way in (pages, import, commands, demo) goes through here."""

from initiatives.domain.councils import (
    add_council_member,
    create_default_criteria,
    criteria_for,
    remove_council_member,
    result,
    save_council,
    save_sheet,
    start_review,
)
from initiatives.domain.decisions import issue_decision
from initiatives.domain.dossier import add_evidence, save_initiative, withdraw_evidence
from initiatives.domain.workflow import WORKFLOW, page_moves

__all__ = [
    "WORKFLOW",
    "add_council_member",
    "add_evidence",
    "create_default_criteria",
    "criteria_for",
    "issue_decision",
    "page_moves",
    "remove_council_member",
    "result",
    "save_council",
    "save_initiative",
    "save_sheet",
    "start_review",
    "withdraw_evidence",
]
