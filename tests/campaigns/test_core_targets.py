import datetime

import pytest
from django.urls import reverse

from awards.enums import Subject
from awards.models import AwardTitle
from campaigns.domain.core import save_record
from campaigns.enums import RegistrationState, TargetMetric
from campaigns.models import Target, TitleRegistration, UnitRegistration
from campaigns.queries.core import target_progress, targets_for_user
from tests.campaigns.factories_core import (
    CampaignFactory,
    DocumentFactory,
    PhaseDetailFactory,
    PhaseFactory,
    PledgeFactory,
    TargetFactory,
)
from tests.factories import BlockFactory, ClusterFactory, GrassrootsFactory, MemberFactory
from unionsite.errors import DomainError
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def good_worker(db):
    return AwardTitle.objects.get_or_create(
        code="cong-nhan-gioi-test", defaults={"name": "Công nhân giỏi (thử)", "subject": Subject.INDIVIDUAL}
    )[0]


def _register(campaign, unit, state):
    return UnitRegistration.objects.create(campaign=campaign, unit=unit, state=state)


def test_progress_is_computed_from_the_records(world, good_worker):
    enterprises = world.grassroots_a.block
    schools = BlockFactory(code="giao-duc", name="Khối giáo dục")
    world.grassroots_a2.block = schools
    world.grassroots_a2.save()
    extra = GrassrootsFactory(parent=world.district_a, block=enterprises)
    GrassrootsFactory(parent=world.district_a, block=enterprises, active=False)
    campaign = CampaignFactory(launched_by=world.city)
    reg_a = _register(campaign, world.grassroots_a, RegistrationState.ACCEPTED)
    _register(campaign, extra, RegistrationState.DRAFT)
    _register(campaign, world.grassroots_a2, RegistrationState.SUBMITTED)
    _register(campaign, world.grassroots_b, RegistrationState.ACCEPTED)
    for member in [world.member_a, MemberFactory(unit=world.grassroots_a)]:
        TitleRegistration.objects.create(registration=reg_a, title=good_worker, member=member)
    TitleRegistration.objects.create(registration=reg_a, title=good_worker, collective_name="Tổ hàn")

    city_share = TargetFactory(campaign=campaign, set_by=world.city, value=50)
    district_share = TargetFactory(campaign=campaign, set_by=world.district_a, block=enterprises, value=60)
    accepted = TargetFactory(
        campaign=campaign, set_by=world.district_a, metric=TargetMetric.ACCEPTED_REGISTRATIONS, value=2
    )
    titles = TargetFactory(
        campaign=campaign,
        set_by=world.district_a,
        metric=TargetMetric.TITLE_REGISTRATIONS,
        title=good_worker,
        value=3,
    )
    progress = {t.pk: t for t in target_progress(campaign, Target.objects.select_related("set_by"))}

    # City: 4 active grassroots unions (a, a2, extra, b); 3 have left the draft state.
    assert (progress[city_share.pk].done, progress[city_share.pk].base, progress[city_share.pk].percent) == (3, 4, 75)
    assert progress[city_share.pk].reached is True
    # Hà Đông, enterprises: a and extra; only a is registered.
    assert (progress[district_share.pk].done, progress[district_share.pk].base) == (1, 2)
    assert progress[district_share.pk].percent == 50
    assert progress[district_share.pk].reached is False
    assert (progress[accepted.pk].done, progress[accepted.pk].percent, progress[accepted.pk].reached) == (1, 50, False)
    assert (progress[titles.pk].done, progress[titles.pk].percent, progress[titles.pk].reached) == (3, 100, True)


def test_targets_shown_to_units_above_and_below_the_setting_unit(world):
    campaign = CampaignFactory(launched_by=world.city)
    TargetFactory(campaign=campaign, set_by=world.city, value=90)
    TargetFactory(campaign=campaign, set_by=world.district_a, value=80)
    TargetFactory(campaign=campaign, set_by=world.district_b, value=70)

    def values(user):
        return sorted(t.value for t in targets_for_user(user, campaign))

    assert values(world.insider) == [80, 90]
    assert values(world.reviewer) == [80, 90]
    assert values(world.city_reviewer) == [70, 80, 90]
    assert values(world.outsider) == [70, 90]


