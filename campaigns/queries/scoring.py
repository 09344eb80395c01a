"""Scoped reads for score sheets, self-assessments, evidence and the ranking."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.shortcuts import get_object_or_404

from campaigns.enums import AssessmentState
from campaigns.models import Campaign, Criterion, EvidenceFile, ScoreSection, ScoreSheet, SelfAssessment
from campaigns.queries.core import campaign_visible_q, phases_for_user
from unions.enums import UnitKind
from unions.models import OrgUnit
from unions.queries import officer_units
from unions.scope import Scope


def manageable_campaigns(user):
    """Campaigns whose launching unit the user is staff of (or above): they set up its sheets."""
    return Campaign.objects.filter(Scope.for_user(user).staff_q("launched_by__"))


def score_sheets_for_user(user):
    return ScoreSheet.objects.filter(campaign_visible_q(user, "campaign__"))


def get_sheet_for_user(user, pk):
    return get_object_or_404(
        score_sheets_for_user(user).select_related("campaign", "campaign__launched_by", "block", "cap_band"), pk=pk
    )


def assessments_for_user(user):
    return SelfAssessment.objects.filter(
        Scope.for_user(user).q("unit__"), campaign_visible_q(user, "phase__campaign__")
    )


def get_assessment_for_user(user, pk):
    return get_object_or_404(
        assessments_for_user(user).select_related(
            "unit",
            "unit__parent",
            "unit__cluster",
            "phase",
            "phase__campaign",
            "phase__campaign__launched_by",
            "sheet",
            "sheet__block",
            "sheet__cap_band",
            "band",
            "reviewed_by",
        ),
        pk=pk,
    )


def evidence_for_user(user):
    return EvidenceFile.objects.filter(Scope.for_user(user).q("entry__assessment__unit__"))


def get_evidence_for_user(user, pk):
    return get_object_or_404(
        evidence_for_user(user).select_related("entry", "entry__assessment", "entry__assessment__unit"), pk=pk
    )


def current_sheet(campaign, block):
    if block is None:
        return None
    return ScoreSheet.objects.filter(campaign=campaign, block=block, is_current=True).first()


def assessment_sheet(assessment):
    """The sheet a self-assessment is scored on: its own, or for one not yet given a sheet the one its
    first change will give it (its block's current sheet), or None. Reads only."""
    if assessment.sheet_id is not None:
        return assessment.sheet
    return current_sheet(assessment.phase.campaign, assessment.unit.block)


@dataclass
class OutlineSection:
    section: ScoreSection
    depth: int
    criteria: list = field(default_factory=list)


def sheet_outline(sheet):
    """The sheet's sections in tree order (parents before children), each with its criteria. Two queries."""
    sections = list(sheet.sections.all())
    criteria = defaultdict(list)
    for criterion in Criterion.objects.filter(section__sheet=sheet).order_by("order", "pk"):
        criteria[criterion.section_id].append(criterion)
    children = defaultdict(list)
    for section in sections:
        children[section.parent_id].append(section)
    outline = []

    def walk(parent_id, depth):
        for section in children[parent_id]:
            outline.append(OutlineSection(section, depth, criteria[section.pk]))
            walk(section.pk, depth + 1)

    walk(None, 0)
    return outline


def sheet_max_points(outline):
    return sum((c.max_points for part in outline for c in part.criteria), start=0)


@dataclass
class StartOffer:
    """A self-assessment the user may start: the phase, the union, and whether the union's block has
    a score sheet in the campaign. Without one nothing can be filled: the page says who must publish
    it (`publisher`, the unit that launched the campaign; its staff set up the sheets)."""

    phase: object
    unit: object
    has_sheet: bool

    @property
    def publisher(self):
        return self.phase.campaign.launched_by


def open_for_self_assessment(user):
    """[StartOffer] for the user's officer units: phases open for self-assessment in campaigns
    launched above them, no assessment yet, each saying whether the block has a sheet. Four queries."""
    units = list(officer_units(user).filter(active=True).select_related("block", "parent"))
    if not units:
        return []
    phases = list(
        phases_for_user(user)
        .filter(self_assessment_open=True, closed_at__isnull=True)
        .select_related("campaign", "campaign__launched_by")
        .order_by("campaign__title", "number")
    )
    if not phases:
        return []
    started = set(SelfAssessment.objects.filter(phase__in=phases, unit__in=units).values_list("phase_id", "unit_id"))
    sheets = set(
        ScoreSheet.objects.filter(
            is_current=True, campaign__in={p.campaign_id for p in phases}, block__in={u.block_id for u in units}
        ).values_list("campaign_id", "block_id")
    )
    return [
        StartOffer(phase, unit, has_sheet=(phase.campaign_id, unit.block_id) in sheets)
        for phase in phases
        for unit in units
        if unit.is_within(phase.campaign.launched_by) and (phase.pk, unit.pk) not in started
    ]


def sheet_sources_for_user(user, limit=200):
    """Sheets the user may start a new sheet from (copy): every version of every sheet the user
    sees, newest campaign first; the `limit` most recent."""
    return (
        score_sheets_for_user(user)
        .select_related("campaign", "block")
        .order_by("-campaign__starts_on", "campaign__title", "block__order", "block__name", "-version")[:limit]
    )


def last_sheet_for_block(user, block, *, exclude_campaign=None):
    """The block's last sheet the user sees: the current version in the latest campaign (by end
    date) other than `exclude_campaign`; None when there is none."""
    sheets = score_sheets_for_user(user).filter(block=block, is_current=True)
    if exclude_campaign is not None:
        sheets = sheets.exclude(campaign=exclude_campaign)
    return sheets.select_related("campaign", "block").order_by("-campaign__ends_on", "-created_at", "-pk").first()


def blocks_with_sheet(campaign):
    """Ids of the blocks that have a current score sheet in `campaign`."""
    return set(ScoreSheet.objects.filter(campaign=campaign, is_current=True).values_list("block_id", flat=True))


def units_without_assessment(user, phase):
    """Grassroots unions under the user's staff roles, in the campaign, with no self-assessment for
    the phase: staff may type one in from paper on their behalf."""
    return (
        OrgUnit.objects.filter(
            Scope.for_user(user).staff_q(),
            kind=UnitKind.GRASSROOTS,
            active=True,
            path__startswith=phase.campaign.launched_by.path,
        )
        .exclude(assessments__phase=phase)
        .order_by("name")
    )


def phase_ranks(phase, pks=None, *, down_to=None):
    """Ranks of the phase's reviewed assessments within their block and their cluster, computed by the
    database (RANK() windows over the whole phase, not only the rows a user may see) in one query;
    only the rows `pks` (a page) come back when given. Ties share a rank (1, 2, 2, 4), as in
    a competition; rows with no block or cluster get no rank there.

    `down_to`: the lowest total among the rows `pks`. A row's rank is one more than the rows of its
    block (cluster) with a higher total, so rows below it change no wanted rank: the windows read only
    the phase's rows at or above it, a prefix of the (phase, state, total DESC) index (the first page
    of a city's ranking: a few dozen rows instead of all 4,847 joined and sorted twice)."""
    if pks is not None and not pks:
        return {}, {}
    assessment = SelfAssessment._meta.db_table
    sheet = ScoreSheet._meta.db_table
    unit = OrgUnit._meta.db_table
    params = [phase.pk, AssessmentState.REVIEWED]
    above = ""
    if down_to is not None:
        above = "AND a.total >= %s"
        params.append(down_to)
    only = ""
    if pks is not None:
        pks = [int(pk) for pk in pks]
        only = f"WHERE ranked.id IN ({', '.join(['%s'] * len(pks))})"
        params += pks
    sql = f"""
        SELECT ranked.id, ranked.block_id, ranked.block_rank, ranked.cluster_id, ranked.cluster_rank FROM (
            SELECT a.id, s.block_id, u.cluster_id,
                   RANK() OVER (PARTITION BY s.block_id ORDER BY a.total DESC) AS block_rank,
                   RANK() OVER (PARTITION BY u.cluster_id ORDER BY a.total DESC) AS cluster_rank
            FROM {assessment} a
            LEFT JOIN {sheet} s ON s.id = a.sheet_id
            JOIN {unit} u ON u.id = a.unit_id
            WHERE a.phase_id = %s AND a.state = %s {above}
        ) ranked {only}"""  # nosec B608 # table names from the models' meta; every value is a %s parameter
    by_block, by_cluster = {}, {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for pk, block_id, block_rank, cluster_id, cluster_rank in cursor.fetchall():
            if block_id is not None:
                by_block[pk] = block_rank
            if cluster_id is not None:
                by_cluster[pk] = cluster_rank
    return by_block, by_cluster


def ranking_rows(user, phase, *, block=None, cluster=None):
    """The reviewed assessments of the phase the user may see, best first."""
    rows = assessments_for_user(user).filter(phase=phase, state=AssessmentState.REVIEWED)
    if block is not None:
        rows = rows.filter(sheet__block=block)
    if cluster is not None:
        rows = rows.filter(unit__cluster=cluster)
    return rows.select_related("unit", "unit__cluster", "sheet__block", "band").order_by("-total", "unit__name")
