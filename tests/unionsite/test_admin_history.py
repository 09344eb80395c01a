"""The Django admin records every save and delete in the change log; awards and decisions are never
deleted there (issue 13: "an award's year was changed and the award deleted with no history row")."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils import timezone

from awards.models import Award, AwardTitle, Quota, TitleLevel
from tests.awards.factories import AwardFactory, DecisionFactory
from unionsite.admin import MASK, HistoryAdminMixin
from unionsite.history import history_for
from unionsite.models import ChangeRecord

pytestmark = pytest.mark.django_db

NOTE = "Trang quản trị Django"


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def test_every_model_of_the_admin_records_its_changes():
    assert admin.site._registry
    assert [
        model for model, model_admin in admin.site._registry.items() if not isinstance(model_admin, HistoryAdminMixin)
    ] == []


def test_an_award_edited_in_the_admin_keeps_who_what_and_when(admin_client, world):
    award = AwardFactory(unit=world.grassroots_a, member=world.member_a, year=2026, decision=None)
    data = {
        "title": award.title_id,
        "level": award.level,
        "year": "2025",
        "unit": world.grassroots_a.pk,
        "member": world.member_a.pk,
        "collective_name": "",
        "method": "regular",
        "decision": "",
        "nomination": "",
        "revoked_at_0": "",
        "revoked_at_1": "",
        "revoke_reason": "",
    }
    response = admin_client.post(f"/quan-tri/awards/award/{award.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry = history_for(award).get()
    assert (entry.action, entry.changes, entry.note, entry.actor) == (
        "update",
        {"year": [2026, 2025]},
        NOTE,
        world.admin,
    )


def test_awards_and_decisions_are_never_deleted_in_the_admin(admin_client, world):
    award = AwardFactory(unit=world.grassroots_a, member=world.member_a)
    decision = DecisionFactory(unit=world.district_a)
    assert admin_client.get(f"/quan-tri/awards/award/{award.pk}/delete/").status_code == 403
    assert admin_client.post(f"/quan-tri/awards/award/{award.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin_client.get(f"/quan-tri/awards/decision/{decision.pk}/delete/").status_code == 403
    assert Award.objects.filter(pk=award.pk).exists()


def test_a_quota_deleted_in_the_admin_leaves_its_values_in_the_log(admin_client, world):
    quota = Quota.objects.create(
        title=AwardTitle.objects.get(code="cong-nhan-gioi"),
        level="upper",
        year=2026,
        unit=world.district_a,
        max_count=5,
    )
    pk = quota.pk
    response = admin_client.post(f"/quan-tri/awards/quota/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    entry = ChangeRecord.objects.get(content_type__model="quota", object_id=pk)
    assert (entry.action, entry.actor, entry.note) == ("delete", world.admin, NOTE)
    assert entry.changes == {
        "title": ["Công nhân giỏi", None],
        "level": ["upper", None],
        "year": [2026, None],
        "unit": ["LĐLĐ quận Hà Đông", None],
        "max_count": [5, None],
    }


def test_delete_selected_and_what_it_cascades_to_are_each_recorded(admin_client, world):
    first = AwardTitle.objects.create(code="thu-nghiem-1", name="Danh hiệu thử 1", subject="individual")
    second = AwardTitle.objects.create(code="thu-nghiem-2", name="Danh hiệu thử 2", subject="individual")
    level = TitleLevel.objects.create(title=first, level="upper", decided_by="upper")
    response = admin_client.post(
        "/quan-tri/awards/awardtitle/",
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    deleted = ChangeRecord.objects.filter(action="delete")
    assert sorted((r.content_type.model, r.object_id) for r in deleted) == sorted(
        [("awardtitle", first.pk), ("awardtitle", second.pk), ("titlelevel", level.pk)]
    )
    assert not AwardTitle.objects.filter(code__startswith="thu-nghiem").exists()


def test_making_someone_a_superuser_and_changing_a_password_are_recorded(admin_client, world):
    user = world.officer_a
    # The admin's form shows times to the second: a join time with microseconds would read as changed.
    user.date_joined = user.date_joined.replace(microsecond=0)
    user.save(update_fields=["date_joined"])
    change = admin_client.get(f"/quan-tri/auth/user/{user.pk}/change/")
    form = change.context["adminform"].form
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": timezone.localtime(form["date_joined"].value()).strftime("%d/%m/%Y"),
        "date_joined_1": timezone.localtime(form["date_joined"].value()).strftime("%H:%M:%S"),
    }
    response = admin_client.post(f"/quan-tri/auth/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry = history_for(user).get()
    assert (entry.changes, entry.actor, entry.note) == (
        {"is_staff": [False, True], "is_superuser": [False, True]},
        world.admin,
        NOTE,
    )
    response = admin_client.post(
        f"/quan-tri/auth/user/{user.pk}/password/",
        {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!", "usable_password": "true"},
    )
    assert response.status_code == 302
    entry = history_for(user).first()
    assert entry.changes == {"password": [MASK, MASK]}
    assert entry.note.startswith(f"{NOTE}: ")
    assert get_user_model().objects.get(pk=user.pk).check_password("Mat-khau-moi-2026!")
