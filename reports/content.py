"""What a report says: the figures of a unit over a period put in the shape of a sơ kết / tổng kết report.

`build(unit, selection, by=...)` reads the figures from the latest tally of the phase, or counts them now
(then the report says it is not final), and returns a `Report`: its heading, the sentences of I. and
II., the staff's own texts of III.–V., and the annex tables. The page, the .docx, the PDF and the
.xlsx are all made from this one object, so they say the same thing in the same words.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from awards.enums import Level
from awards.models import Award
from campaigns.enums import DocumentKind, TargetMetric
from campaigns.models import Phase
from reports.enums import PeriodKind, Section
from reports.figures import LEVELS, Figures, Selection, compute, empty, report_rows
from reports.models import ReportText, TallyFigure, TallyRun
from unions.models import OrgUnit
from unionsite.text import search_order


def number(value):
    """Vietnamese digit grouping: 1065 → "1.065"."""
    return f"{int(value):,}".replace(",", ".")


def money(value):
    return _("%(amount)s đồng") % {"amount": number(value)}


def percent(part, whole):
    return round(100 * part / whole) if whole else 0


def day(value):
    return value.strftime("%d/%m/%Y")


LEVEL_WORDS = {
    Level.GRASSROOTS: lambda: pgettext("report level", "at grassroots level"),
    Level.UPPER: lambda: pgettext("report level", "at district level"),
    Level.CITY: lambda: pgettext("report level", "at city level"),
}


def level_words(level):
    return LEVEL_WORDS[level]()


@dataclass
class Table:
    title: str
    header: list
    rows: list = field(default_factory=list)
    total: list | None = None
    row_header: int = 2  # the column (from 1) naming the row: after "STT" in the annexes, first in statistics


@dataclass
class Report:
    unit: OrgUnit
    selection: Selection
    official: bool
    run: TallyRun | None
    title: str
    subtitle: str
    heading: dict
    bases: list
    situation: list
    results: list  # [(heading, [paragraph, ...])]
    texts: dict  # section code → text
    tables: list  # [Table]
    awardees: list  # [{"name", "unit", "title", "year", "level"}]
    figures: dict  # the unit's own figures (for tests and the page's summary)
    awardees_total: int = 0  # all of them, when `awardees` holds only the first (the page)
    kept: object = None  # the PeriodTally the figures were read from (a large campaign, year or stage)

    @property
    def awardees_title(self):
        return _("Annex %(n)s. Individuals and collectives commended at district and city level") % {
            "n": len(self.tables) + 1
        }

    @property
    def filename_parts(self):
        return [_("report"), self.unit.short_code, self.selection.key.replace(":", "-")]


# --- where the figures come from ---------------------------------------------------------------------


def report_root(unit, selection):
    """The unit a phase or campaign report is about: the unit itself when it lies in the campaign's
    tree, else (a unit above the launching one) the launching unit."""
    if selection.by_campaign and not unit.is_within(selection.campaign.launched_by):
        return selection.campaign.launched_by
    return unit


def _from_run(run, unit):
    """The rows of a stored tally that a report on `unit` reads: the unit, its children, its blocks and
    the clusters organised in its subtree."""
    children, clusters = report_rows(unit)
    rows = TallyFigure.objects.filter(run=run).filter(
        Q(kind="unit", key__in=[str(pk) for pk in [unit.pk, *children]])
        | Q(kind="block", key__startswith=f"{unit.pk}:")
        | Q(kind="cluster", key__in=[str(pk) for pk in clusters])
    )
    figures = Figures(root_id=unit.pk, summary=run.summary)
    tables = {"unit": figures.units, "block": figures.blocks, "cluster": figures.clusters}
    for row in rows:
        key = row.key if row.kind == "block" else int(row.key)
        tables[row.kind][key] = row.figures
        figures.names[f"{row.kind}:{row.key}"] = row.name
    targets = run.summary.get("targets", [])
    # The targets set in the unit's subtree: only their setters are looked up (not the city's 10,000 units).
    within = set(
        OrgUnit.objects.filter(pk__in={t["set_by"] for t in targets}, path__startswith=unit.path).values_list(
            "pk", flat=True
        )
    )
    figures.summary = {**run.summary, "targets": [t for t in targets if t["set_by"] in within]}
    return figures


def latest_run(phase):
    return TallyRun.objects.filter(phase=phase).order_by("-version").first()


def load_figures(unit, selection, *, today=None, live=False):
    """(figures, official, run, kept): a phase's latest tally when there is one; otherwise counted now,
    official only when the period is over and every phase in it was tallied. A campaign, year or stage
    report on a large subtree reads the figures a worker counted and kept (`kept`, reports.domain.periods)
    and raises periods.Preparing while the first count runs, unless `live` (the downloads count on the
    spot rather than fail)."""
    from reports.domain import periods

    today = today or timezone.localdate()
    if selection.kind == PeriodKind.PHASE:
        run = latest_run(selection.phase)
        if run is not None:
            return _from_run(run, unit), True, run, None
        return compute(unit, selection), False, None, None
    kept = periods.latest(unit, selection)
    if kept is not None and periods.is_current(kept):
        return periods.figures_of(kept), kept.official, None, kept
    if periods.is_large(unit):
        pending = periods.request(unit, selection)
        if kept is not None:  # older figures, shown with their time while the new count runs
            return periods.figures_of(kept), kept.official, None, kept
        if not live:
            raise periods.Preparing(pending)
    figures = compute(unit, selection)
    return figures, is_official(unit, selection, figures, today=today), None, None


def is_official(unit, selection, figures, *, today=None):
    """A campaign, year or stage is final when it is over and every phase in it was tallied."""
    today = today or timezone.localdate()
    _start, end = selection.dates
    campaign_ids = [c["id"] for c in figures.summary["campaigns"]]
    untallied = Phase.objects.filter(campaign_id__in=campaign_ids).exclude(tally_runs__isnull=False)
    if not selection.by_campaign:
        untallied = untallied.filter(ends_on__year__lte=selection.year_to)
    return end < today and not untallied.exists()


# --- the words --------------------------------------------------------------------------------------


def period_words(selection):
    if selection.kind == PeriodKind.PHASE:
        return _("%(phase)s of “%(campaign)s”") % {"phase": selection.phase.name, "campaign": selection.campaign.title}
    if selection.kind == PeriodKind.CAMPAIGN:
        return f"“{selection.campaign.title}”"
    if selection.kind == PeriodKind.YEAR:
        return _("the year %(year)s") % {"year": selection.year_from}
    return _("the stage %(start)s–%(end)s") % {"start": selection.year_from, "end": selection.year_to}


def report_title(selection):
    """(title, subtitle) of the report: "BÁO CÁO" and what it sums up."""
    if selection.kind == PeriodKind.PHASE:
        subtitle = _("Review (sơ kết) of %(period)s") % {"period": period_words(selection)}
    elif selection.kind == PeriodKind.CAMPAIGN:
        subtitle = _("Results of the emulation campaign %(period)s") % {"period": period_words(selection)}
    elif selection.kind == PeriodKind.YEAR:
        subtitle = _("Results of the emulation movements in %(period)s") % {"period": period_words(selection)}
    else:
        subtitle = _("Final review (tổng kết) of the emulation movements in %(period)s") % {
            "period": period_words(selection)
        }
    return _("REPORT"), subtitle


def documents_sentence(documents):
    """ "12 kế hoạch, 8 hướng dẫn và 10 công văn" (the kinds with none left out)."""
    words = {
        DocumentKind.PLAN: lambda n: ngettext("%(n)s plan", "%(n)s plans", n),
        DocumentKind.GUIDANCE: lambda n: ngettext("%(n)s guidance note", "%(n)s guidance notes", n),
        DocumentKind.LETTER: lambda n: ngettext("%(n)s official letter", "%(n)s official letters", n),
    }
    parts = [
        words[kind](documents.get(kind, 0)) % {"n": number(documents[kind])}
        for kind in DocumentKind.values
        if documents.get(kind)
    ]
    return get_text_list(parts, _("and"))


def _label(title, level):
    """The title as named at its level: the catalogue's label ("Công nhân giỏi Thủ đô"), else the name
    and the level ("Lao động giỏi cấp cơ sở")."""
    label = title["labels"].get(level) or ""
    return label or f"{title['name']} {level_words(level)}"


def titles_sentence(title, counts):
    """ "1.065 Công nhân giỏi cấp cơ sở, 145 cấp quận, huyện, 9 Công nhân giỏi Thủ đô": the first level
    and the city level by their full names, the levels between by the level alone."""
    parts = []
    for level in LEVELS:
        n = counts.get(level, 0)
        if not n:
            continue
        if not parts or level == Level.CITY:
            parts.append(f"{number(n)} {_label(title, level)}")
        else:
            parts.append(f"{number(n)} {level_words(level)}")
    return ", ".join(parts)


def initiatives_sentence(initiatives):
    """ "21 sáng kiến cấp cơ sở (làm lợi 9.275.000.000 đồng mỗi năm), 6 sáng kiến cấp quận, huyện (…), 7 Sáng
    kiến Thủ đô": each level with the value of the initiatives recognised there (an initiative recognised at
    two levels counts at both, so the values are not added up)."""
    parts = []
    for level in LEVELS:
        entry = initiatives.get(level) or {}
        n, value = entry.get("count", 0), entry.get("value", 0)
        if not n:
            continue
        if level == Level.CITY:
            part = _("%(n)s Capital initiatives (Sáng kiến Thủ đô)") % {"n": number(n)}
        else:
            part = _("%(n)s initiatives %(level)s") % {"n": number(n), "level": level_words(level)}
        if value:
            part += " (" + _("money saved or earned: %(value)s a year") % {"value": money(value)} + ")"
        parts.append(part)
    return ", ".join(parts)


def _by_title(figures, titles):
    """{title id: {level: count}} of the awards, in the catalogue's order."""
    out = {}
    for key, n in figures.get("awards", {}).items():
        title_id, level = key.split(":")
        out.setdefault(title_id, {})[level] = n
    return sorted(out.items(), key=lambda item: (titles.get(item[0], {}).get("order", 0), item[0]))


