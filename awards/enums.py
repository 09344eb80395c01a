from django.db import models
from django.utils.translation import gettext_lazy as _

# Campaign registrations check a title's subject too, so the enum lives in the lower app.
from campaigns.enums import Subject as Subject


class Level(models.TextChoices):
    GRASSROOTS = "grassroots", _("Grassroots")
    UPPER = "upper", _("Upper level (district)")
    CITY = "city", _("City (Thủ đô)")


# Nominations go through the review workflow for the levels an upper unit or the city decides.
NOMINATION_LEVELS = (Level.UPPER, Level.CITY)


class RuleKind(models.TextChoices):
    PRIOR_TITLE = "prior_title", _("Same title at the level below in the same year")
    INITIATIVE = "initiative", _("A recognised initiative")
    INITIATIVE_VALUE = "initiative_value", _("Value of recognised initiatives, by author category")
    WOMEN_ONLY = "women_only", _("Women only")
    DIRECT_PRODUCTION = "direct_production", _("Direct production workers only")
    MIN_MEMBERSHIP = "min_membership", _("Minimum months of union membership")
    DECLARED_EXCLUSIONS = "declared_exclusions", _("Exclusions declared by the nominator")


class Exclusion(models.TextChoices):
    DISCIPLINED = "disciplined", _("Not disciplined during the year")
    ABSENT_40_DAYS = "absent_40_days", _("Not absent from work for 40 days or more")


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the upper level")
    RETURNED = "returned", _("Returned for completion")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved at the upper level")
    FORWARDED = "forwarded", _("Forwarded to the city")
    CITY_APPROVED = "city_approved", _("Approved at the city")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# States whose note is a reason (a return or a rejection by the reviewer, a withdrawal by the union);
# other moves carry a plain note.
REASONED_STATES = (NominationState.RETURNED, NominationState.REJECTED, NominationState.WITHDRAWN)

# States in which a nomination is over without an award: it no longer stands in the way of another
# nomination of the same nominee for the same title, level and year (the database's unique constraint
# counts the others only).
CLOSED_STATES = (NominationState.REJECTED, NominationState.WITHDRAWN)

# States in which a nomination uses a place of a quota: a reviewer has accepted it.
QUOTA_USING_STATES = (NominationState.APPROVED, NominationState.FORWARDED, NominationState.CITY_APPROVED)


class AttachmentKind(models.TextChoices):
    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report (báo cáo thành tích)")
    COUNCIL_MINUTES = "council_minutes", _("Minutes of the emulation council meeting (biên bản họp hội đồng)")
    OTHER = "other", _("Other document")


class CommendationMethod(models.TextChoices):
    """Loại hình khen thưởng (Luật Thi đua, khen thưởng 2022), chosen on the decision and kept on each
    of its awards: the yearly commendation statistics count awards by it."""

    REGULAR = "regular", _("Regular: for merit and achievements (thường xuyên, theo công trạng)")
    THEMATIC = "thematic", _("Thematic or end of a campaign phase (theo chuyên đề, theo đợt)")
    AD_HOC = "ad_hoc", _("Unscheduled, for an outstanding act (đột xuất)")
    CAREER = "career", _("For a lifetime of service (quá trình cống hiến)")
    SENIORITY = "seniority", _("For years of service (theo niên hạn)")
    FOREIGN = "foreign", _("To foreign people and organisations (đối ngoại)")


class StatisticsCode(models.TextChoices):
    """The part of the yearly emulation and commendation statistics (biểu thống kê thi đua, khen
    thưởng) a title is counted in; each part is split into individuals and collectives by the awards."""

    EMULATION_TITLE = "TD", _("Emulation title (TĐ)")
    COMMENDATION = "KT", _("Commendation: certificate or diploma of merit (KT)")
