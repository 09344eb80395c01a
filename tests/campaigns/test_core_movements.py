import pytest
from django.urls import reverse

from campaigns.models import Movement
from tests.campaigns.factories_core import CampaignFactory
from unionsite.history import history_for

pytestmark = pytest.mark.django_db

SEEDED = [
    "Lao động giỏi – Lao động sáng tạo",
    "Giỏi việc nước – Đảm việc nhà",
    "Xanh – Sạch – Đẹp",
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "An toàn vệ sinh lao động",
    "Cơ quan, đơn vị, doanh nghiệp đạt chuẩn văn hóa",
    "1 triệu sáng kiến",
    "75 nghìn sáng kiến, vượt khó, phát triển",
]


def test_catalogue_is_seeded_in_order():
    assert list(Movement.objects.values_list("name", flat=True)) == SEEDED


def test_every_user_with_a_role_reads_the_catalogue(client, world):
    campaign = CampaignFactory(launched_by=world.district_a)
    campaign.movements.add(Movement.objects.get(name="Xanh – Sạch – Đẹp"))
    client.force_login(world.insider)
    response = client.get(reverse("campaigns:movement_list"))
    assert response.status_code == 200
    assert response.context["can_manage"] is False
    rows = {m.name: m.campaign_count for m in response.context["page_obj"]}
    assert rows["Xanh – Sạch – Đẹp"] == 1
    assert rows["Giỏi việc nước – Đảm việc nhà"] == 0


def test_city_reviewer_adds_and_edits_a_movement(client, world):
    client.force_login(world.city_reviewer)
    response = client.post(
        reverse("campaigns:movement_add"),
        {"name": "Thi đua vì an sinh xã hội", "description": "", "active": "on", "order": 9},
    )
    assert response.status_code == 302
    movement = Movement.objects.get(name="Thi đua vì an sinh xã hội")
    response = client.post(
        reverse("campaigns:movement_edit", args=[movement.pk]),
        {"name": "Thi đua vì an sinh xã hội", "description": "", "order": 9},
    )
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.active is False
    assert [r.action for r in history_for(movement)] == ["update", "create"]


def test_district_staff_and_officer_may_not_manage(client, world):
    movement = Movement.objects.first()
    for user in [world.reviewer, world.insider]:
        client.force_login(user)
        assert client.get(reverse("campaigns:movement_add")).status_code == 403
        assert client.get(reverse("campaigns:movement_edit", args=[movement.pk])).status_code == 403


@pytest.mark.parametrize("rows", [1, 3])
def test_movement_list_query_count_does_not_grow(client, world, django_assert_num_queries, rows):
    Movement.objects.exclude(pk__in=Movement.objects.order_by("order")[:rows].values("pk")).delete()
    client.force_login(world.city_reviewer)
    with django_assert_num_queries(5):
        response = client.get(reverse("campaigns:movement_list"))
    assert len(response.context["page_obj"]) == rows