def _bands_sentence(bands):
    ordered = sorted(bands.items(), key=lambda item: (-item[1], item[0]))
    return ", ".join(f"{number(n)} {name}" for name, n in ordered)


def results(figures, summary, selection):
    """The paragraphs of II., under their headings."""
    own = figures
    titles = summary.get("titles", {})
    sections = []

    documents = own.get("documents", {})
    lines = []
    if documents:
        lines.append(
            _("The union issued %(documents)s to lead and guide the emulation movements.")
            % {"documents": documents_sentence(documents)}
        )
    movements = []
    for campaign in summary.get("campaigns", []):
        for name in campaign["movements"]:
            if name not in movements:
                movements.append(name)
    if movements:
        lines.append(_("Movements carried out: %(movements)s.") % {"movements": ", ".join(f"“{m}”" for m in movements)})
    sections.append(
        (
            _("1. Leadership, documents and movements"),
            lines or [_("No document or movement was recorded for the period.")],
        )
    )

    lines = []
    if selection.by_campaign:
        lines.append(
            _("%(registered)s of %(total)s grassroots unions registered for the campaign (%(rate)s%%).")
            % {
                "registered": number(own["registered"]),
                "total": number(own["grassroots"]),
                "rate": percent(own["registered"], own["grassroots"]),
            }
        )
    else:
        lines.append(
            _("Grassroots unions registered for emulation %(registered)s times over the period.")
            % {"registered": number(own["registered"])}
        )
    if own["assessed"]:
        line = _("%(assessed)s self-assessments were submitted") % {"assessed": number(own["assessed"])}
        if own.get("bands"):
            line += _("; classified: %(bands)s") % {"bands": _bands_sentence(own["bands"])}
        lines.append(line + ".")
    registered_titles = sum(own.get("title_registrations", {}).values())
    if registered_titles:
        lines.append(
            _("%(count)s registrations for titles were made by members and collectives.")
            % {"count": number(registered_titles)}
        )
    sections.append((_("2. Registration and participation"), lines))

    lines = []
    titles_of = {c["id"]: c["title"] for c in summary.get("campaigns", [])}
    for target in summary.get("targets", []):
        line = target_sentence(target)
        if not selection.by_campaign:
            line = f"“{titles_of.get(target['campaign'], '')}”: {line}"
        lines.append(line)
    sections.append((_("3. Targets against results"), lines or [_("No target was set for the period.")]))

    lines = []
    pledges = summary.get("pledges", [])
    if pledges:
        signatories = sum(p["signatories"] for p in pledges)
        kept = sum(p["kept"] for p in pledges)
        lines.append(
            _(
                "%(pledges)s emulation pledges were signed in the clusters, with %(signatories)s signatory units; "
                "%(kept)s of them kept the pledge in full (registered and self-assessed)."
            )
            % {"pledges": number(len(pledges)), "signatories": number(signatories), "kept": number(kept)}
        )
    sections.append((_("4. Emulation pledges"), lines or [_("No emulation pledge was signed for the period.")]))

    lines = []
    for title_id, counts in _by_title(own, titles):
        title = titles.get(title_id)
        if title and title.get("statistics_code") != "KT":
            lines.append(titles_sentence(title, counts) + ".")
    sections.append((_("5. Emulation titles"), lines or [_("No title was awarded in the period.")]))

    line = initiatives_sentence(own.get("initiatives", {}))
    sections.append((_("6. Initiatives"), [line + "."] if line else [_("No initiative was recognised in the period.")]))

    lines = []
    awardees = own.get("awardees", {})
    for level in LEVELS:
        entry = awardees.get(level) or {}
        people, groups = entry.get("individual", 0), entry.get("collective", 0)
        if people or groups:
            lines.append(
                _("Commended %(level)s: %(people)s individuals and %(groups)s collectives.")
                % {"level": level_words(level), "people": number(people), "groups": number(groups)}
            )
    sections.append((_("7. Commendation by issuing level"), lines or [_("No commendation in the period.")]))
    return sections


