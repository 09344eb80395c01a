from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The levels an initiative is recognised at are the award levels (grassroots, upper, city).
from awards.enums import Level as Level
from unions.enums import UnitKind


class InitiativeState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("initiative state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("initiative state", "Submitted")
    UNDER_REVIEW = "under_review", pgettext_lazy("initiative state", "Under review by the council")
    RETURNED = "returned", pgettext_lazy("initiative state", "Returned for completion")
    RESUBMITTED = "resubmitted", pgettext_lazy("initiative state", "Resubmitted")
    RECOGNISED = "recognised", pgettext_lazy("initiative state", "Recognised")
    NOT_RECOGNISED = "not_recognised", pgettext_lazy("initiative state", "Not recognised")
    REVOKED = "revoked", pgettext_lazy("initiative state", "Recognition revoked")
    WITHDRAWN = "withdrawn", pgettext_lazy("initiative state", "Withdrawn")


# Being assessed at its current level: a council may be scoring it.
IN_REVIEW_STATES = (InitiativeState.SUBMITTED, InitiativeState.UNDER_REVIEW, InitiativeState.RESUBMITTED)
EDITABLE_STATES = (InitiativeState.DRAFT, InitiativeState.RETURNED)
REASONED_STATES = (
    InitiativeState.RETURNED,
    InitiativeState.NOT_RECOGNISED,
    InitiativeState.REVOKED,
    InitiativeState.WITHDRAWN,
)


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    SECRETARY = "secretary", _("Secretary")
    MEMBER = "member", pgettext_lazy("council role", "Member")


class AuthorCategory(models.TextChoices):
    """How the Tổng Liên đoàn's rules for Bằng Lao động sáng tạo group authors."""

    DIRECT_WORKER = "direct_worker", _("Worker in direct production (college level or below, no leading post)")
    GRADUATE = "graduate", _("Official or employee with a university degree, no leading post")
    LEADER = "leader", _("Holds a leading or managing post")


class ExclusionReason(models.TextChoices):
    AUTHOR = "author", _("Is an author of the initiative")
    ROLE_ON_AUTHOR_UNION = "role_on_author_union", _("Holds a role on an author's grassroots union")


class Grade(models.TextChoices):
    A = "A", "A"
    B = "B", "B"
    C = "C", "C"


# The kind of unit that decides at each level, and the level a unit of each kind decides at.
LEVEL_UNIT_KIND = {Level.GRASSROOTS: UnitKind.GRASSROOTS, Level.UPPER: UnitKind.UPPER, Level.CITY: UnitKind.CITY}
UNIT_KIND_LEVEL = {kind: level for level, kind in LEVEL_UNIT_KIND.items()}

NEXT_LEVEL = {Level.GRASSROOTS: Level.UPPER, Level.UPPER: Level.CITY}
LEVEL_ORDER = {Level.GRASSROOTS: 0, Level.UPPER: 1, Level.CITY: 2}


def levels_from(level):
    """The levels at or above `level`."""
    return [lv for lv, rank in LEVEL_ORDER.items() if rank >= LEVEL_ORDER[Level(level)]]
