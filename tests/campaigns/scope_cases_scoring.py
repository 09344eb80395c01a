"""Scoring URLs for the scope walk: every object sits on the insider's side (district_a, grassroots_a)."""

from django.core.files.base import ContentFile

from campaigns.models import EvidenceFile, SelfAssessment
from tests.campaigns.factories_scoring import ScoringCampaignFactory, ScoringPhaseFactory, make_sheet
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


def evidence_a(world):
    assessment = assessment_a(world)
    entry = assessment.entries.create(criterion=assessment.sheet.sections.first().criteria.first())
    evidence = EvidenceFile(entry=entry, original_name="bien-ban.pdf", size=9)
    evidence.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    evidence.save()
    return evidence


CASES = {
    "campaigns:scoring_sheet_list": Case(),
    "campaigns:scoring_sheet_create": Case(),
    "campaigns:scoring_sheet_detail": Case(kwargs=lambda w: {"pk": sheet_a(w).pk}),
    "campaigns:scoring_sheet_edit": Case(kwargs=lambda w: {"pk": sheet_a(w).pk}),
    "campaigns:scoring_sheet_row": Case(kwargs=lambda w: {"pk": sheet_a(w).pk}, data=lambda w: {"kind": "c"}),
    "campaigns:scoring_assessment_list": Case(),
    "campaigns:scoring_assessment_start": Case(
        kwargs=lambda w: {"phase_pk": phase_a(w).pk}, method="post", data=lambda w: {"unit": w.grassroots_a.pk}
    ),
    "campaigns:scoring_assessment_detail": Case(kwargs=lambda w: {"pk": assessment_a(w).pk}),
    "campaigns:scoring_assessment_fill": Case(kwargs=lambda w: {"pk": assessment_a(w).pk}),
    "campaigns:scoring_assessment_review": Case(kwargs=lambda w: {"pk": assessment_a(w).pk}),
    "campaigns:scoring_assessment_transition": Case(
        kwargs=lambda w: {"pk": assessment_a(w).pk}, method="post", data=lambda w: {"to": "submitted"}
    ),
    "campaigns:scoring_evidence_file": Case(kwargs=lambda w: {"pk": evidence_a(w).pk}),
    "campaigns:scoring_evidence_delete": Case(kwargs=lambda w: {"pk": evidence_a(w).pk}, method="post"),
    "campaigns:scoring_ranking": Case(kwargs=lambda w: {"phase_pk": phase_a(w).pk}),
}
