import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from campaigns.domain.core import close_phase, save_phase
from campaigns.models import Phase
from tests.campaigns.factories_core import CampaignFactory, PhaseDetailFactory, PhaseFactory
from unionsite.errors import DomainError
from unionsite.history import history_for

pytestmark = pytest.mark.django_db

THEME_1 = "Đoàn kết, sáng tạo, thi đua lập thành tích chào mừng Đại hội Công đoàn các cấp"
THEME_2 = "Thi đua lao động giỏi – Lao động sáng tạo, hoàn thành thắng lợi nhiệm vụ năm 2023"


def _phase_post(number, name, starts_on, ends_on, theme, **flags):
    data = {"number": number, "name": name, "starts_on": starts_on, "ends_on": ends_on, "theme": theme}
    data.update({flag: "on" for flag, on in flags.items() if on})
    return data


def test_ha_dong_2023_phases_are_entered_exactly(client, world):
    campaign = CampaignFactory(launched_by=world.district_a, title="Phong trào thi đua năm 2023")
    client.force_login(world.reviewer)
    url = reverse("campaigns:phase_add", args=[campaign.pk])
    form = client.get(url).context["form"]
    assert (form["number"].value(), form["name"].value()) == (1, "Đợt 1")
    response = client.post(url, _phase_post(1, "Đợt 1", "01/01/2023", "30/06/2023", THEME_1, review_open=True))
    assert response.status_code == 302
    assert client.get(url).context["form"]["name"].value() == "Đợt 2"
    response = client.post(url, _phase_post(2, "Đợt 2", "2023-07-01", "2023-12-31", THEME_2, is_final=True))
    assert response.status_code == 302
    assert list(
        Phase.objects.filter(campaign=campaign).values_list(
            "number", "name", "starts_on", "ends_on", "theme", "review_open", "is_final"
        )
    ) == [
        (1, "Đợt 1", datetime.date(2023, 1, 1), datetime.date(2023, 6, 30), THEME_1, True, False),
        (2, "Đợt 2", datetime.date(2023, 7, 1), datetime.date(2023, 12, 31), THEME_2, False, True),
    ]
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert THEME_1 in page
    assert "01/07/2023 – 31/12/2023" in page


def test_phase_outside_the_campaign_period_is_refused(client, world):
    campaign = CampaignFactory(launched_by=world.district_a)
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:phase_add", args=[campaign.pk]),
        _phase_post(1, "Đợt 1", "15/12/2022", "30/06/2023", THEME_1),
    )
    assert response.context["form"].errors["starts_on"] == [
        "Ngày phải nằm trong thời gian của phong trào (01/01/2023 – 31/12/2023)."
    ]
    assert Phase.objects.count() == 0


def test_overlapping_phases_are_refused(client, world):
    campaign = CampaignFactory(launched_by=world.district_a)
    PhaseFactory(campaign=campaign, number=1, starts_on=datetime.date(2023, 1, 1), ends_on=datetime.date(2023, 6, 30))
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:phase_add", args=[campaign.pk]),
        _phase_post(2, "Đợt 2", "30/06/2023", "31/12/2023", THEME_2),
    )
    assert response.context["form"].non_field_errors() == [
        "Đợt này trùng thời gian với Đợt 1 (01/01/2023 – 30/06/2023)."
    ]
    assert Phase.objects.count() == 1


def test_phase_cannot_end_before_it_starts(client, world):
    campaign = CampaignFactory(launched_by=world.district_a)
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:phase_add", args=[campaign.pk]), _phase_post(1, "Đợt 1", "30/06/2023", "01/01/2023", "")
    )
    assert response.context["form"].errors["ends_on"] == ["Đợt không thể kết thúc trước khi bắt đầu."]


def test_domain_rechecks_overlap_even_without_the_form(world):
    campaign = CampaignFactory(launched_by=world.district_a)
    PhaseFactory(campaign=campaign, number=1)
    clash = Phase(
        campaign=campaign,
        number=2,
        name="Đợt 2",
        starts_on=datetime.date(2023, 3, 1),
        ends_on=datetime.date(2023, 9, 1),
    )
    with pytest.raises(ValidationError) as raised:
        save_phase(clash, by=world.reviewer)
    assert raised.value.message_dict == {"__all__": ["Đợt này trùng thời gian với Đợt 1 (01/01/2023 – 30/06/2023)."]}