def target_sentence(target):
    where = target["block"] or _("all blocks")
    values = {
        "where": where,
        "value": number(target["value"]),
        "done": number(target["done"]),
        "percent": target["percent"],
        "title": target["title"],
        "unit": target["set_by_name"],
    }
    if target["metric"] == TargetMetric.REGISTERED_SHARE:
        text = _(
            "%(where)s (%(unit)s): target %(value)s%% of grassroots unions registered; "
            "done %(percent)s%% (%(done)s unions)"
        )
    elif target["metric"] == TargetMetric.ACCEPTED_REGISTRATIONS:
        text = _("%(where)s (%(unit)s): target %(value)s accepted registrations; done %(done)s (%(percent)s%%)")
    else:
        text = _("%(where)s (%(unit)s): target %(value)s registrations for “%(title)s”; done %(done)s (%(percent)s%%)")
    state = _("reached") if target["reached"] else _("not reached")
    return capfirst(f"{text % values} — {state}.")


def situation(unit, figures):
    own = figures
    lines = [
        _("%(unit)s has %(grassroots)s grassroots unions with %(members)s members, of whom %(women)s are women.")
        % {
            "unit": unit.name,
            "grassroots": number(own["grassroots"]),
            "members": number(own["members"]),
            "women": number(own["women"]),
        }
    ]
    return lines


