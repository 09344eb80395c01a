import threading

import pytest
from django.db import connection, connections

from awards import domain
from awards.enums import Level, NominationState
from awards.models import Nomination, Quota
from campaigns.models import TitleRegistration, UnitRegistration
from tests.awards.factories import NominationFactory, PhaseFactory, QuotaFactory, title
from tests.factories import MemberFactory, user_with_role
from tests.world import build_world
from unions.enums import Role
from unionsite.errors import DomainError
from unionsite.history import history_for

S = NominationState


def _submitted(phase, unit, n):
    return [NominationFactory(phase=phase, unit=unit, state=S.SUBMITTED) for _ in range(n)]


@pytest.mark.django_db
def test_absolute_quota_stops_the_approval_past_it(world, phase):
    QuotaFactory(unit=world.district_a, max_count=1)
    first, second = _submitted(phase, world.grassroots_a, 2)
    domain.transition(first, S.APPROVED, by=world.staff_a)
    with pytest.raises(DomainError) as exc:
        domain.transition(second, S.APPROVED, by=world.staff_a)
    assert str(exc.value) == (
        "Đã hết chỉ tiêu Công nhân giỏi (Cấp quận, huyện, năm 2026) của LĐLĐ quận Hà Đông: đã dùng 1/1 suất."
    )


@pytest.mark.django_db
def test_quota_counts_only_its_own_subtree_title_level_and_year(world, phase):
    QuotaFactory(unit=world.grassroots_a, max_count=1)
    NominationFactory(phase=phase, unit=world.grassroots_a2, state=S.APPROVED)
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.APPROVED, year=2025)
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.APPROVED, level=Level.CITY)
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.APPROVED, title=title("lao-dong-gioi"))
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.REJECTED)
    (nomination,) = _submitted(phase, world.grassroots_a, 1)
    domain.transition(nomination, S.APPROVED, by=world.staff_a)
    assert nomination.state == S.APPROVED


@pytest.mark.django_db
def test_percentage_quota_is_a_share_of_the_title_registrations_in_the_subtree(world, phase):
    quota = QuotaFactory(unit=world.district_a, max_count=None, max_percent=50)
    registration = UnitRegistration.objects.create(campaign=phase.campaign, unit=world.grassroots_a)
    for _ in range(5):
        TitleRegistration.objects.create(
            registration=registration, title=title("cong-nhan-gioi"), member=MemberFactory(unit=world.grassroots_a)
        )
    TitleRegistration.objects.create(
        registration=registration, title=title("lao-dong-gioi"), member=MemberFactory(unit=world.grassroots_a)
    )
    assert domain.quota_limit(quota) == 2  # không quá 50% của 5 đăng ký
    nominations = _submitted(phase, world.grassroots_a, 3)
    result = domain.bulk_move(nominations, "approve", by=world.staff_a)
    assert (len(result.done), len(result.failed)) == (2, 1)


@pytest.mark.django_db
def test_submission_is_refused_when_the_quota_is_used_up(world, phase):
    QuotaFactory(unit=world.district_a, max_count=1)
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.APPROVED)
    draft = NominationFactory(phase=phase, unit=world.grassroots_a)
    with pytest.raises(DomainError):
        domain.transition(draft, S.SUBMITTED, by=world.officer_a)
    assert Nomination.objects.get(pk=draft.pk).state == S.DRAFT


@pytest.mark.django_db
def test_forwarding_checks_the_city_level_quota_of_the_district(world, phase):
    QuotaFactory(unit=world.district_a, level=Level.CITY, max_count=1)
    approved = NominationFactory(phase=phase, unit=world.grassroots_a, level=Level.CITY, state=S.APPROVED)
    domain.transition(approved, S.FORWARDED, by=world.staff_a)
    Quota.objects.filter(unit=world.district_a).update(max_count=0)
    other = NominationFactory(phase=phase, unit=world.grassroots_a, level=Level.CITY, state=S.APPROVED)
    with pytest.raises(DomainError):
        domain.transition(other, S.FORWARDED, by=world.staff_a)


@pytest.mark.django_db
def test_quota_list_shows_the_use_to_the_units_concerned(client, world, phase):
    QuotaFactory(unit=world.district_a, max_count=3)
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.APPROVED)
    NominationFactory(phase=phase, unit=world.grassroots_a2, state=S.FORWARDED)
    for user in (world.officer_a, world.staff_a, world.city_reviewer):
        client.force_login(user)
        response = client.get("/khen-thuong/chi-tieu/")
        assert [(q.unit.short_code, q.used_count, q.limit) for q in response.context["page_obj"]] == [("HD", 2, 3)]
    client.force_login(world.officer_b)
    assert list(client.get("/khen-thuong/chi-tieu/").context["page_obj"]) == []


