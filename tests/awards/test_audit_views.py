"""Audit findings on the awards pages: safe redirects, the honour roll's login, a decision's
awardees paginated with a flat query count."""

import pytest
from django.urls import reverse

from tests.awards.factories import AwardFactory, DecisionFactory

pytestmark = pytest.mark.django_db


def test_notifications_read_does_not_redirect_off_the_site(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("awards:notifications_read"), {"next": "//evil.example/"})
    assert response["Location"] == reverse("awards:notification_list")


def test_notifications_read_follows_a_local_next(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("awards:notifications_read"), {"next": reverse("awards:queue")})
    assert response["Location"] == reverse("awards:queue")


def test_honour_roll_sends_anonymous_visitors_to_login_when_not_public(client, world, settings):
    settings.PUBLIC_HONOUR_ROLL = False
    url = reverse("awards:honour_roll", args=[world.grassroots_a.pk, 2026])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("rows", [1, 3])
def test_decision_page_paginates_awardees_with_a_flat_query_count(client, world, django_assert_num_queries, rows):
    decision = DecisionFactory(unit=world.district_a)
    for _ in range(rows):
        AwardFactory(unit=world.grassroots_a, decision=decision)
    client.force_login(world.staff_a)
    url = reverse("awards:decision_detail", args=[decision.pk])
    client.get(url)  # warms the content-type cache the history include reads
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.context["page_obj"].paginator.count == rows
    assert len(response.context["page_obj"]) == rows