def test_campaign_page_shows_progress(client, world):
    campaign = CampaignFactory(launched_by=world.district_a)
    _register(campaign, world.grassroots_a, RegistrationState.SUBMITTED)
    TargetFactory(campaign=campaign, value=100)
    client.force_login(world.insider)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "1 trên 2 công đoàn (50%)" in page


@pytest.mark.parametrize("rows", [1, 3])
def test_campaign_page_query_count_does_not_grow(client, world, good_worker, django_assert_num_queries, rows):
    campaign = CampaignFactory(launched_by=world.city)
    for n in range(rows):
        TargetFactory(campaign=campaign, value=10 + n)
        TargetFactory(campaign=campaign, metric=TargetMetric.TITLE_REGISTRATIONS, title=good_worker, value=5 + n)
        phase = PhaseFactory(
            campaign=campaign,
            number=n + 1,
            starts_on=datetime.date(2023, n + 1, 1),
            ends_on=datetime.date(2023, n + 1, 28),
        )
        PhaseDetailFactory(phase=phase, unit=world.district_a)
        DocumentFactory(campaign=campaign, issued_by=world.district_a)
        cluster = ClusterFactory(organiser=world.district_a)
        pledge = PledgeFactory(campaign=campaign, cluster=cluster)
        pledge.signatories.set([world.grassroots_a, world.grassroots_a2])
    client.force_login(world.reviewer)
    with django_assert_num_queries(15):
        response = client.get(campaign.get_absolute_url())
    assert len(response.context["targets"]) == 2 * rows
    assert [len(p.visible_details) for p in response.context["phases"]] == [1] * rows
    assert len(response.context["documents"]) == rows
    assert len(response.context["pledges"]) == rows


def test_district_staff_adds_a_target_to_its_own_campaign(client, world, good_worker):
    campaign = CampaignFactory(launched_by=world.district_a)
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:target_add", args=[campaign.pk]),
        {
            "set_by": world.district_a.pk,
            "block": world.grassroots_a.block.pk,
            "metric": TargetMetric.TITLE_REGISTRATIONS,
            "title": good_worker.pk,
            "value": 120,
            "note": "",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.set_by, target.metric, target.title, target.value) == (
        world.district_a,
        TargetMetric.TITLE_REGISTRATIONS,
        good_worker,
        120,
    )
    assert history_for(target).get().action == "create"


def test_target_form_checks_title_and_share(client, world, good_worker):
    campaign = CampaignFactory(launched_by=world.district_a)
    client.force_login(world.reviewer)
    url = reverse("campaigns:target_add", args=[campaign.pk])
    base = {"set_by": world.district_a.pk, "block": "", "note": ""}
    errors = client.post(url, {**base, "metric": TargetMetric.TITLE_REGISTRATIONS, "value": 5}).context["form"].errors
    assert errors == {"title": ["Hãy chọn danh hiệu được đếm số đăng ký."]}
    errors = client.post(url, {**base, "metric": TargetMetric.REGISTERED_SHARE, "value": 120}).context["form"].errors
    assert errors == {"value": ["Tỷ lệ không thể vượt quá 100%."]}
    assert Target.objects.count() == 0


def test_upper_unit_adds_its_own_target_to_a_city_campaign_and_only_it_edits_it(client, world):
    campaign = CampaignFactory(launched_by=world.city)
    client.force_login(world.reviewer)
    url = reverse("campaigns:target_add", args=[campaign.pk])
    assert list(client.get(url).context["form"].fields["set_by"].queryset) == [world.district_a]
    response = client.post(url, {"set_by": world.city.pk, "metric": TargetMetric.REGISTERED_SHARE, "value": 90})
    assert "set_by" in response.context["form"].errors
    client.post(url, {"set_by": world.district_a.pk, "metric": TargetMetric.REGISTERED_SHARE, "value": 90})
    target = Target.objects.get()
    edit = reverse("campaigns:target_edit", args=[target.pk])
    client.force_login(world.city_reviewer)
    assert client.get(edit).status_code == 403
    client.force_login(world.staff_b)
    assert client.get(edit).status_code == 404
    client.force_login(world.insider)
    assert client.get(edit).status_code == 403
    assert client.get(url).status_code == 403
    client.force_login(world.reviewer)
    response = client.post(edit, {"set_by": world.district_a.pk, "metric": TargetMetric.REGISTERED_SHARE, "value": 95})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == 95
    assert history_for(target).first().changes == {"value": [90, 95]}