def test_edit_phase_records_history(client, world):
    phase = PhaseFactory(campaign=CampaignFactory(launched_by=world.district_a), theme="cũ")
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:phase_edit", args=[phase.pk]),
        _phase_post(1, "Đợt 1", "01/01/2023", "30/06/2023", THEME_1, self_assessment_open=True),
    )
    assert response.status_code == 302
    phase.refresh_from_db()
    assert (phase.theme, phase.self_assessment_open) == (THEME_1, True)
    assert history_for(phase).get().changes == {"theme": ["cũ", THEME_1], "self_assessment_open": [False, True]}


@pytest.mark.parametrize("url_name", ["campaigns:phase_edit", "campaigns:phase_close"])
def test_phase_pages_reviewer_above_forbidden_officer_forbidden_outsider_hidden(client, world, url_name):
    phase = PhaseFactory(campaign=CampaignFactory(launched_by=world.district_a))
    url = reverse(url_name, args=[phase.pk])
    for user, status in [(world.city_reviewer, 403), (world.insider, 403), (world.outsider, 404)]:
        client.force_login(user)
        assert client.post(url).status_code == status


def test_close_phase_sets_closed_at_and_turns_flags_off(client, world):
    phase = PhaseFactory(campaign=CampaignFactory(launched_by=world.district_a), registration_open=True)
    client.force_login(world.reviewer)
    response = client.post(reverse("campaigns:phase_close", args=[phase.pk]), {"note": "Sơ kết đợt 1"})
    assert response.status_code == 302
    phase.refresh_from_db()
    assert phase.closed_at is not None
    assert phase.registration_open is False
    record = history_for(phase).get()
    assert (record.action, record.changes, record.note) == (
        "transition",
        {"closed_at": [None, phase.closed_at.isoformat()]},
        "Sơ kết đợt 1",
    )
    # A closed phase can no longer be edited.
    response = client.get(reverse("campaigns:phase_edit", args=[phase.pk]))
    assert response.status_code == 302


def test_closing_twice_is_refused_plainly(world):
    phase = PhaseFactory(campaign=CampaignFactory(launched_by=world.district_a))
    close_phase(phase, by=world.reviewer)
    with pytest.raises(DomainError) as raised:
        close_phase(Phase.objects.get(pk=phase.pk), by=world.reviewer)
    assert str(raised.value) == "Đợt này đã được kết thúc trước đó."


def test_upper_unit_adds_phase_details_for_its_subtree_of_a_city_campaign(client, world):
    phase = PhaseFactory(campaign=CampaignFactory(launched_by=world.city))
    client.force_login(world.reviewer)
    url = reverse("campaigns:phase_detail_add", args=[phase.campaign.pk])
    form = client.get(url).context["form"]
    assert list(form.fields["unit"].queryset) == [world.district_a]
    response = client.post(url, {"phase": phase.pk, "unit": world.district_a.pk, "details": "Hà Đông sơ kết 10/7."})
    assert response.status_code == 302
    detail = phase.details.get()
    assert detail.unit == world.district_a
    client.force_login(world.insider)
    assert "Hà Đông sơ kết 10/7." in client.get(phase.campaign.get_absolute_url()).content.decode()
    client.force_login(world.outsider)
    assert "Hà Đông sơ kết 10/7." not in client.get(phase.campaign.get_absolute_url()).content.decode()
    client.force_login(world.staff_b)
    assert client.get(reverse("campaigns:phase_detail_edit", args=[detail.pk])).status_code == 404
    client.force_login(world.city_reviewer)
    assert client.get(reverse("campaigns:phase_detail_edit", args=[detail.pk])).status_code == 403


def test_grassroots_officer_may_not_add_phase_details(client, world):
    phase = PhaseFactory(campaign=CampaignFactory(launched_by=world.city))
    client.force_login(world.insider)
    assert client.get(reverse("campaigns:phase_detail_add", args=[phase.campaign.pk])).status_code == 403


def test_phase_detail_edit_by_its_unit(client, world):
    detail = PhaseDetailFactory(phase__campaign__launched_by=world.city, unit=world.district_a, details="cũ")
    client.force_login(world.reviewer)
    response = client.post(reverse("campaigns:phase_detail_edit", args=[detail.pk]), {"details": "mới"})
    assert response.status_code == 302
    detail.refresh_from_db()
    assert detail.details == "mới"
    assert history_for(detail).get().changes == {"details": ["cũ", "mới"]}


