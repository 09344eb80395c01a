"""The initiative's road through the domain: dossier rules, councils, conflicts, sheets, the result,
recognition per level by decision, proposal upward, revocation, and the link to titles."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from awards import eligibility
from awards.enums import Level
from initiatives import domain
from initiatives.domain.councils import deciding_unit, result
from initiatives.enums import AuthorCategory, ExclusionReason, InitiativeState
from initiatives.models import Initiative, Recognition
from initiatives.queries import initiatives_for_user, recognised_names, totals, value_check
from tests.factories import MemberFactory, UserFactory
from tests.initiatives.factories import GOOD, field, make_council, make_initiative, recognise, score_all
from unionsite.errors import DomainError
from unionsite.history import history_for

S = InitiativeState
pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def test_authors_shares_must_add_up_to_100(world):
    other = MemberFactory(unit=world.grassroots_a2)
    with pytest.raises(DomainError) as error:
        make_initiative(world.grassroots_a, world.officer_a, authors=[(world.member_a, 60), (other, 30)])
    assert error.value.message_dict["authors"] == ["Các tỷ lệ đóng góp cộng lại 90 %; phải cộng lại đúng 100 %."]
    assert not Initiative.objects.exists()


def test_value_or_social_value_is_required(world):
    with pytest.raises(DomainError) as error:
        make_initiative(world.grassroots_a, world.officer_a, value=None)
    assert "social_value" in error.value.message_dict


def test_an_outsider_cannot_file_for_another_union(world):
    with pytest.raises(PermissionDenied):
        make_initiative(world.grassroots_a, world.officer_b)


def test_edit_after_submission_needs_a_reason_and_is_recorded(world):
    initiative = make_initiative(world.grassroots_a, world.officer_a, submit=True)
    make_council(world.grassroots_a, world.officer_a)
    domain.WORKFLOW.transition(initiative, S.RETURNED, by=world.officer_a, note="Thiếu số liệu giá trị làm lợi")
    authors = [(a.member, a.share, a.category) for a in initiative.authors.all()]
    initiative.value_per_year = 300_000_000
    with pytest.raises(DomainError) as error:
        domain.save_initiative(initiative, authors, by=world.officer_a)
    assert "reason" in error.value.message_dict
    domain.save_initiative(initiative, authors, by=world.officer_a, reason="Bổ sung số liệu")
    row = history_for(initiative).filter(action="update").get()
    assert row.changes == {"value_per_year": [250_000_000, 300_000_000]}
    assert row.note == "Bổ sung số liệu"


def test_grassroots_road_with_an_author_on_the_council(world):
    """The grassroots council scores; a member who is an author is excluded and refused."""
    author_user = UserFactory()
    colleague = MemberFactory(unit=world.grassroots_a2, full_name="Lê Văn Cường")
    initiative = make_initiative(
        world.grassroots_a, world.officer_a, authors=[(world.member_a, 70), (colleague, 30)], submit=True
    )
    council = make_council(
        world.grassroots_a,
        world.officer_a,
        size=4,
        users=[world.officer_a, UserFactory(), UserFactory(), author_user],
        persons={author_user: world.member_a},
    )
    domain.WORKFLOW.transition(initiative, S.UNDER_REVIEW, by=world.officer_a)
    review = initiative.reviews.get()
    exclusion = review.exclusions.get()
    assert (exclusion.council_member.user, exclusion.reason) == (author_user, ExclusionReason.AUTHOR)
    with pytest.raises(DomainError, match="Bạn không được chấm sáng kiến này"):
        domain.save_sheet(review, author_user, GOOD, submit=True)
    # Missing criteria are named on submission.
    with pytest.raises(DomainError, match="Chưa chấm: Hiệu quả"):
        domain.save_sheet(review, world.officer_a, {"novelty": 30, "applicability": 20}, submit=True)
    score_all(
        review,
        [
            GOOD,
            {"novelty": 30, "applicability": 24, "effectiveness": 25},
            {"novelty": 20, "applicability": 15, "effectiveness": 16},
        ],
    )
    outcome = result(review)
    # (83 + 79 + 51) / 3 per criterion: 27.33 + 21.33 + 22.33
    assert outcome.means == {
        "novelty": Decimal("27.33"),
        "applicability": Decimal("21.33"),
        "effectiveness": Decimal("22.33"),
    }
    assert (outcome.total, outcome.passed, outcome.grade) == (Decimal("70.99"), True, "B")
    decision = domain.issue_decision(
        unit=world.grassroots_a,
        number="12/QĐ-CĐ",
        date=TODAY,
        signer="Nguyễn Văn An",
        initiatives=[initiative],
        by=world.officer_a,
    )
    initiative.refresh_from_db()
    assert initiative.state == S.RECOGNISED
    recognition = Recognition.objects.get()
    assert (recognition.level, recognition.decision, recognition.grade) == (Level.GRASSROOTS, decision, "B")
    assert council.pk == review.council_id


def test_upper_council_excludes_an_officer_of_an_authors_union_and_a_later_author(world):
    initiative = make_initiative(world.grassroots_a, world.officer_a, authors=[(world.member_a, 100)], submit=True)
    make_council(world.grassroots_a, world.officer_a)
    recognise(initiative, world.officer_a, number="1/QĐ-CĐ")
    domain.WORKFLOW.transition(initiative, S.SUBMITTED, by=world.officer_a)
    assert initiative.level == Level.UPPER
    late_author = MemberFactory(unit=world.grassroots_a2)
    late_user = UserFactory()
    make_council(
        world.district_a,
        world.staff_a,
        size=5,
        users=[world.staff_a, UserFactory(), UserFactory(), world.officer_a, late_user],
        persons={late_user: late_author},
    )
    domain.WORKFLOW.transition(initiative, S.UNDER_REVIEW, by=world.staff_a)
    review = initiative.reviews.get(level=Level.UPPER)
    assert [(e.council_member.user, e.reason) for e in review.exclusions.all()] == [
        (world.officer_a, ExclusionReason.ROLE_ON_AUTHOR_UNION)
    ]
    # Returned for completion, an author is added: that council member is excluded from then on.
    domain.WORKFLOW.transition(initiative, S.RETURNED, by=world.staff_a, note="Bổ sung đồng tác giả")
    domain.save_initiative(
        initiative,
        [
            (world.member_a, Decimal(60), AuthorCategory.DIRECT_WORKER),
            (late_author, Decimal(40), AuthorCategory.GRADUATE),
        ],
        by=world.officer_a,
        reason="Bổ sung đồng tác giả",
    )
    assert review.exclusions.filter(council_member__user=late_user, reason=ExclusionReason.AUTHOR).exists()


def test_a_council_too_small_after_exclusions_is_refused(world):
    author_user = UserFactory()
    initiative = make_initiative(world.grassroots_a, world.officer_a, authors=[(world.member_a, 100)], submit=True)
    make_council(
        world.grassroots_a,
        world.officer_a,
        size=3,
        users=[world.officer_a, UserFactory(), author_user],
        persons={author_user: world.member_a},
    )
    with pytest.raises(DomainError, match="ít hơn 3 thành viên"):
        domain.WORKFLOW.transition(initiative, S.UNDER_REVIEW, by=world.officer_a)
    initiative.refresh_from_db()
    assert initiative.state == S.SUBMITTED
    assert not initiative.reviews.exists()


def test_no_council_no_review(world):
    initiative = make_initiative(world.grassroots_a, world.officer_a, submit=True)
    with pytest.raises(DomainError, match="chưa có hội đồng sáng kiến"):
        domain.WORKFLOW.transition(initiative, S.UNDER_REVIEW, by=world.officer_a)


def test_result_drops_extremes_from_five_sheets_and_a_failing_criterion_fails(world):
    initiative = make_initiative(world.grassroots_a, world.officer_a, submit=True)
    make_council(world.grassroots_a, world.officer_a, size=5)
    domain.WORKFLOW.transition(initiative, S.UNDER_REVIEW, by=world.officer_a)
    review = initiative.reviews.get()
    sheets = [
        {"novelty": 40, "applicability": 30, "effectiveness": 30},  # 100: dropped
        {"novelty": 30, "applicability": 20, "effectiveness": 5},  # 55
        {"novelty": 30, "applicability": 22, "effectiveness": 6},  # 58
        {"novelty": 30, "applicability": 24, "effectiveness": 7},  # 61
        {"novelty": 0, "applicability": 0, "effectiveness": 0},  # 0: dropped
    ]
    score_all(review, sheets)
    outcome = result(review)
    assert len(outcome.counted) == 3
    assert [s.total for s in outcome.dropped] == [0, 100]
    assert outcome.means["effectiveness"] == Decimal("6.00")
    assert outcome.total == Decimal("58.00")
    assert not outcome.passed
    assert outcome.reasons == ["Dưới 10 điểm ở: Hiệu quả."]
    with pytest.raises(DomainError, match="chưa đạt mức công nhận"):
        domain.issue_decision(
            unit=world.grassroots_a, number="2/QĐ", date=TODAY, signer="A", initiatives=[initiative], by=world.officer_a
        )


def test_editing_the_criteria_set_changes_no_past_sheet(world):
    initiative = make_initiative(world.grassroots_a, world.officer_a, submit=True)
    make_council(world.grassroots_a, world.officer_a)
    domain.WORKFLOW.transition(initiative, S.UNDER_REVIEW, by=world.officer_a)
    review = initiative.reviews.get()
    score_all(review, GOOD)
    criteria_set = domain.criteria_for(Level.GRASSROOTS, TODAY.year)
    criteria_set.pass_total = 90
    criteria_set.save()
    criteria_set.criteria.filter(code="novelty").update(max_points=20)
    outcome = result(review)
    assert outcome.passed
    assert outcome.total == Decimal("83.00")
    assert outcome.grade == "B"


def test_recognised_once_per_level_and_city_once_a_year_per_person(world):
    first = make_initiative(world.grassroots_a, world.officer_a, authors=[(world.member_a, 100)], submit=True)
    second = make_initiative(
        world.grassroots_a,
        world.officer_a,
        authors=[(world.member_a, 100)],
        submit=True,
        title="Khuôn ép nhựa nhiều lòng",
    )
    make_council(world.grassroots_a, world.officer_a)
    make_council(world.district_a, world.staff_a)
    make_council(world.city, world.city_reviewer)
    for number, initiative in (("1", first), ("2", second)):
        recognise(initiative, world.officer_a, number=f"{number}/QĐ-CĐ")
        domain.WORKFLOW.transition(initiative, S.SUBMITTED, by=world.officer_a)
        recognise(initiative, world.staff_a, number=f"{number}/QĐ-LĐLĐ")
    domain.WORKFLOW.transition(first, S.SUBMITTED, by=world.staff_a)
    recognise(first, world.city_reviewer, number="1/QĐ-LĐLĐTP")
    with pytest.raises(DomainError, match="đã có Sáng kiến Thủ đô trong năm nay"):
        domain.WORKFLOW.transition(second, S.SUBMITTED, by=world.staff_a)
    assert Recognition.objects.filter(initiative=first).count() == 3
    assert list(Recognition.objects.filter(initiative=first).values_list("level", flat=True).order_by("pk")) == [
        Level.GRASSROOTS,
        Level.UPPER,
        Level.CITY,
    ]


def test_proposal_needs_recognition_below(world):
    initiative = make_initiative(world.grassroots_a, world.officer_a, submit=True)
    moves = [m.name for m in domain.page_moves(initiative, world.staff_a)]
    assert "propose" not in moves
    with pytest.raises(DomainError):
        domain.WORKFLOW.transition(initiative, S.SUBMITTED, by=world.officer_a)


def test_revocation_keeps_history_and_drops_eligibility(world):
    initiative = make_initiative(world.grassroots_a, world.officer_a, authors=[(world.member_a, 100)], submit=True)
    make_council(world.grassroots_a, world.officer_a)
    recognise(initiative, world.officer_a, number="5/QĐ-CĐ")
    assert recognised_names(world.member_a, TODAY.year, Level.GRASSROOTS) == [
        "Máy cắt thép tự động (Cấp cơ sở, 5/QĐ-CĐ)"
    ]
    with pytest.raises(DomainError):
        domain.WORKFLOW.transition(initiative, S.REVOKED, by=world.staff_a)  # no reason
    domain.WORKFLOW.transition(
        initiative, S.REVOKED, by=world.staff_a, note="Trùng với sáng kiến đã công nhận năm trước"
    )
    recognition = Recognition.objects.get()
    assert recognition.revoked_at is not None
    assert recognition.revoke_reason.startswith("Trùng")
    assert recognised_names(world.member_a, TODAY.year, Level.GRASSROOTS) == []
    assert history_for(recognition).filter(action="other").count() == 1


def test_scope_of_initiatives_and_council_seats(world):
    initiative = make_initiative(world.grassroots_a, world.officer_a, submit=True)
    assert list(initiatives_for_user(world.officer_a)) == [initiative]
    assert list(initiatives_for_user(world.staff_a)) == [initiative]
    assert list(initiatives_for_user(world.officer_b)) == []
    # A council member from another district sees what their council took up.
    make_council(world.grassroots_a, world.officer_a, users=[world.officer_a, world.officer_b, UserFactory()])
    domain.WORKFLOW.transition(initiative, S.UNDER_REVIEW, by=world.officer_a)
    assert list(initiatives_for_user(world.officer_b)) == [initiative]
    assert list(initiatives_for_user(world.staff_b)) == []


def test_value_threshold_for_bang_lao_dong_sang_tao(world):
    initiative = make_initiative(
        world.grassroots_a, world.officer_a, authors=[(world.member_a, 100)], submit=True, value=90_000_000
    )
    make_council(world.grassroots_a, world.officer_a)
    assert value_check(world.member_a, TODAY.year, "bang-lao-dong-sang-tao")[0] is False
    recognise(initiative, world.officer_a, number="7/QĐ-CĐ")
    passed, value, threshold = value_check(world.member_a, TODAY.year, "bang-lao-dong-sang-tao")
    assert (passed, value, threshold.min_value) == (True, 90_000_000, 80_000_000)


def test_totals_per_level_over_five_years(world):
    """Records over five years, through the domain: the totals per level are exact."""
    make_council(world.grassroots_a, world.officer_a)
    make_council(world.grassroots_a2, world.staff_a)
    make_council(world.district_a, world.staff_a)
    expected = {Level.GRASSROOTS: [0, 0], Level.UPPER: [0, 0], Level.CITY: [0, 0]}
    years = [TODAY.year - 4 + i for i in range(5)]
    number = 0
    for index, year in enumerate(years):
        for k in range(index + 1):  # 1, 2, 3, 4, 5 initiatives a year
            unit, officer = (
                (world.grassroots_a, world.officer_a) if k % 2 == 0 else (world.grassroots_a2, world.staff_a)
            )
            value = 10_000_000 * (index + 1) + k * 1_000_000
            initiative = make_initiative(
                unit, officer, title=f"Sáng kiến {year}-{k}", value=value, submit=True, year=year
            )
            number += 1
            recognise(initiative, officer, number=f"{number}/QĐ", date=datetime.date(year, 6, 1))
            expected[Level.GRASSROOTS][0] += 1
            expected[Level.GRASSROOTS][1] += value
            if k == 0:  # the first of each year goes on to the district
                domain.WORKFLOW.transition(initiative, S.SUBMITTED, by=officer)
                recognise(initiative, world.staff_a, number=f"{number}/QĐ-Q", date=datetime.date(year, 9, 1))
                expected[Level.UPPER][0] += 1
                expected[Level.UPPER][1] += value
    # One outside the district and one revoked: neither counts.
    make_council(world.grassroots_b, world.officer_b)
    outside = make_initiative(world.grassroots_b, world.officer_b, submit=True, value=999_000_000)
    recognise(outside, world.officer_b, number="99/QĐ")
    revoked = Initiative.objects.get(title=f"Sáng kiến {years[-1]}-1")
    domain.WORKFLOW.transition(revoked, S.REVOKED, by=world.staff_a, note="Sai số liệu")
    expected[Level.GRASSROOTS][0] -= 1
    expected[Level.GRASSROOTS][1] -= 50_000_000 + 1_000_000
    got = totals(world.district_a, years[0], years[-1])
    assert got == {
        Level.GRASSROOTS: {"count": 14, "value": expected[Level.GRASSROOTS][1]},
        Level.UPPER: {"count": 5, "value": expected[Level.UPPER][1]},
        Level.CITY: {"count": 0, "value": 0},
    }
    assert expected[Level.GRASSROOTS] == [14, 519_000_000]
    assert got[Level.GRASSROOTS]["value"] == 519_000_000
    assert got[Level.UPPER]["value"] == 150_000_000
    assert totals(world.district_a, years[1], years[1])[Level.GRASSROOTS] == {"count": 2, "value": 41_000_000}
    assert deciding_unit(outside, Level.UPPER) == world.district_b


def test_eligibility_provider_is_registered():
    provider, check = eligibility.initiative_provider()
    assert provider is recognised_names
    assert check is value_check


def test_field_table_is_seeded():
    assert field("quan-ly").name == "Quản lý"


def test_staff_above_may_file_on_behalf(world):
    initiative = make_initiative(world.grassroots_a, world.staff_a)
    assert initiative.created_by == world.staff_a
    assert initiative.authors.get().share == Decimal(100)


def test_decision_numbers_start_again_each_year(world):
    make_council(world.grassroots_a, world.officer_a)
    last_year = datetime.date(TODAY.year - 1, 6, 1)
    first = make_initiative(world.grassroots_a, world.officer_a, submit=True, year=TODAY.year - 1)
    recognise(first, world.officer_a, number="01/QĐ-CĐ", date=last_year)
    second = make_initiative(world.grassroots_a, world.officer_a, submit=True, title="Khuôn ép nhựa nhiều lòng")
    recognise(second, world.officer_a, number="01/QĐ-CĐ")  # the same number, a new year
    third = make_initiative(world.grassroots_a, world.officer_a, submit=True, title="Sổ tay an toàn điện")
    with pytest.raises(DomainError) as error:
        recognise(third, world.officer_a, number="01/QĐ-CĐ")
    assert error.value.message_dict["number"] == [
        f"Công đoàn Công ty Cổ phần Fecon đã có quyết định số 01/QĐ-CĐ trong năm {TODAY.year}."
    ]


def test_the_district_of_a_union_is_read_from_its_path(world):
    from initiatives.queries import district_path

    assert district_path(world.grassroots_a.path) == world.district_a.path
    assert district_path(world.district_a.path) == world.district_a.path
    assert district_path(world.city.path) == world.city.path