def _level_columns():
    return [str(Level(level).label) for level in LEVELS]


def annex_tables(unit, figures, selection):
    """Annex 1 by block, annex 2 by unit (the unit's children), annex 3 titles by level."""
    header = [
        _("No."),
        "",
        _("Grassroots unions"),
        _("Registered") if selection.by_campaign else _("Registrations"),
        _("Self-assessed"),
        *[_("Awards %(level)s") % {"level": level_words(level)} for level in LEVELS],
        *[_("Initiatives %(level)s") % {"level": level_words(level)} for level in LEVELS],
        _("Value of grassroots-level initiatives (đồng a year)"),
    ]

    def row(no, name, values):
        awards = values.get("awardees", {})
        initiatives = values.get("initiatives", {})
        return [
            no,
            name,
            values["grassroots"],
            values["registered"],
            values["assessed"],
            *[sum((awards.get(level) or {}).values()) for level in LEVELS],
            *[(initiatives.get(level) or {}).get("count", 0) for level in LEVELS],
            (initiatives.get(Level.GRASSROOTS) or {}).get("value", 0),
        ]

    def totals(rows):
        return ["", _("Total"), *[sum(r[i] for r in rows) for i in range(2, len(header))]]

    blocks = sorted(
        ((key, figures.names.get(f"block:{key}", ""), values) for key, values in figures.blocks.items()),
        key=lambda item: item[1],
    )
    block_rows = [row(i, name, values) for i, (_key, name, values) in enumerate(blocks, start=1)]
    by_block = Table(
        _("Annex 1. Results by block"), [header[0], _("Block"), *header[2:]], block_rows, totals(block_rows)
    )

    # The unit's children only: counted live, the figures hold every unit of the subtree (a city's 10,000).
    child_ids, _clusters = report_rows(unit)
    children = sorted(
        ((figures.names.get(f"unit:{pk}", ""), values) for pk, values in figures.units.items() if pk in child_ids),
        key=lambda item: item[0],
    )
    unit_rows = [row(i, name, values) for i, (name, values) in enumerate(children, start=1)]
    by_unit = Table(_("Annex 2. Results by union"), [header[0], _("Union"), *header[2:]], unit_rows, totals(unit_rows))

    titles = figures.summary.get("titles", {})
    title_rows = []
    for i, (title_id, counts) in enumerate(_by_title(figures.units.get(unit.pk, empty()), titles), start=1):
        title = titles.get(title_id, {"name": title_id})
        title_rows.append([i, title["name"], *[counts.get(level, 0) for level in LEVELS], sum(counts.values())])
    by_title = Table(
        _("Annex 3. Titles and commendations by level"),
        [_("No."), _("Title"), *_level_columns(), _("Total")],
        title_rows,
        ["", _("Total"), *[sum(r[i] for r in title_rows) for i in range(2, 2 + len(LEVELS) + 1)]],
    )
    tables = [by_block, by_unit, by_title]
    if selection.kind == PeriodKind.PHASE:
        tables.append(ranking_table(unit, figures))
    return tables