def test_a_target_is_withdrawn_with_its_reason_and_kept(client, world):
    target = TargetFactory(campaign=CampaignFactory(launched_by=world.district_a))
    url = reverse("campaigns:target_withdraw", args=[target.pk])
    client.force_login(world.city_reviewer)
    assert client.post(url, {"reason": "Sai khối"}).status_code == 403
    client.force_login(world.reviewer)
    response = client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Hãy nêu lý do rút chỉ tiêu."]
    assert Target.objects.count() == 1
    assert client.post(url, {"reason": "Sai khối"}).status_code == 302
    assert Target.objects.count() == 0
    kept = Target.all_objects.get(pk=target.pk)
    assert (kept.withdrawn_by, kept.withdraw_reason, kept.withdrawn_at is not None) == (
        world.reviewer,
        "Sai khối",
        True,
    )
    assert [(r.action, r.note) for r in history_for(target.campaign)] == [("other", "Sai khối")]
    assert [(r.action, r.changes, r.note) for r in history_for(target)] == [
        ("transition", {"withdrawn": [False, True]}, "Sai khối")
    ]
    # Gone from the campaign's page and its figures.
    assert client.get(target.campaign.get_absolute_url()).context["targets"] == []


def test_a_second_target_for_the_same_block_is_refused_naming_the_first(client, world, good_worker):
    campaign = CampaignFactory(launched_by=world.district_a)
    client.force_login(world.reviewer)
    url = reverse("campaigns:target_add", args=[campaign.pk])
    share = {
        "set_by": world.district_a.pk,
        "block": world.grassroots_a.block.pk,
        "metric": TargetMetric.REGISTERED_SHARE,
        "value": 90,
        "note": "",
    }
    assert client.post(url, share).status_code == 302
    response = client.post(url, {**share, "value": 95})
    assert response.context["form"].errors == {
        "block": [
            "LĐLĐ quận Hà Đông đã đặt chỉ tiêu này cho khối Khối doanh nghiệp: "
            "Tỷ lệ công đoàn cơ sở đăng ký thi đua (%): 90. Hãy sửa chỉ tiêu đó."
        ]
    }
    titles = {**share, "block": "", "metric": TargetMetric.TITLE_REGISTRATIONS, "title": good_worker.pk, "value": 12}
    assert client.post(url, titles).status_code == 302
    response = client.post(url, titles)
    assert response.context["form"].errors == {
        "block": [
            "LĐLĐ quận Hà Đông đã đặt chỉ tiêu này cho tất cả các khối: "
            "Số đăng ký danh hiệu – Công nhân giỏi (thử): 12. Hãy sửa chỉ tiêu đó."
        ]
    }
    # Another metric for the block, and the first target's own edit, are accepted.
    assert client.post(url, {**share, "metric": TargetMetric.ACCEPTED_REGISTRATIONS}).status_code == 302
    first = Target.objects.get(metric=TargetMetric.REGISTERED_SHARE)
    assert client.post(reverse("campaigns:target_edit", args=[first.pk]), {**share, "value": 95}).status_code == 302
    assert sorted(Target.objects.values_list("metric", "value")) == [
        (TargetMetric.ACCEPTED_REGISTRATIONS, 90),
        (TargetMetric.REGISTERED_SHARE, 95),
        (TargetMetric.TITLE_REGISTRATIONS, 12),
    ]


def test_the_domain_refuses_a_second_target_whoever_calls_it(world):
    campaign = CampaignFactory(launched_by=world.district_a)
    TargetFactory(
        campaign=campaign, set_by=world.district_a, block=None, metric=TargetMetric.REGISTERED_SHARE, value=80
    )
    twin = Target(campaign=campaign, set_by=world.district_a, metric=TargetMetric.REGISTERED_SHARE, value=100)
    with pytest.raises(DomainError) as raised:
        save_record(twin, by=world.reviewer)
    assert raised.value.message_dict == {
        "block": [
            "LĐLĐ quận Hà Đông đã đặt chỉ tiêu này cho tất cả các khối: "
            "Tỷ lệ công đoàn cơ sở đăng ký thi đua (%): 80. Hãy sửa chỉ tiêu đó."
        ]
    }
    assert Target.objects.count() == 1