def test_open_phases_read_the_flags_of_a_launched_campaign(world):
    from campaigns.enums import CampaignState
    from campaigns.queries.core import open_phases

    campaign = CampaignFactory(launched_by=world.district_a)
    first = PhaseFactory(campaign=campaign, number=1, registration_open=True)
    PhaseFactory(
        campaign=campaign,
        number=2,
        starts_on=datetime.date(2023, 7, 1),
        ends_on=datetime.date(2023, 12, 31),
        self_assessment_open=True,
    )
    assert [p.number for p in open_phases(campaign, "registration_open")] == [1]
    assert [p.number for p in open_phases(campaign, "self_assessment_open")] == [2]
    close_phase(first, by=world.reviewer)
    assert list(open_phases(campaign, "registration_open")) == []
    campaign.state = CampaignState.CLOSED
    assert list(open_phases(campaign, "self_assessment_open")) == []
    with pytest.raises(ValueError, match="is_final"):
        open_phases(campaign, "is_final")


def test_phase_of_a_draft_is_removed_with_a_record_on_the_campaign(client, world):
    from campaigns.enums import CampaignState

    campaign = CampaignFactory(launched_by=world.district_a, state=CampaignState.DRAFT)
    phase = PhaseFactory(campaign=campaign, name="Đợt nhầm")
    url = reverse("campaigns:phase_delete", args=[phase.pk])
    # A draft is not shown to grassroots officers yet: 404 for them too.
    for user, status in [(world.city_reviewer, 403), (world.insider, 404), (world.outsider, 404)]:
        client.force_login(user)
        assert client.post(url).status_code == status
    client.force_login(world.reviewer)
    response = client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Đã xóa Đợt nhầm."]
    assert Phase.objects.count() == 0
    record = history_for(campaign).get()
    assert (record.action, record.changes, record.note) == (
        "other",
        {"phase": ["Đợt nhầm", None]},
        "Đã xóa đợt: Đợt nhầm",
    )


def test_phase_of_a_launched_campaign_is_not_removed(client, world):
    phase = PhaseFactory(campaign=CampaignFactory(launched_by=world.district_a))
    client.force_login(world.reviewer)
    response = client.post(reverse("campaigns:phase_delete", args=[phase.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Chỉ có thể xóa đợt khi phong trào còn ở trạng thái nháp."
    ]
    assert Phase.objects.count() == 1


ENDED = "Đợt 1 đã kết thúc ngày 30/06/2023: không thể mở đăng ký cho đợt này. Hãy dời ngày kết thúc trước."


def test_registration_is_not_opened_on_a_phase_that_has_ended(client, world):
    phase = PhaseFactory(campaign=CampaignFactory(launched_by=world.district_a))  # 01/01–30/06/2023
    client.force_login(world.reviewer)
    url = reverse("campaigns:phase_edit", args=[phase.pk])
    response = client.post(url, _phase_post(1, "Đợt 1", "01/01/2023", "30/06/2023", THEME_1, registration_open=True))
    assert response.status_code == 200
    assert response.context["form"].errors == {"registration_open": [ENDED]}
    phase.refresh_from_db()
    assert phase.registration_open is False
    # The domain refuses it whoever calls it.
    phase.registration_open = True
    with pytest.raises(DomainError) as raised:
        save_phase(phase, by=world.reviewer)
    assert raised.value.message_dict == {"registration_open": [ENDED]}
    assert Phase.objects.get(pk=phase.pk).registration_open is False


def test_registration_opens_on_a_running_phase_and_a_phase_left_open_stays_editable(client, world):
    today = timezone.localdate()
    campaign = CampaignFactory(
        launched_by=world.district_a,
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=60),
    )
    running = PhaseFactory(campaign=campaign, number=2, starts_on=today - datetime.timedelta(days=10), ends_on=today)
    client.force_login(world.reviewer)
    dates = {"starts_on": running.starts_on.strftime("%d/%m/%Y"), "ends_on": today.strftime("%d/%m/%Y")}
    data = _phase_post(2, "Đợt 2", theme=THEME_2, registration_open=True, **dates)
    assert client.post(reverse("campaigns:phase_edit", args=[running.pk]), data).status_code == 302
    assert Phase.objects.get(pk=running.pk).registration_open is True

    left_open = PhaseFactory(campaign=CampaignFactory(launched_by=world.district_a), registration_open=True)
    data = _phase_post(1, "Đợt 1", "01/01/2023", "30/06/2023", THEME_2, registration_open=True)
    assert client.post(reverse("campaigns:phase_edit", args=[left_open.pk]), data).status_code == 302
    assert Phase.objects.get(pk=left_open.pk).theme == THEME_2
