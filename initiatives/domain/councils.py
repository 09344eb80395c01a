"""Councils, the criteria they score on, conflicts of interest, score sheets and the council's result."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.enums import LEVEL_UNIT_KIND, UNIT_KIND_LEVEL, CouncilRole, ExclusionReason, InitiativeState, Level
from initiatives.models import (
    Council,
    CouncilMember,
    CriteriaSet,
    Criterion,
    Exclusion,
    GradeRule,
    Review,
    ScoreSheet,
)
from unions.models import OrgUnit, RoleAssignment
from unionsite.errors import DomainError
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require

TWO_PLACES = Decimal("0.01")

# The published scale every level starts from (editable afterwards, as data).
DEFAULT_CRITERIA = [
    ("novelty", "Tính mới", 40),
    ("applicability", "Khả năng áp dụng", 30),
    ("effectiveness", "Hiệu quả", 30),
]
DEFAULT_GRADES = [("A", 85, "novelty", 30), ("B", 70, "novelty", 20), ("C", 50, "novelty", 10)]


# --- criteria ---------------------------------------------------------------------------------------


def create_default_criteria(level, year=None, *, name=None, source=""):
    """A criteria set on the published scale: novelty 40, applicability 30, effectiveness 30;
    recognised from 50 with at least 10 on each; grades A/B/C."""
    criteria_set = CriteriaSet.objects.create(
        level=level,
        year=year,
        name=name or _("Criteria for initiatives (%(level)s)") % {"level": Level(level).label},
        pass_total=50,
        min_each=10,
        drop_extremes_from=5,
        source=source,
    )
    for order, (code, label, points) in enumerate(DEFAULT_CRITERIA):
        Criterion.objects.create(criteria_set=criteria_set, code=code, name=label, max_points=points, order=order)
    for grade, total, code, minimum in DEFAULT_GRADES:
        GradeRule.objects.create(
            criteria_set=criteria_set, grade=grade, min_total=total, criterion_code=code, min_criterion=minimum
        )
    return criteria_set


def criteria_for(level, year):
    """The set a council scores on at `level` in `year`: the year's own, else the level's default."""
    sets = CriteriaSet.objects.filter(level=level).prefetch_related("criteria", "grades")
    found = sets.filter(year=year).first() or sets.filter(year__isnull=True).first()
    if found is None:
        raise DomainError(
            _("No criteria are set for initiatives at the %(level)s level.") % {"level": Level(level).label}
        )
    return found


def check_criteria_set(criteria_set):
    """A set is usable when it has criteria whose maxima add up to at least its pass mark."""
    criteria = list(criteria_set.criteria.all())
    if not criteria:
        raise DomainError(_("The criteria set has no criteria."))
    if sum(c.max_points for c in criteria) < criteria_set.pass_total:
        raise DomainError(_("The criteria's maximum points add up to less than the pass mark."))
    codes = {c.code for c in criteria}
    for grade in criteria_set.grades.all():
        if grade.criterion_code and grade.criterion_code not in codes:
            raise DomainError(
                _("Grade %(grade)s names a criterion the set does not have: %(code)s.")
                % {"grade": grade.grade, "code": grade.criterion_code}
            )


# --- councils --------------------------------------------------------------------------------------


def deciding_unit(initiative, level):
    """The unit whose council assesses `initiative` at `level`: its own union, its district, the city."""
    if level == Level.GRASSROOTS:
        return initiative.unit
    return (
        OrgUnit.objects.filter(pk__in=initiative.unit.ancestor_ids(), kind=LEVEL_UNIT_KIND[Level(level)])
        .order_by("-depth")
        .first()
    )


def council_for(unit, level, on=None):
    """The council of `unit` at `level` sitting on date `on` (default today), or None."""
    on = on or timezone.localdate()
    if unit is None:
        return None
    return (
        Council.objects.filter(unit=unit, level=level, valid_from__lte=on, valid_to__gte=on)
        .order_by("-valid_from", "-pk")
        .first()
    )


def council_level(unit):
    return UNIT_KIND_LEVEL[unit.kind]


def save_council(council, *, by):
    """Create or edit a council (its unit decides at the council's level)."""
    council.level = council_level(council.unit)
    require(by, "initiatives.manage_council", council)
    if council.valid_to < council.valid_from:
        raise DomainError({"valid_to": [_("The period ends before it begins.")]})
    if council.min_size < 3:
        raise DomainError({"min_size": [_("A council has at least 3 members.")]})
    overlapping = Council.objects.filter(
        unit=council.unit, level=council.level, valid_from__lte=council.valid_to, valid_to__gte=council.valid_from
    ).exclude(pk=council.pk)
    if overlapping.exists():
        raise DomainError({"valid_from": [_("Another council of this unit sits in part of this period.")]})
    creating = council.pk is None
    with transaction.atomic():
        if creating:
            council.created_by = by
        council.save()
        record_change(council, by=by, action=ChangeRecord.Action.CREATE if creating else ChangeRecord.Action.UPDATE)
    return council


def active_members(council):
    return council.members.filter(left_at__isnull=True)


def add_council_member(council, *, user, full_name, role, position="", person=None, by):
    require(by, "initiatives.manage_council", council)
    full_name = (full_name or "").strip() or user.get_full_name() or user.get_username()
    if active_members(council).filter(user=user).exists():
        raise DomainError({"user": [_("This account already sits on the council.")]})
    if role == CouncilRole.CHAIR and active_members(council).filter(role=CouncilRole.CHAIR).exists():
        raise DomainError({"role": [_("The council already has a chair.")]})
    with transaction.atomic():
        seat, created = CouncilMember.objects.get_or_create(
            council=council,
            user=user,
            defaults={"full_name": full_name, "role": role, "position": position, "person": person},
        )
        if not created:  # back after leaving
            seat.full_name, seat.role, seat.position, seat.person, seat.left_at = (
                full_name,
                role,
                position,
                person,
                None,
            )
            seat.save()
        record_change(
            council,
            by=by,
            action=ChangeRecord.Action.OTHER,
            changes={"council_member": [None, f"{full_name} ({role})"]},
        )
        for review in Review.objects.filter(council=council, initiative__state=InitiativeState.UNDER_REVIEW):
            _exclude_conflicts(review, [seat])
    return seat


def remove_council_member(seat, *, by, reason):
    """A member leaves the council: kept, with the date and reason; their submitted sheets stay."""
    require(by, "initiatives.manage_council", seat.council)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason."))
    with transaction.atomic():
        seat.left_at = timezone.now()
        seat.save(update_fields=["left_at"])
        record_change(
            seat.council,
            by=by,
            action=ChangeRecord.Action.OTHER,
            changes={"council_member": [seat.full_name, None], "council_role": [seat.role, None]},
            note=reason,
        )


# --- conflicts of interest ---------------------------------------------------------------------------


def conflicts(review, seats):
    """{seat: (reason, detail)} for the seats that may not score this review's initiative: an author,
    or (above the grassroots level, where the council is not the author's own union's) someone holding
    a role on an author's grassroots union."""
    authors = list(review.initiative.authors.select_related("member__unit"))
    author_members = {a.member_id: a.member for a in authors}
    author_units = {a.member.unit_id: a.member.unit for a in authors}
    found = {}
    seats = list(seats)
    role_rows = {}
    if review.level != Level.GRASSROOTS and author_units:
        for user_id, unit_id in RoleAssignment.objects.filter(
            user_id__in=[s.user_id for s in seats], unit_id__in=list(author_units)
        ).values_list("user_id", "unit_id"):
            role_rows.setdefault(user_id, unit_id)
    for seat in seats:
        if seat.person_id and seat.person_id in author_members:
            found[seat] = (ExclusionReason.AUTHOR, author_members[seat.person_id].full_name)
        elif seat.user_id in role_rows:
            found[seat] = (ExclusionReason.ROLE_ON_AUTHOR_UNION, author_units[role_rows[seat.user_id]].name)
    return found


def _exclude_conflicts(review, seats):
    made = []
    for seat, (reason, detail) in conflicts(review, seats).items():
        exclusion, created = Exclusion.objects.get_or_create(
            review=review, council_member=seat, defaults={"reason": reason, "detail": detail[:300]}
        )
        if created:
            made.append(exclusion)
            record_change(
                review.initiative,
                by=None,
                action=ChangeRecord.Action.OTHER,
                changes={"excluded": [None, f"{seat.full_name}: {detail}"], "exclusion_reason": [None, reason]},
            )
    return made


def refresh_exclusions(initiative):
    """After authors change: members who now conflict are excluded from the open reviews from then on."""
    for review in Review.objects.filter(initiative=initiative).select_related("council", "initiative"):
        _exclude_conflicts(review, active_members(review.council))


def start_review(initiative, *, by):
    """The council of the deciding unit takes the initiative up at its level: the criteria are
    snapshotted and the members in conflict excluded. Refused without a sitting council of the
    minimum size, or with too few members left to score once conflicts are excluded."""
    unit = deciding_unit(initiative, initiative.level)
    council = council_for(unit, initiative.level)
    if council is None:
        raise DomainError(
            _("%(unit)s has no initiative council sitting today at the %(level)s level: set one up first.")
            % {"unit": unit.name if unit else "—", "level": Level(initiative.level).label}
        )
    seats = list(active_members(council))
    if len(seats) < council.min_size:
        raise DomainError(
            _("The council has %(count)s members; it needs at least %(min)s.")
            % {"count": len(seats), "min": council.min_size}
        )
    review = Review.objects.filter(initiative=initiative, level=initiative.level).first()
    if review is None:
        criteria = criteria_for(initiative.level, initiative.year)
        check_criteria_set(criteria)
        review = Review.objects.create(
            initiative=initiative, level=initiative.level, council=council, criteria=criteria.snapshot()
        )
    _exclude_conflicts(review, seats)
    excluded = set(review.exclusions.values_list("council_member_id", flat=True))
    if len([s for s in seats if s.pk not in excluded]) < council.min_size:
        raise DomainError(
            _("Once the members in conflict are excluded, fewer than %(min)s members of the council can score.")
            % {"min": council.min_size}
        )
    return review


# --- score sheets -------------------------------------------------------------------------------------


def seat_of(review, user):
    return review.council.members.filter(user=user, left_at__isnull=True).first()


def save_sheet(review, user, scores, *, comment="", submit=False):
    """A council member saves (or submits) their sheet. Refused to a member in conflict, outside the
    review, on a criterion's range, and — on submission — while a criterion is unscored (named).
    A submitted sheet is final."""
    seat = seat_of(review, user)
    if seat is None:
        raise DomainError(_("You do not sit on the council reviewing this initiative."))
    exclusion = review.exclusions.filter(council_member=seat).first()
    if exclusion is not None:
        raise DomainError(
            _("You may not score this initiative: %(reason)s (%(detail)s).")
            % {"reason": exclusion.get_reason_display().lower(), "detail": exclusion.detail}
        )
    if review.initiative.state != InitiativeState.UNDER_REVIEW or review.initiative.level != review.level:
        raise DomainError(_("The council is not scoring this initiative now."))
    criteria = review.criteria["criteria"]
    clean, problems = {}, {}
    for criterion in criteria:
        raw = scores.get(criterion["code"])
        if raw in (None, ""):
            continue
        try:
            value = int(str(raw).strip())
        except ValueError:
            problems[f"score_{criterion['code']}"] = [_("Enter a whole number.")]
            continue
        if not 0 <= value <= criterion["max"]:
            problems[f"score_{criterion['code']}"] = [_("Between 0 and %(max)s points.") % {"max": criterion["max"]}]
            continue
        clean[criterion["code"]] = value
    if problems:
        raise DomainError(problems)
    if submit:
        missing = [c["name"] for c in criteria if c["code"] not in clean]
        if missing:
            raise DomainError(_("Not yet scored: %(criteria)s.") % {"criteria": ", ".join(missing)})
    with transaction.atomic():
        sheet, _created = ScoreSheet.objects.select_for_update().get_or_create(
            review=review, council_member=seat, defaults={"criteria": review.criteria}
        )
        if sheet.submitted_at:
            raise DomainError(_("Your sheet has been submitted and can no longer change."))
        before = dict(sheet.scores)
        sheet.scores = clean
        sheet.comment = (comment or "").strip()
        sheet.total = sum(clean.values()) if clean else None
        if submit:
            sheet.submitted_at = timezone.now()
        sheet.save()
        changes = {
            f"score@{code}": [before.get(code), value] for code, value in clean.items() if before.get(code) != value
        }
        if submit:
            changes["submitted"] = [None, sheet.total]
        if changes:
            record_change(sheet, by=user, action=ChangeRecord.Action.UPDATE, changes=changes)
    return sheet


@dataclass
class Result:
    """The council's result: the mean of the counted sheets, per criterion and in total."""

    criteria: list
    counted: list = field(default_factory=list)
    dropped: list = field(default_factory=list)
    means: dict = field(default_factory=dict)
    total: Decimal | None = None
    passed: bool = False
    grade: str = ""
    unscored: list = field(default_factory=list)
    reasons: list = field(default_factory=list)

    @property
    def rows(self):
        """[(criterion, mean or None)] in the set's order, for the page."""
        return [(c, self.means.get(c["code"])) for c in self.criteria]

    @property
    def max_total(self):
        return sum(c["max"] for c in self.criteria)


def _mean(values):
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def result(review):
    """Mean of the submitted sheets of members not excluded (dropping the highest and the lowest
    total when the set says so and there are enough sheets); passes when the mean total reaches the
    pass mark and every criterion its minimum; the first grade whose conditions hold."""
    rules = review.criteria
    excluded = set(review.exclusions.values_list("council_member_id", flat=True))
    sheets = [
        s
        for s in review.sheets.filter(submitted_at__isnull=False)
        .select_related("council_member")
        .order_by("total", "pk")
        if s.council_member_id not in excluded
    ]
    outcome = Result(criteria=rules["criteria"])
    drop_from = rules.get("drop_extremes_from") or 0
    if drop_from and len(sheets) >= drop_from:
        outcome.dropped = [sheets[0], sheets[-1]]
        sheets = sheets[1:-1]
    outcome.counted = sheets
    if not sheets:
        outcome.unscored = [c["name"] for c in rules["criteria"]]
        outcome.reasons.append(_("No submitted score sheet yet."))
        return outcome
    for criterion in rules["criteria"]:
        values = [s.scores[criterion["code"]] for s in sheets if criterion["code"] in s.scores]
        if values:
            outcome.means[criterion["code"]] = _mean(values)
        else:
            outcome.unscored.append(criterion["name"])
    outcome.total = sum(outcome.means.values(), Decimal(0)).quantize(TWO_PLACES)
    below = [c["name"] for c in rules["criteria"] if outcome.means.get(c["code"], Decimal(0)) < rules["min_each"]]
    if outcome.total < rules["pass_total"]:
        outcome.reasons.append(
            _("Mean total %(total)s is below %(pass)s.")
            % {"total": f"{outcome.total:f}".replace(".", ","), "pass": rules["pass_total"]}
        )
    if below:
        outcome.reasons.append(
            _("Below %(min)s points on: %(criteria)s.") % {"min": rules["min_each"], "criteria": ", ".join(below)}
        )
    if outcome.unscored:
        outcome.reasons.append(_("Not scored: %(criteria)s.") % {"criteria": ", ".join(outcome.unscored)})
    outcome.passed = not outcome.reasons
    if outcome.passed:
        for grade in sorted(rules["grades"], key=lambda g: -g["min_total"]):
            key_ok = (
                not grade["criterion"] or outcome.means.get(grade["criterion"], Decimal(0)) >= grade["min_criterion"]
            )
            if outcome.total >= grade["min_total"] and key_ok:
                outcome.grade = grade["grade"]
                break
    return outcome


def progress(review):
    """[(seat, sheet or None, exclusion or None)] for every member of the council: the chair's view."""
    sheets = {s.council_member_id: s for s in review.sheets.all()}
    exclusions = {e.council_member_id: e for e in review.exclusions.all()}
    return [(seat, sheets.get(seat.pk), exclusions.get(seat.pk)) for seat in active_members(review.council)]


def may_see_scores(review, user):
    """Council members see the others' scores once they have submitted their own; the chair sees
    progress and the running mean; those who decide at the level see the result."""
    seat = seat_of(review, user)
    if seat is not None:
        if seat.role == CouncilRole.CHAIR:
            return True
        return review.sheets.filter(council_member=seat, submitted_at__isnull=False).exists()
    return user.has_perm("initiatives.review_initiative", review.initiative) or user.has_perm(
        "initiatives.manage_council", review.council
    )
