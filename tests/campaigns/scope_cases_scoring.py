"""Scoring URLs for the scope walk: every object sits on the insider's side (district_a, grassroots_a)."""

from django.core.files.base import ContentFile
from django.urls import reverse

from campaigns.domain import scoring as domain
from campaigns.models import EvidenceFile, SelfAssessment
from tests.campaigns.factories_scoring import ScoringCampaignFactory, ScoringPhaseFactory, make_sheet, self_assess
from tests.scope import Case


def sheet_a(world):
    campaign = ScoringCampaignFactory(launched_by=world.district_a)
    return make_sheet(campaign, world.grassroots_a.block)


def phase_a(world):
    sheet = sheet_a(world)
    return ScoringPhaseFactory(campaign=sheet.campaign)


def assessment_a(world):
    phase = phase_a(world)
    sheet = phase.campaign.score_sheets.get()
    return SelfAssessment.objects.create(phase=phase, unit=world.grassroots_a, sheet=sheet)


def filled_a(world, *, submit=False):
    """A self-assessment with every criterion scored, as a draft or submitted."""
    assessment = domain.start_assessment(phase=phase_a(world), unit=world.grassroots_a, by=world.officer_a)
    return self_assess(assessment, world.officer_a, {"1.1": 35, "1.2": 25, "2.1": 30}, submit=submit)


def evidence_a(world):
    assessment = assessment_a(world)
    entry = assessment.entries.create(criterion=assessment.sheet.sections.first().criteria.first())
    evidence = EvidenceFile(entry=entry, original_name="bien-ban.pdf", size=9)
    evidence.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    evidence.save()
    return evidence


def _assessment_page(w, kw):
    return reverse("campaigns:scoring_assessment_detail", args=[kw["pk"]])


CASES = {
    "campaigns:scoring_sheet_list": Case(insider="staff_a"),
    # The district needs a campaign of its own to make a sheet for (?campaign= preselects it).
    "campaigns:scoring_sheet_create": Case(
        insider="staff_a", data=lambda w: {"campaign": ScoringCampaignFactory(launched_by=w.district_a).pk}
    ),
    "campaigns:scoring_sheet_detail": Case(insider="staff_a", kwargs=lambda w: {"pk": sheet_a(w).pk}),
    "campaigns:scoring_sheet_edit": Case(insider="staff_a", kwargs=lambda w: {"pk": sheet_a(w).pk}),
    "campaigns:scoring_sheet_row": Case(
        insider="staff_a", kwargs=lambda w: {"pk": sheet_a(w).pk}, data=lambda w: {"kind": "c"}
    ),
    "campaigns:scoring_assessment_list": Case(insider="officer_a"),
    "campaigns:scoring_assessment_start": Case(
        insider="officer_a",
        kwargs=lambda w: {"phase_pk": phase_a(w).pk},
        method="post",
        data=lambda w: {"unit": w.grassroots_a.pk},
        expect=302,
        redirect=lambda w, kw: reverse("campaigns:scoring_assessment_fill", args=[SelfAssessment.objects.get().pk]),
        done=lambda w, kw: SelfAssessment.objects.filter(phase=kw["phase_pk"], unit=w.grassroots_a).exists(),
    ),
    "campaigns:scoring_assessment_detail": Case(insider="officer_a", kwargs=lambda w: {"pk": assessment_a(w).pk}),
    "campaigns:scoring_assessment_fill": Case(insider="officer_a", kwargs=lambda w: {"pk": assessment_a(w).pk}),
    "campaigns:scoring_assessment_review": Case(
        insider="staff_a", kwargs=lambda w: {"pk": filled_a(w, submit=True).pk}
    ),
    "campaigns:scoring_assessment_transition": Case(
        insider="officer_a",
        kwargs=lambda w: {"pk": filled_a(w).pk},
        method="post",
        data=lambda w: {"to": "submitted", "from": "draft"},
        expect=302,
        redirect=_assessment_page,
        done=lambda w, kw: SelfAssessment.objects.get(pk=kw["pk"]).state == "submitted",
    ),
    "campaigns:scoring_evidence_file": Case(insider="officer_a", kwargs=lambda w: {"pk": evidence_a(w).pk}),
    "campaigns:scoring_evidence_delete": Case(
        insider="officer_a",
        kwargs=lambda w: {"pk": evidence_a(w).pk},
        method="post",
        expect=302,
        redirect=lambda w, kw: reverse("campaigns:scoring_assessment_fill", args=[SelfAssessment.objects.get().pk]),
        done=lambda w, kw: not EvidenceFile.objects.filter(pk=kw["pk"]).exists(),
    ),
    "campaigns:scoring_ranking": Case(insider="staff_a", kwargs=lambda w: {"phase_pk": phase_a(w).pk}),
}
