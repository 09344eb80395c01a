"""The initiatives tables in the Django admin: the data tables are edited there, dossiers and
recognition decisions are only shown (they change through the pages, which keep the history)."""

import pytest
from django.urls import reverse

from initiatives.models import CriteriaSet, Initiative, RecognitionDecision
from initiatives.seed import seed_current
from tests.initiatives.factories import make_council, make_initiative, recognise

pytestmark = pytest.mark.django_db

EDITABLE = ["initiativefield", "programme", "criteriaset", "valuethreshold", "council"]


@pytest.fixture
def recognised(world):
    initiative = make_initiative(world.grassroots_a, world.officer_a, title="Máy cắt thép tự động", submit=True)
    make_council(world.grassroots_a, world.officer_a)
    recognise(initiative, world.officer_a, number="12/QĐ-CĐ")
    return initiative


@pytest.mark.parametrize("model", EDITABLE)
def test_data_tables_are_listed_and_can_be_added(client, world, model):
    seed_current()
    client.force_login(world.admin)
    assert client.get(reverse(f"admin:initiatives_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:initiatives_{model}_add")).status_code == 200


def test_a_criteria_set_is_edited_with_its_criteria_and_grades(client, world):
    seed_current()
    client.force_login(world.admin)
    criteria_set = CriteriaSet.objects.get(level="grassroots", year=None)
    html = client.get(reverse("admin:initiatives_criteriaset_change", args=[criteria_set.pk])).content.decode()
    assert 'name="criteria-0-code" value="novelty"' in html
    assert 'name="grades-0-grade"' in html


def test_initiatives_are_read_only_and_searched_without_diacritics(client, world, recognised):
    make_initiative(world.grassroots_a, world.officer_a, title="Khuôn ép nhựa nhiều lòng")
    client.force_login(world.admin)
    changelist = reverse("admin:initiatives_initiative_changelist")
    response = client.get(changelist, {"q": "may CAT"})
    assert [i.title for i in response.context["cl"].result_list] == ["Máy cắt thép tự động"]
    response = client.get(changelist, {"q": "fecon nhua"})
    assert [i.title for i in response.context["cl"].result_list] == ["Khuôn ép nhựa nhiều lòng"]
    assert client.get(reverse("admin:initiatives_initiative_add")).status_code == 403
    change = reverse("admin:initiatives_initiative_change", args=[recognised.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert 'name="title"' not in response.content.decode()
    client.post(change, {"title": "Đổi tên"})
    assert Initiative.objects.get(pk=recognised.pk).title == "Máy cắt thép tự động"
    assert client.get(reverse("admin:initiatives_initiative_delete", args=[recognised.pk])).status_code == 403


def test_recognition_decisions_are_shown_with_their_initiatives(client, world, recognised):
    client.force_login(world.admin)
    decision = RecognitionDecision.objects.get()
    response = client.get(reverse("admin:initiatives_recognitiondecision_changelist"), {"q": "12/QĐ"})
    assert list(response.context["cl"].result_list) == [decision]
    html = client.get(reverse("admin:initiatives_recognitiondecision_change", args=[decision.pk])).content.decode()
    assert "Máy cắt thép tự động" in html
    assert 'name="number"' not in html


def test_only_superusers_reach_the_admin(client, world):
    client.force_login(world.city_reviewer)
    response = client.get(reverse("admin:initiatives_initiative_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
