"""Grassroots-level titles: a grassroots union decides them itself, without the review workflow.

One decision of the union over the members (and collectives) it awards, checked against the
title's rules at the grassroots level; all or nothing, with history on the decision and each award."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from awards.domain.records import new_decision
from awards.eligibility import evaluate
from awards.enums import CommendationMethod, Level
from awards.models import Award, AwardTitle, Nomination
from unions.enums import UnitKind
from unionsite.errors import DomainError, duplicates_refused
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require


def grassroots_titles():
    """Active titles that exist at grassroots level and are decided there by the grassroots union."""
    return AwardTitle.objects.filter(
        active=True, levels__level=Level.GRASSROOTS, levels__decided_by=UnitKind.GRASSROOTS
    ).distinct()


@dataclass(frozen=True)
class AwardeeProblem:
    name: str
    reasons: list

    def __str__(self):
        return f"{self.name}: {' '.join(self.reasons)}"


def _candidate(unit, title, year, *, member=None, collective_name="", declarations=None):
    declarations = declarations or {}
    return Nomination(
        unit=unit,
        title=title,
        level=Level.GRASSROOTS,
        year=year,
        member=member,
        collective_name=collective_name,
        not_disciplined=bool(declarations.get("not_disciplined")),
        not_absent_40_days=bool(declarations.get("not_absent_40_days")),
    )


def awardee_problems(*, unit, title, year, members=(), collective_names=(), declarations=None):
    """[AwardeeProblem] for every member or collective that may not receive the title: its rules
    at grassroots level that fail (with their reasons), or the same title already held that year."""
    held = Award.objects.filter(title=title, level=Level.GRASSROOTS, year=year, unit=unit, revoked_at__isnull=True)
    held_members = set(held.filter(member__in=members).values_list("member_id", flat=True)) if members else set()
    held_collectives = set(held.filter(member__isnull=True).values_list("collective_name", flat=True))
    problems = []
    candidates = [(m.full_name, _candidate(unit, title, year, member=m, declarations=declarations)) for m in members]
    candidates += [
        (name, _candidate(unit, title, year, collective_name=name, declarations=declarations))
        for name in collective_names
    ]
    for name, candidate in candidates:
        reasons = [f"{r.label}: {r.reason}" for r in evaluate(candidate) if not r.passed]
        if (candidate.member_id in held_members) or (not candidate.member_id and name in held_collectives):
            reasons.append(_("Already holds this title at grassroots level in %(year)s.") % {"year": year})
        if candidate.member_id and candidate.member.unit_id != unit.pk:
            reasons.append(_("Is not a member of %(unit)s.") % {"unit": unit.name})
        if reasons:
            problems.append(AwardeeProblem(name, reasons))
    return problems


def record_grassroots_decision(
    *,
    unit,
    title,
    year,
    number,
    date,
    signer,
    signer_title="",
    members=(),
    collective_names=(),
    declarations=None,
    method=CommendationMethod.REGULAR,
    by,
):
    """Decision(level=grassroots, unit=the union) and one Award per awardee, all or nothing.
    `method` is the kind of commendation (loại hình khen thưởng), kept on the decision and its awards.
    `by` must be the union's officer or staff above it (PermissionDenied)."""
    require(by, "awards.record_grassroots_decision", unit)
    if unit.kind != UnitKind.GRASSROOTS:
        raise DomainError(_("Only a grassroots union records grassroots-level titles."))
    members, collective_names = list(members), [n.strip() for n in collective_names if n.strip()]
    if not members and not collective_names:
        raise DomainError(_("Choose at least one member or name a collective."))
    if not grassroots_titles().filter(pk=title.pk).exists():
        raise DomainError(_("%(title)s is not decided at grassroots level.") % {"title": title.name})
    number = (number or "").strip()
    with duplicates_refused():
        # Lock the union's row: two officers recording at once are applied one after the other.
        type(unit).objects.select_for_update().get(pk=unit.pk)
        problems = awardee_problems(
            unit=unit,
            title=title,
            year=year,
            members=members,
            collective_names=collective_names,
            declarations=declarations,
        )
        if problems:
            raise DomainError(" ".join(str(p) for p in problems))
        decision = new_decision(
            unit=unit,
            level=Level.GRASSROOTS,
            number=number,
            date=date,
            signer=signer,
            signer_title=signer_title,
            method=method,
            by=by,
        )
        awardees = [{"member": m} for m in members] + [{"collective_name": n} for n in collective_names]
        for awardee in awardees:
            award = Award.objects.create(
                title=title,
                level=Level.GRASSROOTS,
                year=year,
                unit=unit,
                decision=decision,
                method=method,
                **awardee,
            )
            record_change(award, by=by, action=ChangeRecord.Action.CREATE, note=number)
    return decision
