"""Eligibility rules: each rule row (kind + parameters) is checked against a nomination.

Recognised initiatives live in another app. That app registers a provider at start-up:

    from awards.eligibility import register_initiative_provider
    register_initiative_provider(fn, value_check=check)
    # fn(member, year, min_level) -> list of str (initiative names)
    # check(member, year, title_code) -> (passed, value in đồng, threshold row) or None

Until one is registered, the initiative rules fail with a plain reason instead of guessing.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from awards.enums import Exclusion, Level, RuleKind
from awards.models import Award, AwardTitle, EligibilityRule
from unions.enums import Gender

_initiative_provider = None
_value_check = None


def register_initiative_provider(fn, value_check=None):
    """Called by the initiatives app (AppConfig.ready) with fn(member, year, min_level) -> [names]
    and value_check(member, year, title_code) -> (passed, value, threshold) or None."""
    global _initiative_provider, _value_check
    _initiative_provider = fn
    _value_check = value_check


def unregister_initiative_provider():
    global _initiative_provider, _value_check
    _initiative_provider = None
    _value_check = None


def initiative_provider():
    """What is registered now (tests put it back after replacing it)."""
    return _initiative_provider, _value_check


def recognised_initiatives(member, year):
    """The member's initiatives recognised in `year` (any level), or None when no provider is registered."""
    if _initiative_provider is None or member is None:
        return None
    return list(_initiative_provider(member, year, Level.GRASSROOTS))


@dataclass(frozen=True)
class RuleResult:
    rule: EligibilityRule
    passed: bool
    reason: str

    @property
    def label(self):
        return self.rule.get_kind_display()


def rules_for(title, level):
    return [r for r in title.rules.all() if r.level in ("", level)]


def months_between(start, end):
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months


def _level_name(level):
    return str(Level(level).label)


def _check_prior_title(rule, nomination):
    level = rule.params.get("level") or Level.UPPER
    code = rule.params.get("title")
    found = Award.objects.filter(year=nomination.year, level=level, revoked_at__isnull=True)
    found = found.filter(title__code=code) if code else found.filter(title_id=nomination.title_id)
    if nomination.member_id:
        found = found.filter(member_id=nomination.member_id)
    else:
        found = found.filter(unit_id=nomination.unit_id, collective_name=nomination.collective_name)
    if code:
        title_name = AwardTitle.objects.filter(code=code).values_list("name", flat=True).first() or code
    else:
        title_name = nomination.title.name
    award = found.select_related("decision").first()
    values = {"title": title_name, "level": _level_name(level), "year": nomination.year}
    if award and award.decision_id:
        return True, _("Holds %(title)s (%(level)s) of %(year)s: decision %(number)s.") % {
            **values,
            "number": award.decision.number,
        }
    if award:
        return True, _("Holds %(title)s (%(level)s) of %(year)s, from earlier records.") % values
    return False, _("No %(title)s (%(level)s) of %(year)s is in the records.") % values


def _check_initiative(rule, nomination):
    if not nomination.member_id:
        return False, _("A recognised initiative is required, and it must belong to a member.")
    if _initiative_provider is None:
        return False, _("Recognised initiatives cannot be checked yet: the initiatives register is not available.")
    min_level = rule.params.get("min_level") or Level.GRASSROOTS
    names = list(_initiative_provider(nomination.member, nomination.year, min_level))
    if names:
        return True, _("Recognised initiative: %(names)s.") % {"names": "; ".join(names)}
    return False, _("No initiative of this member recognised in %(year)s (%(level)s or above).") % {
        "year": nomination.year,
        "level": _level_name(min_level),
    }


def _check_initiative_value(rule, nomination):
    if not nomination.member_id:
        return False, _("The value of recognised initiatives is counted for a member.")
    if _value_check is None:
        return False, _("Recognised initiatives cannot be checked yet: the initiatives register is not available.")
    code = rule.params.get("title") or nomination.title.code
    checked = _value_check(nomination.member, nomination.year, code)
    if checked is None:
        return False, _(
            "No value threshold applies to this member (no authored initiative or no threshold for their category)."
        )
    passed, value, threshold = checked
    values = {
        "value": f"{value:,}".replace(",", "."),
        "min": f"{threshold.min_value:,}".replace(",", "."),
        "category": threshold.get_category_display(),
    }
    if passed:
        return True, _("Recognised initiatives worth %(value)s đ (at least %(min)s đ for: %(category)s).") % values
    return False, _(
        "Recognised initiatives worth %(value)s đ; at least %(min)s đ are required for: %(category)s."
    ) % values


def _check_women_only(rule, nomination):
    if not nomination.member_id:
        return False, _("This title is for women members: choose a member.")
    if nomination.member.gender == Gender.FEMALE:
        return True, _("The member is a woman.")
    return False, _("This title is for women members only.")


def _check_direct_production(rule, nomination):
    if not nomination.member_id:
        return False, _("This title is for direct production workers: choose a member.")
    if nomination.member.direct_production:
        return True, _("The member works in direct production.")
    return False, _("The member is not recorded as a direct production worker.")


def _check_min_membership(rule, nomination):
    months = int(rule.params.get("months") or 0)
    if not nomination.member_id:
        return True, _("Not applicable to a collective.")
    joined = nomination.member.joined_on
    if joined is None:
        return False, _("The date the member joined the union is not recorded.")
    held = months_between(joined, timezone.localdate())
    if held >= months:
        return True, _("Member for %(held)s months (at least %(months)s required).") % {"held": held, "months": months}
    return False, _("Member for only %(held)s months; at least %(months)s are required.") % {
        "held": held,
        "months": months,
    }


def _check_declared_exclusions(rule, nomination):
    declared = {
        Exclusion.DISCIPLINED: nomination.not_disciplined,
        Exclusion.ABSENT_40_DAYS: nomination.not_absent_40_days,
    }
    missing = [str(Exclusion(code).label) for code in rule.params.get("exclusions", []) if not declared.get(code)]
    if missing:
        return False, _("The nominator has not declared: %(items)s.") % {"items": "; ".join(missing)}
    return True, _("The nominator has declared the required conditions.")


CHECKS = {
    RuleKind.PRIOR_TITLE: _check_prior_title,
    RuleKind.INITIATIVE: _check_initiative,
    RuleKind.INITIATIVE_VALUE: _check_initiative_value,
    RuleKind.WOMEN_ONLY: _check_women_only,
    RuleKind.DIRECT_PRODUCTION: _check_direct_production,
    RuleKind.MIN_MEMBERSHIP: _check_min_membership,
    RuleKind.DECLARED_EXCLUSIONS: _check_declared_exclusions,
}


def evaluate(nomination):
    """[RuleResult] for every rule of the nomination's title at its level, in order."""
    results = []
    for rule in rules_for(nomination.title, nomination.level):
        passed, reason = CHECKS[rule.kind](rule, nomination)
        results.append(RuleResult(rule, passed, reason))
    return results


def failures(nomination):
    return [r for r in evaluate(nomination) if not r.passed]