def ranking_table(unit, figures):
    """Annex 4 of a phase report: the unit's grassroots unions by block rank (from the tally)."""
    rows = []
    ranked = [
        (values.get("rank"), figures.names.get(f"unit:{pk}", ""), values)
        for pk, values in figures.units.items()
        if values.get("rank")
    ]
    for i, (rank, name, values) in enumerate(sorted(ranked, key=lambda r: (r[0], r[1])), start=1):
        total = values["total"].replace(".", ",")  # 95,50: the decimal comma
        rows.append([i, name, total, values.get("band", ""), f"{rank}/{values['ranked']}"])
    return Table(
        _("Annex 4. Self-assessment results and ranks in the block"),
        [_("No."), _("Union"), _("Total"), _("Band"), _("Rank in the block")],
        rows,
    )


def awardee_list(unit, selection, limit=None):
    """The people and collectives commended at district and city level in the period (the exemplary
    ones the report names), by level then title and name: all of them, or the first `limit` (the page
    shows 200 and how many there are: a city's phase has thousands; the downloads list them all)."""
    awards = (
        Award.objects.filter(
            selection.awards_q(),
            revoked_at__isnull=True,
            unit__path__startswith=unit.path,
            level__in=[Level.UPPER, Level.CITY],
        )
        .select_related("title", "unit")
        # The members of the page's rows only (one query by id), not a join of every award of the period.
        .prefetch_related("title__levels", "member")
        # Integers and the folded name as bytes (ASCII: the order people read), never the locale's rules:
        # a stage's 20,000 awards sort in a fraction of the time.
        .order_by(
            Case(When(level=Level.UPPER, then=Value(0)), default=Value(1)),  # as "-level" did; integers
            "title__order",
            "year",
            search_order("name_search"),
            "pk",
        )
    )
    if limit is not None:
        awards = awards[:limit]
    return [
        {
            "name": award.awardee_name,
            "unit": award.unit.name,
            "title": award.display_title,
            "year": award.year,
            "level": award.level,
            "collective": not award.member_id,
        }
        for award in awards
    ]


