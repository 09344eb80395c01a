"""Union pickers of campaigns: registration by district staff and a self-assessment typed in from paper.
The form's page answers ?pick= with exactly the unions the form accepts."""

import pytest
from django.urls import reverse

from campaigns.forms.registrations import RegistrationCreateForm
from campaigns.forms.scoring import OnBehalfStartForm
from tests.campaigns.factories_registrations import UnitRegistrationFactory, open_campaign
from tests.campaigns.factories_scoring import ScoringCampaignFactory, ScoringPhaseFactory, make_sheet
from tests.factories import BlockFactory, GrassrootsFactory

pytestmark = pytest.mark.django_db


def pick(client, url, field, **params):
    response = client.get(url, {"pick": field, **params})
    assert response.status_code == 200
    return response.json()


def test_registration_picker_offers_the_unions_not_yet_registered(client, world):
    campaign = open_campaign(world.district_a)
    UnitRegistrationFactory(campaign=campaign, unit=world.grassroots_a)
    url = reverse("campaigns:registration_create", args=[campaign.pk])
    client.force_login(world.staff_a)
    answer = pick(client, url, "unit", q="truong tieu hoc")
    assert answer == {
        "results": [
            {
                "id": world.grassroots_a2.pk,
                "text": "Công đoàn trường Tiểu học Văn Yên",
                "detail": "TH-VY · LĐLĐ quận Hà Đông",
            }
        ],
        "more": False,
    }
    assert pick(client, url, "unit", q="fecon") == {"results": [], "more": False}  # already registered
    # An outsider does not see the campaign of another district.
    client.force_login(world.staff_b)
    assert client.get(url, {"pick": "unit"}).status_code == 404


def test_registration_form_refuses_a_union_it_does_not_offer(world):
    campaign = open_campaign(world.district_a)
    UnitRegistrationFactory(campaign=campaign, unit=world.grassroots_a)
    for refused in (world.grassroots_a.pk, world.grassroots_b.pk, "abc"):
        form = RegistrationCreateForm({"unit": refused}, user=world.staff_a, campaign=campaign)
        assert list(form.errors) == ["unit"]
    form = RegistrationCreateForm({"unit": world.grassroots_a2.pk}, user=world.staff_a, campaign=campaign)
    assert form.is_valid()


def test_on_behalf_picker_offers_unions_without_a_self_assessment_whose_block_has_a_sheet(client, world):
    campaign = ScoringCampaignFactory(launched_by=world.district_a)
    phase = ScoringPhaseFactory(campaign=campaign)
    make_sheet(campaign, world.grassroots_a.block, by=world.staff_a)
    world.grassroots_a2.block = BlockFactory(code="hcsn", name="Khối hành chính sự nghiệp")
    world.grassroots_a2.save()
    late = GrassrootsFactory(
        parent=world.district_a, name="Công đoàn Công ty Thép Hà Đông", block=world.grassroots_a.block
    )
    url = reverse("campaigns:scoring_assessment_list")
    client.force_login(world.staff_a)
    answer = pick(client, url, "unit", phase=phase.pk)
    assert [row["text"] for row in answer["results"]] == [
        "Công đoàn Công ty Cổ phần Fecon",
        "Công đoàn Công ty Thép Hà Đông",
    ]
    assert [row["text"] for row in pick(client, url, "unit", phase=phase.pk, q="thep ha dong")["results"]] == [
        late.name
    ]
    page = client.get(url, {"phase": phase.pk}).content.decode()
    assert 'role="combobox"' in page
    assert "(2 công đoàn)" in page
    # The form refuses a union whose block has no sheet, and one of another district.
    for refused in (world.grassroots_a2.pk, world.grassroots_b.pk):
        form = OnBehalfStartForm({"unit": refused}, user=world.staff_a, phase=phase)
        assert list(form.errors) == ["unit"]
    assert OnBehalfStartForm({"unit": late.pk}, user=world.staff_a, phase=phase).is_valid()