@pytest.mark.django_db
def test_quota_list_query_count_is_flat(client, world, django_assert_num_queries):
    client.force_login(world.staff_a)
    QuotaFactory(unit=world.district_a, max_count=3)
    with django_assert_num_queries(5) as one:
        client.get("/khen-thuong/chi-tieu/")
    QuotaFactory(unit=world.grassroots_a, max_count=1)
    QuotaFactory(unit=world.grassroots_a2, max_count=None, max_percent=30)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/khen-thuong/chi-tieu/")
    assert len(response.context["page_obj"]) == 3


@pytest.mark.django_db
def test_staff_sets_a_quota_for_a_unit_below_but_an_officer_may_not(client, world):
    data = {"title": title("cong-nhan-gioi").pk, "level": "upper", "year": 2026, "unit": world.grassroots_a.pk}
    client.force_login(world.staff_a)
    response = client.post("/khen-thuong/chi-tieu/moi/", {**data, "max_count": 4})
    assert response.status_code == 302
    assert Quota.objects.get().max_count == 4
    client.force_login(world.officer_a)
    assert client.post("/khen-thuong/chi-tieu/moi/", {**data, "max_count": 9}).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_never_exceed_the_quota():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks (select_for_update is a no-op); run on PostgreSQL.")
    world = build_world()
    phase = PhaseFactory(campaign__launched_by=world.city)
    QuotaFactory(unit=world.district_a, max_count=3)
    reviewers = [user_with_role(world.district_a, Role.UPPER_STAFF, f"reviewer{i}") for i in range(10)]
    nominations = _submitted(phase, world.grassroots_a, 10)
    barrier = threading.Barrier(len(nominations))
    outcomes = []

    def approve(nomination, reviewer):
        try:
            barrier.wait()
            domain.transition(nomination, S.APPROVED, by=reviewer)
            outcomes.append("approved")
        except DomainError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=pair) for pair in zip(nominations, reviewers, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved"] * 3 + ["refused"] * 7
    assert Nomination.objects.filter(state=S.APPROVED).count() == 3


@pytest.mark.django_db
def test_quota_edit_insider_reviewer_outsider(client, world):
    district_quota = QuotaFactory(unit=world.district_a, max_count=2)
    city_level = QuotaFactory(unit=world.district_a, level=Level.CITY, max_count=2)
    url = f"/khen-thuong/chi-tieu/{district_quota.pk}/"
    data = {"title": district_quota.title_id, "level": "upper", "year": 2026, "unit": world.district_a.pk}
    client.force_login(world.officer_a)
    assert client.get(url).status_code == 403  # sees the quota that binds it, may not change it
    client.force_login(world.staff_a)
    assert client.post(url, {**data, "max_count": 5}).status_code == 302
    assert Quota.objects.get(pk=district_quota.pk).max_count == 5
    # The district's quota for city-level titles is set by the city, not by the district itself.
    assert client.get(f"/khen-thuong/chi-tieu/{city_level.pk}/").status_code == 403
    client.force_login(world.city_reviewer)
    city_data = {**data, "level": "city", "max_count": 1}
    assert client.post(f"/khen-thuong/chi-tieu/{city_level.pk}/", city_data).status_code == 302
    assert Quota.objects.get(pk=city_level.pk).max_count == 1
    client.force_login(world.officer_b)
    assert client.get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_acting_at_once_one_wins_the_other_is_told():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks (select_for_update is a no-op); run on PostgreSQL.")
    world = build_world()
    phase = PhaseFactory(campaign__launched_by=world.city)
    (nomination,) = _submitted(phase, world.grassroots_a, 1)
    second_reviewer = user_with_role(world.district_a, Role.UPPER_STAFF, "staff_a2")
    barrier = threading.Barrier(2)
    outcomes = {}

    def act(user, to, note):
        seen = Nomination.objects.get(pk=nomination.pk)
        try:
            barrier.wait()
            domain.transition(seen, to, by=user, note=note)
            outcomes[user.username] = "done"
        except DomainError as exc:
            outcomes[user.username] = str(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(world.staff_a, S.APPROVED, "")),
        threading.Thread(target=act, args=(second_reviewer, S.REJECTED, "Không đủ thành tích")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results = sorted(outcomes.values(), key=lambda outcome: outcome != "done")
    assert results[0] == "done"
    assert results[1].startswith("Người khác đã xử lý đề nghị này trước bạn: hiện đề nghị ở trạng thái")
    final = Nomination.objects.get(pk=nomination.pk).state
    assert final in (S.APPROVED, S.REJECTED)
    assert len(history_for(Nomination.objects.get(pk=nomination.pk)).filter(action="transition")) == 1
