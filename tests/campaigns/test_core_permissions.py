"""Who may open the pages that add to a campaign: the insider (the launching district's staff), the
reviewer above (the city), a grassroots officer below, and an outsider district."""

import pytest
from django.urls import reverse

from campaigns.enums import CampaignState
from tests.campaigns.factories_core import CampaignFactory, PledgeFactory

pytestmark = pytest.mark.django_db

ADD_PAGES = [
    "campaigns:campaign_edit",
    "campaigns:phase_add",
    "campaigns:phase_detail_add",
    "campaigns:target_add",
    "campaigns:document_add",
    "campaigns:pledge_add",
    "campaigns:coverage",
]


@pytest.mark.parametrize("name", ADD_PAGES)
def test_district_campaign_pages(client, world, name):
    campaign = CampaignFactory(launched_by=world.district_a)
    campaign.phases.create(number=1, name="Đợt 1", starts_on=campaign.starts_on, ends_on=campaign.ends_on)
    url = reverse(name, args=[campaign.pk])
    expected = {
        "staff_a": 200,
        # The city sees the district's campaign and its coverage, but the campaign is the district's own.
        "city_reviewer": 200 if name == "campaigns:coverage" else 403,
        "officer_a": 403,
        "staff_b": 404,
        "officer_b": 404,
    }
    answered = {}
    for username in expected:
        client.force_login(getattr(world, username))
        answered[username] = client.get(url).status_code
    assert answered == expected


@pytest.mark.parametrize("name", ["campaigns:phase_detail_add", "campaigns:target_add", "campaigns:document_add"])
def test_city_campaign_lets_every_district_contribute_but_not_edit(client, world, name):
    campaign = CampaignFactory(launched_by=world.city)
    campaign.phases.create(number=1, name="Đợt 1", starts_on=campaign.starts_on, ends_on=campaign.ends_on)
    answered = {}
    for username in ["staff_a", "staff_b", "city_reviewer", "officer_a"]:
        client.force_login(getattr(world, username))
        answered[username] = (
            client.get(reverse(name, args=[campaign.pk])).status_code,
            client.get(reverse("campaigns:campaign_edit", args=[campaign.pk])).status_code,
        )
    assert answered == {
        "staff_a": (200, 403),
        "staff_b": (200, 403),
        "city_reviewer": (200, 200),
        "officer_a": (403, 403),
    }


def test_superuser_opens_a_draft_campaign_and_a_pledge(client, world):
    # The scope is an empty Q() for a superuser, which dropped out of the queries' ORs: a draft
    # campaign and every pledge answered 404 to the administrator.
    draft = CampaignFactory(launched_by=world.district_a, state=CampaignState.DRAFT)
    pledge = PledgeFactory(campaign__launched_by=world.district_a)
    client.force_login(world.admin)
    assert client.get(reverse("campaigns:campaign_detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("campaigns:pledge_edit", args=[pledge.pk])).status_code == 200
