"""Criteria sets as data: what councils score on, per level and year. Sheets keep a snapshot of the
set they were scored on, so an edit here changes no past score; every edit is recorded."""

from django.db import transaction
from django.utils.translation import gettext as _

from initiatives.enums import Grade
from initiatives.models import CriteriaSet, Criterion, GradeRule
from unionsite.errors import DomainError
from unionsite.history import record_change
from unionsite.models import ChangeRecord
from unionsite.shortcuts import require


def criteria_problems(criteria_set, criteria, grades):
    """{field: [message]} for a set and its rows: criteria [(code, name, max)], grades
    [(grade, min_total, criterion code, min on it)]."""
    problems = {}

    def add(field, message):
        problems.setdefault(field, []).append(message)

    if not criteria:
        add("criteria", _("Name at least one criterion."))
    codes = [code for code, _name, _max in criteria]
    if len(set(codes)) != len(codes):
        add("criteria", _("Two criteria have the same code."))
    total = sum(points for _code, _name, points in criteria)
    if criteria and total < criteria_set.pass_total:
        add("pass_total", _("The criteria's maximum points add up to less than the pass mark."))
    if any(criteria_set.min_each > points for _code, _name, points in criteria):
        add("min_each", _("A criterion's maximum is below the minimum required on each criterion."))
    seen = set()
    for grade, min_total, code, _minimum in grades:
        if grade in seen:
            add("grades", _("Grade %(grade)s is given twice.") % {"grade": grade})
        seen.add(grade)
        if code and code not in codes:
            add(
                "grades",
                _("Grade %(grade)s names a criterion the set does not have: %(code)s.")
                % {"grade": grade, "code": code},
            )
        if min_total > total:
            add("grades", _("Grade %(grade)s asks for more points than the criteria give.") % {"grade": grade})
        if min_total < criteria_set.pass_total:
            add("grades", _("Grade %(grade)s starts below the pass mark.") % {"grade": grade})
    clash = CriteriaSet.objects.filter(level=criteria_set.level, year=criteria_set.year).exclude(pk=criteria_set.pk)
    if clash.exists():
        add("year", _("A criteria set for this level and year exists already: edit it."))
    return problems


def save_criteria_set(criteria_set, criteria, grades, *, by, reason=""):
    """Create or edit a set with its rows, all or nothing; the before and after are recorded."""
    require(by, "initiatives.manage_criteria")
    problems = criteria_problems(criteria_set, criteria, grades)
    if problems:
        raise DomainError(problems)
    creating = criteria_set.pk is None
    reason = (reason or "").strip()
    if not creating and not reason:
        raise DomainError({"reason": [_("Say why the criteria change.")]})
    with transaction.atomic():
        before = None if creating else CriteriaSet.objects.get(pk=criteria_set.pk).snapshot()
        criteria_set.save()
        criteria_set.criteria.all().delete()  # the set's rows are its content: the snapshot keeps the old
        criteria_set.grades.all().delete()
        for order, (code, name, points) in enumerate(criteria):
            Criterion.objects.create(criteria_set=criteria_set, code=code, name=name, max_points=points, order=order)
        for grade, min_total, code, minimum in grades:
            GradeRule.objects.create(
                criteria_set=criteria_set,
                grade=Grade(grade),
                min_total=min_total,
                criterion_code=code,
                min_criterion=minimum,
            )
        after = criteria_set.snapshot()
        if creating:
            record_change(
                criteria_set, by=by, action=ChangeRecord.Action.CREATE, changes={"criteria": [None, _plain(after)]}
            )
        else:
            record_change(
                criteria_set,
                by=by,
                action=ChangeRecord.Action.UPDATE,
                changes={"criteria": [_plain(before), _plain(after)]},
                note=reason,
            )
    return criteria_set


def _plain(snapshot):
    """A set as one line a person reads in the history."""
    parts = [f"{c['name']} {c['max']}" for c in snapshot["criteria"]]
    grades = [f"{g['grade']} ≥ {g['min_total']}" for g in snapshot["grades"]]
    return "; ".join(parts) + f" | ≥ {snapshot['pass_total']}, ≥ {snapshot['min_each']} | " + ", ".join(grades)
