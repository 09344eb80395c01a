"""The crafted parameters found by probing (issue 13): each once answered 500."""

import json

import pytest
from django.urls import reverse

from awards.enums import NominationState
from tests.awards.scope_cases import _nomination
from tests.campaigns.factories_registrations import RegAwardTitleFactory, UnitRegistrationFactory, open_campaign
from unions.models import OrgUnit

pytestmark = pytest.mark.django_db

CRAFTED = ("²", "٣", "9" * 25, "9" * 5000, "-1", "0", "1.0", " 1")


@pytest.mark.parametrize("value", CRAFTED)
def test_bulk_queue_action(client, world, value):
    nomination = _nomination(world, NominationState.SUBMITTED)
    client.force_login(world.staff_a)
    response = client.post(reverse("awards:queue_bulk"), {"action": "approve", "selected": [value]})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.state == NominationState.SUBMITTED


@pytest.mark.parametrize("value", CRAFTED)
def test_member_list_unit(client, world, value):
    client.force_login(world.officer_a)
    assert client.get(reverse("unions:member_list"), {"unit": value}).status_code == 200


@pytest.mark.parametrize("value", [*CRAFTED, "99999"])
def test_campaign_list_year(client, world, value):
    client.force_login(world.officer_a)
    assert client.get(reverse("campaigns:campaign_list"), {"year": value}).status_code == 200


@pytest.mark.parametrize("value", [v for v in CRAFTED if v != " 1"])  # " 1" is member 1 once the cell is trimmed
def test_registration_grid_member_id(client, world, value):
    """The grid's hidden member id, posted as form fields and as the script's JSON."""
    registration = UnitRegistrationFactory(campaign=open_campaign(world.district_a), unit=world.grassroots_a)
    title = RegAwardTitleFactory()
    client.force_login(world.officer_a)
    url = reverse("campaigns:registration_grid", args=[registration.pk])
    row = {"full_name": "", "title": title.name, "member_id": value}
    for data in (row, {"rows_json": json.dumps([row])}):
        response = client.post(url, data)
        assert response.status_code == 200
        assert [str(e) for e in response.context["errors"]] == [
            f"Dòng 1, cột “Họ và tên”: Đoàn viên này không thuộc {world.grassroots_a}."
        ]
    assert registration.titles.count() == 0


def test_in_lookup_ignores_numbers_no_column_holds(world):
    """unionsite.lookups: SQLite raised OverflowError on a 25-digit number in `pk__in`."""
    units = OrgUnit.objects.order_by("pk")
    assert list(units.filter(pk__in=[10**24])) == []
    assert list(units.filter(pk__in=[-(10**24), world.grassroots_a.pk, 2**63])) == [world.grassroots_a]
    assert list(units.exclude(pk__in=[10**24]).filter(pk=world.city.pk)) == [world.city]


@pytest.mark.parametrize("value", CRAFTED)
def test_merge_form_refuses_crafted_ids(client, world, value):
    """A ModelMultipleChoiceField (the merge's units to merge) checks posted ids with `pk__in`."""
    client.force_login(world.staff_a)
    url = reverse("unions:unit_merge", args=[world.grassroots_a.pk])
    response = client.post(url, {"sources": [value], "closed_on": "30/06/2026"})
    assert response.status_code == 200
    # Django's two refusals: not a number at all, or a number that is none of the choices.
    assert response.context["form"].errors["sources"] in (
        [f"“{value}” không phải là giá trị hợp lệ."],
        [f"Hãy chọn một lựa chọn hợp lệ. {value} không phải là một trong các lựa chọn khả thi."],
    )
    assert OrgUnit.objects.get(pk=world.grassroots_a2.pk).merged_into_id is None
