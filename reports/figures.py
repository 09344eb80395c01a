"""The figures of a period for a unit's subtree, counted by the database.

A `Selection` names the period: a phase (sơ kết), a campaign, a year, or a multi-year stage (tổng
kết). `compute(root, selection)` runs one grouped query per kind of record (members, registrations,
self-assessments, title registrations, nominations, awards, initiatives recognised — through
initiatives.queries.recognitions_within, the rows initiatives.queries.totals sums —, documents), each grouped by
the record's unit, and adds every group to its unit, to each of that unit's ancestors up to `root`,
to the block of the unit under each of those ancestors, and to the unit's cluster: no query per unit.

The result (`Figures`) is plain JSON-ready data, so a tally stores it as it is and a report reads a
stored tally and a live count the same way.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, Sum

from awards.enums import QUOTA_USING_STATES, Level, NominationState
from awards.models import Award, AwardTitle, Decision, Nomination
from campaigns.enums import CampaignState
from campaigns.models import Campaign, CampaignDocument, Phase, Pledge, SelfAssessment, TitleRegistration
from campaigns.models import UnitRegistration as Registration
from campaigns.queries.core import ASSESSED_STATES, REGISTERED_STATES, target_progress
from initiatives.queries import recognitions_within
from reports.enums import PeriodKind
from unions.enums import Gender, UnitKind
from unions.models import Cluster, Member, OrgUnit

LEVELS = [Level.GRASSROOTS, Level.UPPER, Level.CITY]


@dataclass(frozen=True)
class Selection:
    """The period a report or a tally covers."""

    kind: str
    phase: Phase | None = None
    campaign: Campaign | None = None
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def for_phase(cls, phase):
        return cls(PeriodKind.PHASE, phase=phase, campaign=phase.campaign)

    @classmethod
    def for_campaign(cls, campaign):
        return cls(PeriodKind.CAMPAIGN, campaign=campaign)

    @classmethod
    def for_years(cls, year_from, year_to=None):
        year_to = year_to or year_from
        kind = PeriodKind.YEAR if year_from == year_to else PeriodKind.STAGE
        return cls(kind, year_from=min(year_from, year_to), year_to=max(year_from, year_to))

    @property
    def key(self):
        """What a report's texts and files are kept under: "phase:12", "campaign:3", "year:2023", "stage:2015-2020"."""
        if self.kind == PeriodKind.PHASE:
            return f"phase:{self.phase.pk}"
        if self.kind == PeriodKind.CAMPAIGN:
            return f"campaign:{self.campaign.pk}"
        if self.kind == PeriodKind.YEAR:
            return f"year:{self.year_from}"
        return f"stage:{self.year_from}-{self.year_to}"

    @property
    def dates(self):
        if self.kind == PeriodKind.PHASE:
            return self.phase.starts_on, self.phase.ends_on
        if self.kind == PeriodKind.CAMPAIGN:
            return self.campaign.starts_on, self.campaign.ends_on
        return datetime.date(self.year_from, 1, 1), datetime.date(self.year_to, 12, 31)

    @property
    def years(self):
        start, end = self.dates
        return start.year, end.year

    @property
    def by_campaign(self):
        return self.kind in (PeriodKind.PHASE, PeriodKind.CAMPAIGN)

    # --- the records of the period, as conditions on each model ------------------------------------

    def campaigns_q(self, prefix=""):
        """The campaigns of the period (launched or closed, never a draft)."""
        shown = Q(**{f"{prefix}state__in": [CampaignState.LAUNCHED, CampaignState.CLOSED]})
        if self.by_campaign:
            return Q(**{f"{prefix}pk": self.campaign.pk}) & shown
        y0, y1 = self.years
        return Q(**{f"{prefix}ends_on__year__gte": y0, f"{prefix}ends_on__year__lte": y1}) & shown

    def assessments_q(self):
        if self.kind == PeriodKind.PHASE:
            return Q(phase=self.phase)
        return self.campaigns_q("phase__campaign__")

    def nominations_q(self):
        if self.kind == PeriodKind.PHASE:
            return Q(phase=self.phase)
        if self.kind == PeriodKind.CAMPAIGN:
            return Q(phase__campaign=self.campaign)
        return Q(year__gte=self.year_from, year__lte=self.year_to)

    def awards_q(self):
        """Awards of the period: from its nominations, and the titles decided without one (a grassroots
        union's own decision) dated in the period; for a year or a stage, the awards of those years."""
        if not self.by_campaign:
            return Q(year__gte=self.year_from, year__lte=self.year_to)
        start, end = self.dates
        # Both halves as IN (subquery) on the award's own columns: an OR across joined tables makes the
        # database join every award of every year to its nomination and decision first.
        nominations = (
            Nomination.objects.filter(phase=self.phase)
            if self.phase
            else Nomination.objects.filter(phase__campaign=self.campaign)
        )
        decisions = Decision.objects.filter(date__gte=start, date__lte=end)
        return Q(nomination__in=nominations.values("pk")) | Q(
            nomination__isnull=True, decision__in=decisions.values("pk")
        )

    def documents_q(self):
        if self.kind == PeriodKind.PHASE:
            start, end = self.dates
            return Q(campaign=self.campaign, issued_on__gte=start, issued_on__lte=end)
        if self.kind == PeriodKind.CAMPAIGN:
            return Q(campaign=self.campaign)
        return Q(issued_on__year__gte=self.year_from, issued_on__year__lte=self.year_to) & self.campaigns_q(
            "campaign__"
        )


