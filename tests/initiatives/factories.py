"""Initiatives made through the domain functions, as the pages make them."""

import datetime
from decimal import Decimal

from initiatives import domain
from initiatives.enums import AuthorCategory, CouncilRole, InitiativeState
from initiatives.models import Council, Initiative, InitiativeField
from initiatives.seed import seed_current
from tests.factories import MemberFactory, UserFactory


def field(code="ky-thuat"):
    seed_current()
    return InitiativeField.objects.get(code=code)


def make_initiative(
    unit, by, *, authors=None, title="Máy cắt thép tự động", value=250_000_000, year=None, submit=False, **fields
):
    """A dossier of `unit` by `by`; authors [(member, share)] (default: one new member of the unit, 100 %)."""
    authors = authors or [(MemberFactory(unit=unit), 100)]
    initiative = Initiative(
        unit=unit,
        year=year or datetime.date.today().year,
        title=title,
        field=field(fields.pop("field_code", "ky-thuat")),
        problem=fields.pop("problem", "Cắt thép bằng tay mất nhiều thời gian, sai số lớn."),
        solution=fields.pop("solution", "Lắp bộ điều khiển PLC và cảm biến để máy cắt theo chiều dài đặt trước."),
        novelty=fields.pop("novelty", "Trước đây cắt thủ công; nay tự động, sai số dưới 1 mm."),
        value_per_year=value,
        **fields,
    )
    domain.save_initiative(
        initiative,
        [(member, Decimal(str(share)), AuthorCategory.DIRECT_WORKER) for member, share in authors],
        by=by,
    )
    if submit:
        domain.WORKFLOW.transition(initiative, InitiativeState.SUBMITTED, by=by)
    return initiative


def make_council(unit, by, *, size=3, level=None, users=None, persons=None):
    """A council of `unit` sitting this year; members are new accounts unless `users` are given
    (the first is the chair). `persons` maps a user to their member record."""
    today = datetime.date.today()
    council = domain.save_council(
        Council(
            unit=unit,
            name=f"Hội đồng sáng kiến {unit.name}",
            valid_from=today.replace(month=1, day=1),
            valid_to=today.replace(month=12, day=31),
        ),
        by=by,
    )
    users = list(users or [])
    while len(users) < size:
        users.append(UserFactory())
    persons = persons or {}
    for index, user in enumerate(users):
        role = CouncilRole.CHAIR if index == 0 else (CouncilRole.SECRETARY if index == 1 else CouncilRole.MEMBER)
        domain.add_council_member(
            council,
            user=user,
            full_name=user.get_full_name() or user.username,
            role=role,
            person=persons.get(user),
            by=by,
        )
    return council


def score_all(review, points, users=None):
    """Every seat not excluded submits `points` ({code: n}, or a list of such, one per seat)."""
    seats = list(review.council.members.filter(left_at__isnull=True).order_by("pk"))
    excluded = set(review.exclusions.values_list("council_member_id", flat=True))
    seats = [s for s in seats if s.pk not in excluded]
    sheets = points if isinstance(points, list) else [points] * len(seats)
    for seat, scores in zip(seats, sheets, strict=False):
        domain.save_sheet(review, seat.user, scores, submit=True)


GOOD = {"novelty": 32, "applicability": 25, "effectiveness": 26}  # 83: grade B


def recognise(initiative, decider, *, number, date=None, points=GOOD):
    """Take up, score with `points`, and recognise by a decision of the deciding unit."""
    from initiatives.domain.councils import deciding_unit

    if initiative.state in (InitiativeState.SUBMITTED, InitiativeState.RESUBMITTED):
        domain.WORKFLOW.transition(initiative, InitiativeState.UNDER_REVIEW, by=decider)
    review = initiative.reviews.get(level=initiative.level)
    score_all(review, points)
    unit = deciding_unit(initiative, initiative.level)
    return domain.issue_decision(
        unit=unit,
        number=number,
        date=date or datetime.date.today(),
        signer="Nguyễn Văn An",
        signer_title="Chủ tịch",
        initiatives=[initiative],
        by=decider,
    )
