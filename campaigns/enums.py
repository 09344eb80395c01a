from django.db import models
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    """Whom an award title is for. The titles are awards' catalogue, but registrations check it,
    so it lives in campaigns (awards.enums re-exports it)."""

    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    FAMILY = "family", _("Family")
    ANY = "any", _("Individual or collective")


class CampaignKind(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    STAGE = "stage", _("Multi-year stage")
    THEMATIC = "thematic", _("Thematic")
    PEAK = "peak", _("Peak drive")


class EmulationMethod(models.TextChoices):
    """Hình thức tổ chức thi đua (Luật Thi đua, khen thưởng 2022): regular emulation runs all year on
    the units' own duties towards the yearly titles; thematic emulation (theo chuyên đề, theo đợt) has
    a theme and a fixed span. The yearly statistics count campaigns by it."""

    REGULAR = "regular", _("Regular emulation (thường xuyên)")
    THEMATIC = "thematic", _("Thematic emulation (theo chuyên đề, theo đợt)")


# What a campaign of each kind usually is; the form suggests it and the migration of older records used it.
METHOD_OF_KIND = {
    CampaignKind.ANNUAL: EmulationMethod.REGULAR,
    CampaignKind.STAGE: EmulationMethod.REGULAR,
    CampaignKind.THEMATIC: EmulationMethod.THEMATIC,
    CampaignKind.PEAK: EmulationMethod.THEMATIC,
}


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LAUNCHED = "launched", _("Launched")
    CLOSED = "closed", _("Closed")


class RegistrationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for completion")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted")


class EntrySource(models.TextChoices):
    """How many title registrations were entered at once (kept in the registration's history)."""

    GRID = "grid", _("fast entry grid")
    FILE = "file", _("Excel file")


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    REVIEWED = "reviewed", _("Reviewed")


class TargetMetric(models.TextChoices):
    REGISTERED_SHARE = "registered_share", _("Share of grassroots unions registered (%)")
    ACCEPTED_REGISTRATIONS = "accepted_registrations", _("Number of accepted unit registrations")
    TITLE_REGISTRATIONS = "title_registrations", _("Number of registrations for a title")


class DocumentKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    GUIDANCE = "guidance", _("Guidance note")
    LETTER = "letter", _("Official letter")


class ReminderKind(models.TextChoices):
    REGISTRATION = "registration", _("Register for the campaign")
    SELF_ASSESSMENT = "self_assessment", _("Submit the self-assessment")


class NoticeKind(models.TextChoices):
    """What an in-app notice to a union's officers is about."""

    REMINDER = "reminder", _("Reminder")
    REGISTRATION_ACCEPTED = "registration_accepted", _("Registration accepted")
    REGISTRATION_ENTERED = "registration_entered", _("Registration entered on the union's behalf")
    REGISTRATION_RETURNED = "registration_returned", _("Registration returned for completion")
    PHASE_TALLIED = "phase_tallied", _("Phase tallied: its report is ready")
