"""Quotas that cannot lie: a sane year, no maximum below the places used (the refusal names the
quota, its union and the places used), and one reading of the use on every page."""

import pytest
from django.utils import timezone

from awards import domain
from awards.enums import Level, NominationState
from awards.models import Quota
from campaigns.models import TitleRegistration, UnitRegistration
from tests.awards.factories import NominationFactory, QuotaFactory, title
from tests.factories import MemberFactory
from unionsite.errors import DomainError

S = NominationState
pytestmark = pytest.mark.django_db


def _quota(world, **fields):
    quota = Quota(title=title("cong-nhan-gioi"), level=Level.UPPER, year=2026, unit=world.district_a)
    for name, value in {"max_count": 3, **fields}.items():
        setattr(quota, name, value)
    return quota


def _approved(phase, unit, n, state=S.APPROVED):
    return [NominationFactory(phase=phase, unit=unit, state=state) for _ in range(n)]


def _register(phase, unit, n):
    registration = UnitRegistration.objects.create(campaign=phase.campaign, unit=unit)
    return [
        TitleRegistration.objects.create(
            registration=registration, title=title("cong-nhan-gioi"), member=MemberFactory(unit=unit)
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize("year", [1999, 1, timezone.localdate().year + 6, 32000])
def test_a_year_outside_2000_to_five_years_ahead_is_refused(world, year):
    with pytest.raises(DomainError) as raised:
        domain.save_quota(_quota(world, year=year), by=world.staff_a)
    last = timezone.localdate().year + 5
    assert raised.value.message_dict == {"year": [f"Nhập năm từ 2000 đến {last}."]}
    assert not Quota.objects.exists()


@pytest.mark.parametrize("year", [2000, timezone.localdate().year + 5])
def test_the_first_and_last_sane_years_are_accepted(world, year):
    assert domain.save_quota(_quota(world, year=year), by=world.staff_a).year == year


def test_a_maximum_below_the_places_used_is_refused_naming_quota_union_and_use(world, phase):
    _approved(phase, world.grassroots_a, 2)
    _approved(phase, world.grassroots_a2, 1, state=S.FORWARDED)
    with pytest.raises(DomainError) as raised:
        domain.save_quota(_quota(world, max_count=2), by=world.staff_a)
    assert raised.value.message_dict == {
        "max_count": [
            "Chỉ tiêu Công nhân giỏi (Cấp quận, huyện, năm 2026) của LĐLĐ quận Hà Đông đã dùng 3 suất: "
            "mức tối đa không thể thấp hơn 3."
        ]
    }
    quota = domain.save_quota(_quota(world, max_count=3), by=world.staff_a)
    quota.max_count = 1
    with pytest.raises(DomainError):
        domain.save_quota(quota, by=world.staff_a)
    assert Quota.objects.get().max_count == 3


def test_a_percentage_that_gives_fewer_places_than_used_is_refused(world, phase):
    _register(phase, world.grassroots_a, 10)
    _approved(phase, world.grassroots_a, 3)
    with pytest.raises(DomainError) as raised:
        domain.save_quota(_quota(world, max_count=None, max_percent=20), by=world.staff_a)
    assert raised.value.message_dict == {
        "max_percent": [
            "Chỉ tiêu Công nhân giỏi (Cấp quận, huyện, năm 2026) của LĐLĐ quận Hà Đông đã dùng 3 suất: "
            "20% của 10 lượt đăng ký chỉ được 2 suất."
        ]
    }
    assert domain.save_quota(_quota(world, max_count=None, max_percent=30), by=world.staff_a).max_percent == 30


def test_the_form_shows_the_refusals_on_their_fields(client, world, phase):
    _approved(phase, world.grassroots_a, 2)
    client.force_login(world.staff_a)
    data = {"title": title("cong-nhan-gioi").pk, "level": "upper", "unit": world.district_a.pk}
    response = client.post("/khen-thuong/chi-tieu/moi/", {**data, "year": 1990, "max_count": 5})
    assert response.status_code == 200
    assert response.context["form"].errors == {"year": [f"Nhập năm từ 2000 đến {timezone.localdate().year + 5}."]}
    response = client.post("/khen-thuong/chi-tieu/moi/", {**data, "year": 2026, "max_count": 1})
    assert response.context["form"].errors == {
        "max_count": [
            "Chỉ tiêu Công nhân giỏi (Cấp quận, huyện, năm 2026) của LĐLĐ quận Hà Đông đã dùng 2 suất: "
            "mức tối đa không thể thấp hơn 2."
        ]
    }
    assert not Quota.objects.exists()


def test_nomination_page_quota_list_and_refusal_read_the_same_use(client, world, phase):
    count_quota = QuotaFactory(unit=world.district_a, max_count=3)
    percent_quota = QuotaFactory(unit=world.city, max_count=None, max_percent=50)
    _register(phase, world.grassroots_a, 5)
    _register(phase, world.grassroots_a2, 1)
    _approved(phase, world.grassroots_a, 2)
    _approved(phase, world.grassroots_a2, 1, state=S.FORWARDED)
    NominationFactory(phase=phase, unit=world.grassroots_b, state=S.APPROVED)  # the city's, not the district's
    NominationFactory(phase=phase, unit=world.grassroots_a, state=S.SUBMITTED)  # holds no place yet
    waiting = NominationFactory(phase=phase, unit=world.grassroots_a, state=S.SUBMITTED)
    client.force_login(world.staff_a)
    listed = {q.pk: (q.used_count, q.limit, q.over) for q in client.get("/khen-thuong/chi-tieu/").context["page_obj"]}
    page = client.get(f"/khen-thuong/de-nghi/{waiting.pk}/").context["quotas"]
    on_nomination = {q.pk: (q.used_count, q.limit, q.over) for q in page}
    assert listed == on_nomination == {count_quota.pk: (3, 3, 0), percent_quota.pk: (4, 3, 1)}
    with pytest.raises(DomainError) as raised:
        domain.transition(waiting, S.APPROVED, by=world.staff_a)
    assert str(raised.value) == (
        "Đã hết chỉ tiêu Công nhân giỏi (Cấp quận, huyện, năm 2026) của LĐLĐ quận Hà Đông: đã dùng 3/3 suất."
    )


def test_a_quota_over_its_limit_says_so_plainly(client, world, phase):
    # Registrations withdrawn after the approvals: a percentage quota can end up over its limit.
    registrations = _register(phase, world.grassroots_a, 4)
    QuotaFactory(unit=world.district_a, max_count=None, max_percent=50)
    _approved(phase, world.grassroots_a, 2)
    TitleRegistration.objects.filter(pk__in=[r.pk for r in registrations[:2]]).delete()
    client.force_login(world.staff_a)
    response = client.get("/khen-thuong/chi-tieu/")
    assert response.context["page_obj"][0].over == 1
    cell = response.content.decode().split('data-testid="quota-use">')[1].split("</td>")[0]
    assert cell == '2 / 1 <span class="badge text-bg-danger" data-testid="quota-over">vượt 1 suất</span>\n'
