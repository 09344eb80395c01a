"""Registrations the district keys in for its unions count on the coverage page at once (issue 9, item 2).

The clerk types in the union's own registration, received on paper: it is created and accepted in one
go through the workflow's "accept_on_behalf" move, the history says who keyed it and for whom, and the
clerk keeps keying in the union's title registrations while registration is open.
"""

import pytest
from django.urls import reverse

from campaigns.domain import registrations as domain
from campaigns.enums import AssessmentState
from campaigns.enums import RegistrationState as S
from campaigns.models import SelfAssessment, TitleRegistration, UnitRegistration
from tests.campaigns.factories_registrations import open_campaign, worker_title
from tests.factories import GrassrootsFactory
from unions.models import OrgUnit
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(world):
    """A district campaign with registration open today, over five unions of district_a."""
    campaign = open_campaign(world.district_a)
    GrassrootsFactory(parent=world.district_a, name="Công đoàn Công ty May Hà Đông", short_code="HD-MAY")
    GrassrootsFactory(parent=world.district_a, name="Công đoàn Khách sạn Hà Đông", short_code="HD-KS")
    GrassrootsFactory(parent=world.district_a, name="Công đoàn Công ty Phân phối", short_code="HD-PP")
    return campaign


def coverage(client, user, campaign):
    client.force_login(user)
    return client.get(reverse("campaigns:coverage", args=[campaign.pk]))


def register(client, user, campaign, unit, commitments="Cam kết 100% đoàn viên đăng ký thi đua"):
    client.force_login(user)
    return client.post(
        reverse("campaigns:registration_create", args=[campaign.pk]),
        {"unit": unit.pk, "commitments": commitments},
        follow=True,
    )


def test_registrations_the_district_keys_in_count_on_coverage_at_once(client, world, campaign):
    assert coverage(client, world.staff_a, campaign).context["summary"] == {"total": 5, "registered": 0, "assessed": 0}
    # The union's own officer starts a draft: not counted until submitted.
    register(client, world.officer_a, campaign, world.grassroots_a)
    assert coverage(client, world.staff_a, campaign).context["summary"] == {"total": 5, "registered": 0, "assessed": 0}
    # The district clerk keys in two unions' paper registrations: counted at once.
    for unit in (world.grassroots_a2, OrgUnit.objects.get(short_code="HD-MAY")):
        response = register(client, world.staff_a, campaign, unit)
        assert [str(m) for m in response.context["messages"]] == [
            f"Đã nhập thay và chấp nhận bản đăng ký của {unit.name}: công đoàn được tính là đã đăng ký. "
            "Tiếp theo: nhập danh sách đăng ký danh hiệu (nhập nhanh hoặc nhập từ Excel)."
        ]
    response = coverage(client, world.staff_a, campaign)
    assert response.context["summary"] == {"total": 5, "registered": 2, "assessed": 0}
    assert "Đã đăng ký: 2 trên 5 công đoàn. Đã tự đánh giá: 0 trên 5." in response.content.decode()
    rows = {u.short_code: (u.is_registered, u.registration_state) for u in response.context["page_obj"]}
    assert rows == {
        "FECON": (False, S.DRAFT),
        "TH-VY": (True, S.ACCEPTED),
        "HD-MAY": (True, S.ACCEPTED),
        "HD-KS": (False, None),
        "HD-PP": (False, None),
    }
    assert "(bản nháp, chưa gửi)" in response.content.decode()
    # The city sees the same figures for the district's unions.
    assert coverage(client, world.city_reviewer, campaign).context["summary"]["registered"] == 2


def test_a_keyed_in_registration_is_accepted_through_the_workflow_with_history(client, world, campaign):
    register(client, world.staff_a, campaign, world.grassroots_a, commitments="Cam kết")
    registration = UnitRegistration.objects.get()
    assert (registration.state, registration.created_by) == (S.ACCEPTED, world.staff_a)
    assert registration.submitted_at is not None
    assert registration.accepted_at == registration.submitted_at
    history = [(e.action, e.changes, e.actor) for e in history_for(registration)]
    assert history == [
        ("transition", {"state": ["draft", "accepted"]}, world.staff_a),
        (
            "create",
            {"commitments": [None, "Cam kết"], "on_behalf_of": [None, "Công đoàn Công ty Cổ phần Fecon"]},
            world.staff_a,
        ),
    ]
    page = client.get(registration.get_absolute_url()).content.decode()
    assert "<strong>nhập thay cho</strong>: Công đoàn Công ty Cổ phần Fecon" in page
    assert "<strong>trạng thái</strong>: Nháp → Đã chấp nhận" in page


