from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    PHASE = "phase", _("Phase (sơ kết)")
    CAMPAIGN = "campaign", _("Campaign")
    YEAR = "year", _("Year")
    STAGE = "stage", _("Multi-year stage (tổng kết)")


class Section(models.TextChoices):
    """The parts of a report the staff write themselves (III.–V.)."""

    NUMBER = "number", _("Report number")
    SHORTCOMINGS = "shortcomings", _("III. Shortcomings and their causes")
    LESSONS = "lessons", _("IV. Lessons learnt")
    DIRECTION = "direction", _("V. Direction and tasks ahead")


class ExportFormat(models.TextChoices):
    DOCX = "docx", _("Word document (.docx)")
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Annex tables (.xlsx)")


class ExportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class DeadlineKind(models.TextChoices):
    """What a union has not done yet when a phase's deadline comes near."""

    REGISTRATION = "registration", _("Register for the campaign")
    SELF_ASSESSMENT = "self_assessment", _("Submit the self-assessment")