def texts_for(unit, selection):
    rows = ReportText.objects.filter(unit=unit, period=selection.key)
    return {row.section: row.text for row in rows}


def bases(unit, summary):
    """ "Căn cứ Kế hoạch số 05/KH-LĐLĐ ngày 09/01/2023 của LĐLĐ quận Hà Đông phát động “…”;" lines."""
    lines = []
    for campaign in summary.get("campaigns", []):
        if not campaign["document_number"]:
            continue
        values = {"number": campaign["document_number"], "unit": campaign["launched_by"], "title": campaign["title"]}
        if campaign["document_date"]:
            values["date"] = day(datetime.date.fromisoformat(campaign["document_date"]))
            lines.append(
                _("Pursuant to document No. %(number)s of %(date)s of %(unit)s launching “%(title)s”;") % values
            )
        else:
            lines.append(_("Pursuant to document No. %(number)s of %(unit)s launching “%(title)s”;") % values)
    return lines


def awardee_count(unit, selection):
    return Award.objects.filter(
        selection.awards_q(),
        revoked_at__isnull=True,
        unit__path__startswith=unit.path,
        level__in=[Level.UPPER, Level.CITY],
    ).count()


def build(unit, selection, *, today=None, awardees_limit=None, live=False):
    """The whole report of `unit` over `selection` (see the module's docstring); with `awardees_limit`,
    only the first awardees and their number (the page). Raises periods.Preparing while a worker counts
    a large report's figures, unless `live`."""
    today = today or timezone.localdate()
    root = report_root(unit, selection)
    figures, official, run, kept = load_figures(root, selection, today=today, live=live)
    own = figures.units.get(root.pk, empty())
    awardees = awardee_list(root, selection, limit=awardees_limit)
    title, subtitle = report_title(selection)
    superior = root.parent.name if root.parent_id else ""
    heading = {
        "superior": superior,
        "issuer": root.name,
        "number": texts_for(root, selection).get(Section.NUMBER, ""),
        "date": today,
        "kind_code": "BC",
    }
    return Report(
        unit=root,
        selection=selection,
        official=official,
        run=run,
        title=title,
        subtitle=subtitle,
        heading=heading,
        bases=bases(root, figures.summary),
        situation=situation(root, own),
        results=results(own, figures.summary, selection),
        texts=texts_for(root, selection),
        tables=annex_tables(root, figures, selection),
        awardees=awardees,
        figures=own,
        awardees_total=len(awardees) if awardees_limit is None else awardee_count(root, selection),
        kept=kept,
    )