def test_the_officer_registering_the_union_makes_a_draft_without_on_behalf(client, world, campaign):
    register(client, world.officer_a, campaign, world.grassroots_a, commitments="Cam kết")
    registration = UnitRegistration.objects.get()
    assert registration.state == S.DRAFT
    assert [(e.action, e.changes) for e in history_for(registration)] == [
        ("create", {"commitments": [None, "Cam kết"]})
    ]


def test_the_city_keying_in_is_on_behalf_too(world, campaign):
    registration = domain.create_registration(campaign, world.grassroots_a2, by=world.city_reviewer)
    assert registration.state == S.ACCEPTED


def test_the_district_keys_titles_into_the_accepted_registration_but_the_union_may_not(client, world, campaign):
    worker_title()
    register(client, world.staff_a, campaign, world.grassroots_a)
    registration = UnitRegistration.objects.get()
    grid = reverse("campaigns:registration_grid", args=[registration.pk])
    row = {"full_name": ["Nguyễn Thị Kim Dung"], "title": ["Công nhân giỏi"], "birth_date": [""], "collective": [""]}
    response = client.post(grid, {**row, "note": [""], "member_id": [""]})
    assert response.status_code == 302
    assert TitleRegistration.objects.filter(registration=registration).count() == 1
    entry = history_for(registration).first()
    assert (entry.action, entry.changes, entry.actor) == (
        "update",
        {
            "title_registrations": [0, 1],
            "entered_through": [None, "grid"],
            "on_behalf_of": [None, "Công đoàn Công ty Cổ phần Fecon"],
        },
        world.staff_a,
    )
    detail = client.get(registration.get_absolute_url())
    assert detail.context["can_change"] is True
    client.force_login(world.officer_a)
    assert client.get(registration.get_absolute_url()).context["can_change"] is False
    response = client.post(grid, {**row, "full_name": ["Lê Văn Nam"], "note": [""], "member_id": [""]})
    assert "Bản đăng ký đã được chấp nhận, không thể sửa nữa." in response.content.decode()
    assert TitleRegistration.objects.filter(registration=registration).count() == 1


def test_the_list_offers_fast_entry_on_a_keyed_in_registration_to_the_district_only(client, world, campaign):
    register(client, world.staff_a, campaign, world.grassroots_a)
    url = reverse("campaigns:registration_list", args=[campaign.pk])
    rows = {u.short_code: u.can_enter for u in client.get(url).context["rows"]}
    assert rows["FECON"] is True
    client.force_login(world.officer_a)
    assert {u.short_code: u.can_enter for u in client.get(url).context["rows"]} == {"FECON": False}


def test_coverage_says_why_a_self_assessed_union_is_not_registered(client, world, campaign):
    phase = campaign.phases.get()
    register(client, world.officer_a, campaign, world.grassroots_a)  # a draft
    SelfAssessment.objects.create(phase=phase, unit=world.grassroots_a, state=AssessmentState.SUBMITTED)
    SelfAssessment.objects.create(phase=phase, unit=world.grassroots_a2, state=AssessmentState.SUBMITTED)
    response = coverage(client, world.staff_a, campaign)
    assert response.context["summary"] == {"total": 5, "registered": 0, "assessed": 2}
    page = response.content.decode()
    assert page.count('data-testid="assessed-before-registering"') == 2
    assert (
        "Đã tự đánh giá trước khi đăng ký: bản đăng ký của công đoàn vẫn là bản nháp; chỉ được tính khi đã gửi "
        "hoặc được chấp nhận."
    ) in page
    assert (
        "Đã tự đánh giá trước khi đăng ký: công đoàn chưa có bản đăng ký cho phong trào này; hãy nhập thay hoặc "
        "nhắc công đoàn đăng ký."
    ) in page
    # Once the district accepts the draft on the union's behalf the note goes.
    registration = UnitRegistration.objects.get(unit=world.grassroots_a)
    domain.transition(registration, S.ACCEPTED, by=world.staff_a)
    page = coverage(client, world.staff_a, campaign).content.decode()
    assert page.count('data-testid="assessed-before-registering"') == 1