@dataclass
class Figures:
    """The figures of one root's subtree: `units[unit id]`, `blocks["unit id:block id"]`, `clusters[id]`,
    each a dict of counts; `names` of every row, and `summary` (targets, pledges, titles, bands)."""

    root_id: int
    units: dict = field(default_factory=dict)
    blocks: dict = field(default_factory=dict)
    clusters: dict = field(default_factory=dict)
    names: dict = field(default_factory=dict)
    summary: dict = field(default_factory=dict)

    def rows(self):
        """(kind, key, name, figures) of every row, in a stable order."""
        out = []
        for kind, table in (("unit", self.units), ("block", self.blocks), ("cluster", self.clusters)):
            for key in sorted(table, key=str):
                out.append((kind, str(key), self.names.get(f"{kind}:{key}", ""), table[key]))
        return out

    def digest(self):
        payload = json.dumps([self.rows(), self.summary], sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()


def report_rows(unit):
    """(child ids, cluster ids): besides the unit itself and its blocks, the rows of figures a report on
    `unit` reads — its active children and the clusters organised in its subtree (read from a tally's
    snapshot, kept by a worker, or listed in the annex by union)."""
    children = set(OrgUnit.objects.filter(parent=unit, active=True).values_list("pk", flat=True))
    clusters = set(Cluster.objects.filter(organiser__path__startswith=unit.path).values_list("pk", flat=True))
    return children, clusters


def empty():
    return {
        "grassroots": 0,
        "members": 0,
        "women": 0,
        "registered": 0,
        "accepted": 0,
        "assessed": 0,
        "bands": {},
        "title_registrations": {},
        "nominations": {},
        "nominations_accepted": {},
        "awards": {},
        "awardees": {},
        "initiatives": {},
        "documents": {},
    }


def _add(figures, name, amount, *path):
    """figures[name][path...] += amount (nested dicts of counts)."""
    if not path:
        figures[name] += amount
        return
    node = figures[name]
    for part in path[:-1]:
        node = node.setdefault(str(part), {})
    node[str(path[-1])] = node.get(str(path[-1]), 0) + amount


class _Tree:
    """The units of the subtree (one query) and where each count goes."""

    def __init__(self, root):
        self.root = root
        rows = OrgUnit.objects.filter(path__startswith=root.path, active=True).values_list(
            "pk", "path", "kind", "name", "block_id", "cluster_id", "depth"
        )
        self.units = {
            pk: (path, kind, name, block, cluster, depth) for pk, path, kind, name, block, cluster, depth in rows
        }
        self.upper = {pk for pk, row in self.units.items() if row[1] != UnitKind.GRASSROOTS}
        self._targets = {}

    def targets(self, unit_id):
        """[(kind, key)] of the rows a record of unit `unit_id` counts in: the unit, its ancestors within the
        root, the unit's block under each of them, and its cluster."""
        cached = self._targets.get(unit_id)
        if cached is not None:
            return cached
        row = self.units.get(unit_id)
        if row is None:
            self._targets[unit_id] = []
            return []
        path, _kind, _name, block, cluster, _depth = row
        ids = [int(part) for part in path.split(".") if part]
        chain = [pk for pk in ids if pk in self.units]
        out = [("unit", pk) for pk in chain]
        if block is not None:
            out += [("block", f"{pk}:{block}") for pk in chain if pk in self.upper]
        if cluster is not None:
            out.append(("cluster", cluster))
        self._targets[unit_id] = out
        return out


def compute(root, selection):
    """Every figure of `selection` for `root`'s subtree (see the module's docstring)."""
    tree = _Tree(root)
    result = Figures(root_id=root.pk)
    tables = {"unit": result.units, "block": result.blocks, "cluster": result.clusters}

    def add(unit_id, name, amount, *path):
        if not amount:
            return
        for kind, key in tree.targets(unit_id):
            table = tables[kind]
            figures = table.get(key)
            if figures is None:
                figures = table[key] = empty()
            _add(figures, name, amount, *path)

    # Every unit and the blocks and clusters under the root have a row, even with nothing to count.
    for pk, (_path, kind, name, _block, _cluster, _depth) in tree.units.items():
        result.units.setdefault(pk, empty())
        result.names[f"unit:{pk}"] = name
        if kind == UnitKind.GRASSROOTS:
            add(pk, "grassroots", 1)
    block_names = dict(_block_names(tree))
    for key in result.blocks:
        result.names[f"block:{key}"] = block_names.get(int(key.split(":")[1]), "")
    clusters = Cluster.objects.filter(organiser__path__startswith=root.path).values_list("pk", "name")
    for pk, name in clusters:
        result.clusters.setdefault(pk, empty())
        result.names[f"cluster:{pk}"] = name

    under = {"unit__path__startswith": root.path, "unit__active": True}

    members = Member.objects.filter(active=True, **under).values("unit_id")
    for row in members.annotate(n=Count("pk"), women=Count("pk", filter=Q(gender=Gender.FEMALE))).order_by():
        add(row["unit_id"], "members", row["n"])
        add(row["unit_id"], "women", row["women"])

    registrations = Registration.objects.filter(
        selection.campaigns_q("campaign__"), state__in=REGISTERED_STATES, **under
    )
    for row in (
        registrations.values("unit_id")
        .annotate(n=Count("pk"), accepted=Count("pk", filter=Q(state="accepted")))
        .order_by()
    ):
        add(row["unit_id"], "registered", row["n"])
        add(row["unit_id"], "accepted", row["accepted"])

    assessments = SelfAssessment.objects.filter(
        selection.assessments_q(), selection.campaigns_q("phase__campaign__"), state__in=ASSESSED_STATES, **under
    )
    for row in assessments.values("unit_id", "band__name").annotate(n=Count("pk")).order_by():
        add(row["unit_id"], "assessed", row["n"])
        if row["band__name"]:
            add(row["unit_id"], "bands", row["n"], row["band__name"])

    title_registrations = TitleRegistration.objects.filter(
        selection.campaigns_q("registration__campaign__"),
        registration__state__in=REGISTERED_STATES,
        registration__unit__path__startswith=root.path,
        registration__unit__active=True,
    )
    for row in title_registrations.values("registration__unit_id", "title_id").annotate(n=Count("pk")).order_by():
        add(row["registration__unit_id"], "title_registrations", row["n"], row["title_id"])

    nominations = Nomination.objects.filter(selection.nominations_q(), **under).exclude(state=NominationState.DRAFT)
    for row in (
        nominations.values("unit_id", "title_id", "level")
        .annotate(n=Count("pk"), accepted=Count("pk", filter=Q(state__in=QUOTA_USING_STATES)))
        .order_by()
    ):
        key = f"{row['title_id']}:{row['level']}"
        add(row["unit_id"], "nominations", row["n"], key)
        add(row["unit_id"], "nominations_accepted", row["accepted"], key)

    awards = Award.objects.filter(selection.awards_q(), revoked_at__isnull=True, **under)
    for row in (
        awards.values("unit_id", "title_id", "level")
        .annotate(people=Count("pk", filter=Q(member__isnull=False)), groups=Count("pk", filter=Q(member__isnull=True)))
        .order_by()
    ):
        add(row["unit_id"], "awards", row["people"] + row["groups"], f"{row['title_id']}:{row['level']}")
        add(row["unit_id"], "awardees", row["people"], row["level"], "individual")
        add(row["unit_id"], "awardees", row["groups"], row["level"], "collective")

    year_from, year_to = selection.years
    recognitions = recognitions_within(root, year_from, year_to).filter(initiative__unit__active=True)
    if selection.by_campaign:
        start, end = selection.dates
        recognitions = recognitions.filter(decision__date__gte=start, decision__date__lte=end)
    for row in (
        recognitions.values("initiative__unit_id", "level")
        .annotate(n=Count("pk"), value=Sum("initiative__value_per_year"))
        .order_by()
    ):
        add(row["initiative__unit_id"], "initiatives", row["n"], row["level"], "count")
        add(row["initiative__unit_id"], "initiatives", row["value"] or 0, row["level"], "value")

    documents = CampaignDocument.objects.filter(
        selection.documents_q(), issued_by__path__startswith=root.path, issued_by__active=True
    )
    for row in documents.values("issued_by_id", "kind").annotate(n=Count("pk")).order_by():
        add(row["issued_by_id"], "documents", row["n"], row["kind"])

    _ranks(result, tree, selection)
    result.summary = _summary(root, selection, result)
    return result


def _block_names(tree):
    from unions.models import Block

    ids = {row[3] for row in tree.units.values() if row[3] is not None}
    return Block.objects.filter(pk__in=ids).values_list("pk", "name")


def _ranks(result, tree, selection):
    """For a phase: each assessed grassroots union's result, band and rank in its block (best first; equal
    totals share a rank), read in one query."""
    if selection.kind != PeriodKind.PHASE:
        return
    rows = (
        SelfAssessment.objects.filter(
            phase=selection.phase,
            state__in=ASSESSED_STATES,
            unit__path__startswith=tree.root.path,
            unit__active=True,
        )
        .values_list("unit_id", "unit__block_id", "total", "band__name")
        .order_by("unit__block_id", "-total", "unit__name", "unit_id")
    )
    by_block = {}
    for unit_id, block_id, total, band in rows:
        by_block.setdefault(block_id, []).append((unit_id, total, band))
    for entries in by_block.values():
        rank, previous = 0, None
        for position, (unit_id, total, band) in enumerate(entries, start=1):
            if total != previous:
                rank, previous = position, total
            figures = result.units.get(unit_id)
            if figures is not None:
                figures.update(total=str(total), band=band or "", rank=rank, ranked=len(entries))


def _summary(root, selection, result):
    """What a report needs besides the counts: the titles and their names per level, the bands in order,
    the campaigns of the period with their movements, targets against actuals and pledges kept."""
    titles = {}
    for title in AwardTitle.objects.prefetch_related("levels").order_by("order", "pk"):
        titles[str(title.pk)] = {
            "name": title.name,
            "code": title.code,
            "statistics_code": title.statistics_code,
            "order": title.order,
            "labels": {tl.level: tl.label for tl in title.levels.all()},
        }
    campaigns = list(
        Campaign.objects.filter(selection.campaigns_q(), launched_by__path__in=_paths_at_or_above(root))
        .select_related("launched_by")
        .prefetch_related("movements")
        .order_by("starts_on", "pk")
    )
    if selection.by_campaign and selection.campaign not in campaigns:
        campaigns.insert(0, selection.campaign)
    return {
        "titles": titles,
        "campaigns": [
            {
                "id": c.pk,
                "title": c.title,
                "launched_by": c.launched_by.name,
                "document_number": c.document_number,
                "document_date": c.document_date.isoformat() if c.document_date else "",
                "starts_on": c.starts_on.isoformat(),
                "ends_on": c.ends_on.isoformat(),
                "movements": [m.name for m in c.movements.all()],
            }
            for c in campaigns
        ],
        "targets": _targets(root, campaigns),
        "pledges": _pledges(root, selection, campaigns),
    }


def _paths_at_or_above(root):
    parts = [p for p in root.path.split(".") if p]
    return [".".join(parts[: i + 1]) + "." for i in range(len(parts))]


def _targets(root, campaigns):
    """The targets set by the root or a unit under it in the period's campaigns, with what was done."""
    from campaigns.models import Target

    out = []
    for campaign in campaigns:
        targets = (
            Target.objects.filter(campaign=campaign, set_by__path__startswith=root.path)
            .select_related("set_by", "block", "title", "campaign__launched_by")
            .order_by("set_by__path", "block__order", "pk")
        )
        for target in target_progress(campaign, targets):
            out.append(
                {
                    "campaign": campaign.pk,
                    "set_by": target.set_by_id,
                    "set_by_name": target.set_by.name,
                    "block": target.block.name if target.block_id else "",
                    "metric": target.metric,
                    "title": target.title.name if target.title_id else "",
                    "value": target.value,
                    "done": target.done,
                    "base": target.base,
                    "percent": target.percent,
                    "reached": target.reached,
                }
            )
    return out


def _pledges(root, selection, campaigns):
    """Each pledge of the period's campaigns in the root's clusters: its signatories and how many kept it,
    i.e. took part in full (registered, and self-assessed in the period)."""
    pledges = Pledge.objects.filter(campaign__in=campaigns, cluster__organiser__path__startswith=root.path)
    signed = Pledge.signatories.through.objects.filter(pledge__in=pledges)
    registered = Registration.objects.filter(state__in=REGISTERED_STATES)
    assessed = SelfAssessment.objects.filter(selection.assessments_q(), state__in=ASSESSED_STATES)
    rows = (
        signed.annotate(
            registered=Exists(registered.filter(unit=OuterRef("orgunit_id"), campaign=OuterRef("pledge__campaign_id"))),
            assessed=Exists(
                assessed.filter(unit=OuterRef("orgunit_id"), phase__campaign=OuterRef("pledge__campaign_id"))
            ),
        )
        .values("pledge_id", "pledge__cluster__name", "pledge__campaign_id", "registered", "assessed")
        .order_by("pledge__cluster__name", "pledge_id")
    )
    out = {}
    for row in rows:
        entry = out.setdefault(
            row["pledge_id"],
            {
                "cluster": row["pledge__cluster__name"],
                "campaign": row["pledge__campaign_id"],
                "signatories": 0,
                "kept": 0,
            },
        )
        entry["signatories"] += 1
        entry["kept"] += int(row["registered"] and row["assessed"])
    return list(out.values())
