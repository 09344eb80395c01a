"""Criteria sets edited by the city federation on a page: validated, recorded, never touching past sheets."""

import pytest
from django.urls import reverse

from initiatives import domain
from initiatives.enums import InitiativeState, Level
from initiatives.models import CriteriaSet
from initiatives.seed import seed_current
from tests.initiatives.factories import GOOD, make_council, make_initiative, score_all
from tests.initiatives.scope_cases_criteria import _data
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


def _default():
    seed_current()
    return CriteriaSet.objects.get(level=Level.GRASSROOTS, year__isnull=True)


def test_everyone_reads_the_criteria_and_only_the_city_edits_them(client, world):
    criteria_set = _default()
    client.force_login(world.officer_a)
    page = client.get(reverse("initiatives:criteria_list")).content.decode()
    assert "Tính mới" in page
    assert "Công nhận từ 50 điểm, mỗi tiêu chí ít nhất 10." in page
    assert client.get(reverse("initiatives:criteria_edit", args=[criteria_set.pk])).status_code == 403
    client.force_login(world.staff_a)
    assert client.post(reverse("initiatives:criteria_create"), _data(world)).status_code == 403
    assert not CriteriaSet.objects.filter(year=2027).exists()


def test_an_edit_needs_a_reason_is_recorded_and_changes_no_past_sheet(client, world):
    criteria_set = _default()
    initiative = make_initiative(world.grassroots_a, world.officer_a, submit=True)
    make_council(world.grassroots_a, world.officer_a)
    domain.WORKFLOW.transition(initiative, InitiativeState.UNDER_REVIEW, by=world.officer_a)
    review = initiative.reviews.get()
    score_all(review, GOOD)
    client.force_login(world.city_reviewer)
    url = reverse("initiatives:criteria_edit", args=[criteria_set.pk])
    data = {**_data(world), "year": "", "pass_total": "60", "max_1": "50", "max_2": "25", "max_3": "25"}
    response = client.post(url, data)
    assert "Nêu lý do sửa bộ tiêu chí." in response.content.decode()
    response = client.post(url, {**data, "reason": "Quy chế mới của Liên đoàn"})
    assert response.status_code == 302
    criteria_set.refresh_from_db()
    assert criteria_set.pass_total == 60
    assert [c.max_points for c in criteria_set.criteria.all()] == [50, 25, 25]
    row = history_for(criteria_set).get(action="update")
    assert row.note == "Quy chế mới của Liên đoàn"
    assert row.changes["criteria"][0].startswith("Tính mới 40; Khả năng áp dụng 30; Hiệu quả 30 | ≥ 50, ≥ 10")
    outcome = domain.result(review)  # scored on the snapshot: 40/30/30, pass 50
    assert outcome.passed
    assert outcome.max_total == 100


def test_inconsistent_sets_are_refused_in_vietnamese(client, world):
    _default()
    client.force_login(world.city_reviewer)
    data = {**_data(world), "max_1": "5", "grade_A_total": "150", "grade_A_code": "creativity"}
    response = client.post(reverse("initiatives:criteria_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tối đa của một tiêu chí thấp hơn mức tối thiểu phải đạt ở mỗi tiêu chí." in page
    assert "Xếp loại A dùng tiêu chí không có trong bộ: creativity." in page
    assert "Xếp loại A đòi nhiều điểm hơn tổng điểm các tiêu chí." in page
    assert not CriteriaSet.objects.filter(year=2027).exists()
    data = {**_data(world), "year": ""}
    assert (
        "Đã có bộ tiêu chí cho cấp và năm này"
        in client.post(reverse("initiatives:criteria_create"), data).content.decode()
    )


def test_a_years_own_set_is_used_for_that_year(world):
    _default()
    domain_set = CriteriaSet(level=Level.GRASSROOTS, year=2027, name="Năm 2027", pass_total=55, min_each=10)
    from initiatives.domain.criteria import save_criteria_set

    save_criteria_set(
        domain_set,
        [("novelty", "Tính mới", 50), ("effectiveness", "Hiệu quả", 50)],
        [("A", 90, "novelty", 40)],
        by=world.city_reviewer,
    )
    assert domain.criteria_for(Level.GRASSROOTS, 2027).pk == domain_set.pk
    assert domain.criteria_for(Level.GRASSROOTS, 2026).year is None
