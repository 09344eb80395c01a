"""Registration pages: insider, reviewer above and outsider on every view; query counts on lists."""

import pytest
from django.urls import reverse

from campaigns.domain import registrations as domain
from campaigns.enums import RegistrationState as S
from campaigns.models import TitleRegistration, UnitRegistration
from tests.campaigns.factories_registrations import (
    RegCampaignFactory,
    RegPhaseFactory,
    TitleRegistrationFactory,
    UnitRegistrationFactory,
    open_campaign,
    worker_title,
)
from tests.factories import GrassrootsFactory, MemberFactory
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(world):
    return open_campaign(world.district_a)


@pytest.fixture
def registration(world, campaign):
    return UnitRegistrationFactory(campaign=campaign, unit=world.grassroots_a, commitments="Cam kết 100% đoàn viên")


def login(client, user):
    client.force_login(user)
    return client


# The list of a campaign's registrations


def test_list_insider_sees_only_their_union(client, world, campaign, registration):
    response = login(client, world.insider).get(reverse("campaigns:registration_list", args=[campaign.pk]))
    assert response.status_code == 200
    assert [u.name for u in response.context["rows"]] == ["Công đoàn Công ty Cổ phần Fecon"]
    assert response.context["rows"][0].registration == registration


def test_list_reviewer_sees_every_union_below_with_its_state(client, world, campaign, registration):
    TitleRegistrationFactory(registration=registration, member=world.member_a)
    response = login(client, world.reviewer).get(reverse("campaigns:registration_list", args=[campaign.pk]))
    rows = response.context["rows"]
    assert [(u.name, u.registration and u.registration.title_count, u.can_register) for u in rows] == [
        ("Công đoàn Công ty Cổ phần Fecon", 1, False),
        ("Công đoàn trường Tiểu học Văn Yên", None, True),
    ]
    assert "Chưa đăng ký" in response.content.decode()
    assert [u.can_enter for u in rows] == [True, False]


def test_list_filters_by_state_and_name(client, world, campaign, registration):
    login(client, world.reviewer)
    url = reverse("campaigns:registration_list", args=[campaign.pk])
    assert [u.short_code for u in client.get(url, {"state": "none"}).context["rows"]] == ["TH-VY"]
    assert [u.short_code for u in client.get(url, {"state": "draft"}).context["rows"]] == ["FECON"]
    assert [u.short_code for u in client.get(url, {"state": "accepted"}).context["rows"]] == []
    assert [u.short_code for u in client.get(url, {"q": "tieu hoc van yen"}).context["rows"]] == ["TH-VY"]


def test_list_outsider_gets_404(client, world, campaign):
    response = login(client, world.outsider).get(reverse("campaigns:registration_list", args=[campaign.pk]))
    assert response.status_code == 404


def test_list_of_a_city_campaign_shows_each_side_its_own_unions(client, world):
    city_campaign = open_campaign(world.city)
    response = login(client, world.outsider).get(reverse("campaigns:registration_list", args=[city_campaign.pk]))
    assert [u.short_code for u in response.context["rows"]] == ["BV-DP"]


def test_draft_campaign_from_above_is_hidden_from_officers(client, world):
    draft = RegCampaignFactory(launched_by=world.district_a, state="draft")
    assert login(client, world.insider).get(reverse("campaigns:registration_list", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_does_not_grow(client, world, campaign, django_assert_num_queries, count):
    for _ in range(count):
        unit = GrassrootsFactory(parent=world.district_a)
        reg = UnitRegistrationFactory(campaign=campaign, unit=unit, state=S.SUBMITTED)
        TitleRegistrationFactory(registration=reg)
    login(client, world.reviewer)
    url = reverse("campaigns:registration_list", args=[campaign.pk])
    client.get(url)  # warm the content-type and session caches
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["rows"]) == count + 2


# Creating a registration


def test_create_insider_registers_their_union(client, world, campaign):
    login(client, world.insider)
    url = reverse("campaigns:registration_create", args=[campaign.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"unit": world.grassroots_a.pk, "commitments": "Cam kết"}, follow=True)
    registration = UnitRegistration.objects.get()
    assert response.redirect_chain[-1][0] == reverse("campaigns:registration_detail", args=[registration.pk])
    assert (registration.unit, registration.state, registration.created_by) == (
        world.grassroots_a,
        S.DRAFT,
        world.insider,
    )
    assert (
        "Đã tạo bản đăng ký ở trạng thái nháp. Tiếp theo: nhập danh sách đăng ký danh hiệu, rồi gửi lên cấp trên."
        in response.content.decode()
    )


def test_create_insider_cannot_register_a_neighbour(client, world, campaign):
    response = login(client, world.insider).post(
        reverse("campaigns:registration_create", args=[campaign.pk]), {"unit": world.grassroots_a2.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert UnitRegistration.objects.count() == 0


def test_create_reviewer_registers_a_union_below(client, world, campaign):
    response = login(client, world.reviewer).post(
        reverse("campaigns:registration_create", args=[campaign.pk]) + f"?unit={world.grassroots_a2.pk}",
        {"unit": world.grassroots_a2.pk, "commitments": ""},
    )
    assert response.status_code == 302
    registration = UnitRegistration.objects.get()
    # Keyed in by the district on the union's behalf: accepted at once.
    assert (registration.unit, registration.state) == (world.grassroots_a2, S.ACCEPTED)


def test_create_outsider_gets_404(client, world, campaign):
    response = login(client, world.outsider).get(reverse("campaigns:registration_create", args=[campaign.pk]))
    assert response.status_code == 404


def test_create_when_registration_is_closed_says_so(client, world):
    campaign = RegCampaignFactory(launched_by=world.district_a)
    RegPhaseFactory(campaign=campaign, registration_open=False)
    login(client, world.insider)
    url = reverse("campaigns:registration_create", args=[campaign.pk])
    response = client.get(url)
    assert "Đã hết hạn đăng ký: hôm nay không có đợt nào của phong trào mở đăng ký." in response.content.decode()
    response = client.post(url, {"unit": world.grassroots_a.pk})
    assert response.context["form"].non_field_errors() == [
        "Đã hết hạn đăng ký: hôm nay không có đợt nào của phong trào mở đăng ký."
    ]
    assert UnitRegistration.objects.count() == 0


# A registration's page


def test_detail_insider_sees_titles_history_and_submit_only(client, world, registration):
    TitleRegistrationFactory(registration=registration, member=world.member_a, title=worker_title())
    response = login(client, world.insider).get(registration.get_absolute_url())
    assert response.status_code == 200
    assert list(response.context["transition_form"].fields["to"].choices) == [("submitted", "Gửi lên cấp trên")]
    content = response.content.decode()
    assert "Nguyễn Thị Kim Dung" in content
    assert "Công nhân giỏi" in content


def test_detail_reviewer_sees_accept_and_return(client, world, registration):
    registration.state = S.SUBMITTED
    registration.save()
    response = login(client, world.reviewer).get(registration.get_absolute_url())
    assert list(response.context["transition_form"].fields["to"].choices) == [
        ("accepted", "Chấp nhận"),
        ("returned", "Trả lại để bổ sung"),
    ]


def test_detail_outsider_gets_404(client, world, registration):
    assert login(client, world.outsider).get(registration.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_detail_query_count_does_not_grow(client, world, registration, django_assert_num_queries, count):
    for _ in range(count):
        TitleRegistrationFactory(registration=registration, title=worker_title())
    TitleRegistrationFactory(registration=registration, member=None, collective_name="Tổ hàn", title=worker_title())
    login(client, world.reviewer)
    client.get(registration.get_absolute_url())
    # The window is read once for the page and once per move offered (submit, accept on behalf); one
    # query lists the withdrawn title registrations.
    with django_assert_num_queries(11):
        response = client.get(registration.get_absolute_url())
    assert len(response.context["page_obj"]) == count + 1


# Editing


def test_edit_insider_changes_commitments_with_history(client, world, registration):
    login(client, world.insider)
    url = reverse("campaigns:registration_edit", args=[registration.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"commitments": "Cam kết mới"}).status_code == 302
    registration.refresh_from_db()
    assert registration.commitments == "Cam kết mới"
    assert history_for(registration).get().changes == {"commitments": ["Cam kết 100% đoàn viên", "Cam kết mới"]}


def test_edit_reviewer_may_edit(client, world, registration):
    response = login(client, world.reviewer).post(
        reverse("campaigns:registration_edit", args=[registration.pk]), {"commitments": "Sửa bởi quận"}
    )
    assert response.status_code == 302


def test_edit_outsider_gets_404(client, world, registration):
    url = reverse("campaigns:registration_edit", args=[registration.pk])
    assert login(client, world.outsider).post(url, {"commitments": "x"}).status_code == 404


def test_editing_a_submitted_registration_asks_for_the_reason_and_keeps_it(client, world, registration):
    domain.transition(registration, S.SUBMITTED, by=world.insider)
    url = reverse("campaigns:registration_edit", args=[registration.pk])
    page = login(client, world.insider).get(url)
    assert page.context["form"].fields["note"].required
    response = client.post(url, {"commitments": "Cam kết 100% đoàn viên, thêm 2 sáng kiến"})
    assert response.context["form"].errors == {"note": ["Trường này là bắt buộc."]}
    response = client.post(url, {"commitments": "Cam kết 100% đoàn viên, thêm 2 sáng kiến", "note": "Theo ý kiến quận"})
    assert response.status_code == 302
    entry = history_for(registration).first()
    assert (entry.changes, entry.note) == (
        {"commitments": ["Cam kết 100% đoàn viên", "Cam kết 100% đoàn viên, thêm 2 sáng kiến"]},
        "Theo ý kiến quận",
    )


def test_editing_a_draft_asks_for_no_reason(client, world, registration):
    page = login(client, world.insider).get(reverse("campaigns:registration_edit", args=[registration.pk]))
    assert "note" not in page.context["form"].fields


def test_edit_accepted_is_refused_plainly(client, world, registration):
    registration.state = S.ACCEPTED
    registration.save()
    response = login(client, world.insider).post(
        reverse("campaigns:registration_edit", args=[registration.pk]), {"commitments": "x", "note": "Bổ sung"}
    )
    assert response.context["form"].non_field_errors() == ["Bản đăng ký đã được chấp nhận, không thể sửa nữa."]


# Moves


def test_transition_insider_submits(client, world, registration):
    url = reverse("campaigns:registration_transition", args=[registration.pk])
    response = login(client, world.insider).post(url, {"to": "submitted", "note": "", "expected": "draft"}, follow=True)
    assert UnitRegistration.objects.get().state == S.SUBMITTED
    assert "Bản đăng ký hiện ở trạng thái “Đã gửi”." in response.content.decode()


def test_transition_insider_may_not_accept(client, world, registration):
    registration.state = S.SUBMITTED
    registration.save()
    url = reverse("campaigns:registration_transition", args=[registration.pk])
    response = login(client, world.insider).post(url, {"to": "accepted", "expected": "submitted"})
    assert response.status_code == 403
    assert UnitRegistration.objects.get().state == S.SUBMITTED


def test_transition_reviewer_returns_with_reason(client, world, registration):
    registration.state = S.SUBMITTED
    registration.save()
    url = reverse("campaigns:registration_transition", args=[registration.pk])
    login(client, world.reviewer)
    response = client.post(url, {"to": "returned", "note": "", "expected": "submitted"}, follow=True)
    assert "Hãy nêu lý do trả lại bản đăng ký." in response.content.decode()
    assert UnitRegistration.objects.get().state == S.SUBMITTED
    client.post(url, {"to": "returned", "note": "Thiếu danh sách", "expected": "submitted"})
    assert UnitRegistration.objects.get().return_reason == "Thiếu danh sách"
    page = client.get(registration.get_absolute_url()).content.decode()
    assert "Thiếu danh sách" in page


def test_transition_stale_page_is_told_plainly(client, world, registration):
    registration.state = S.ACCEPTED
    registration.save()
    url = reverse("campaigns:registration_transition", args=[registration.pk])
    response = login(client, world.reviewer).post(
        url, {"to": "returned", "note": "Thiếu", "expected": "submitted"}, follow=True
    )
    assert "Người khác đã xử lý bản đăng ký này trước bạn" in response.content.decode()
    assert UnitRegistration.objects.get().state == S.ACCEPTED


def test_transition_outsider_gets_404(client, world, registration):
    url = reverse("campaigns:registration_transition", args=[registration.pk])
    assert login(client, world.outsider).post(url, {"to": "submitted"}).status_code == 404


# Member search for the grid


def test_member_search_ignores_diacritics(client, world, registration):
    MemberFactory(unit=world.grassroots_a2, full_name="Nguyễn Thị Kim Dung")  # another union: not offered
    url = reverse("campaigns:registration_member_search", args=[registration.pk])
    response = login(client, world.reviewer).get(url, {"q": "kim dung"})
    assert response.json() == {
        "results": [{"id": world.member_a.pk, "name": "Nguyễn Thị Kim Dung", "born": "17/05/1990"}]
    }
    assert login(client, world.insider).get(url, {"q": "NGUYEN THI"}).json()["results"][0]["id"] == world.member_a.pk


def test_member_search_outsider_gets_404(client, world, registration):
    url = reverse("campaigns:registration_member_search", args=[registration.pk])
    assert login(client, world.outsider).get(url, {"q": "dung"}).status_code == 404


# Withdrawing a title registration: kept, marked withdrawn, never deleted


def test_title_withdraw_from_a_draft_keeps_the_row_with_history(client, world, registration):
    item = TitleRegistrationFactory(registration=registration, member=world.member_a, title=worker_title())
    url = reverse("campaigns:title_registration_withdraw", args=[item.pk])
    response = login(client, world.insider).post(url)
    assert response.status_code == 302
    assert TitleRegistration.objects.count() == 0
    kept = TitleRegistration.all_objects.get(pk=item.pk)
    assert (kept.withdrawn_by, kept.withdrawn_at is not None) == (world.insider, True)
    assert history_for(registration).get().changes == {
        "title_registration": ["Nguyễn Thị Kim Dung: Công nhân giỏi", None]
    }
    page = login(client, world.insider).get(registration.get_absolute_url())
    assert [t.pk for t in page.context["withdrawn"]] == [item.pk]


def test_title_withdraw_from_a_submitted_registration_needs_the_reason(client, world, registration):
    item = TitleRegistrationFactory(registration=registration, member=world.member_a, title=worker_title())
    registration.commitments = "Hoàn thành 100% kế hoạch"
    registration.save()
    domain.transition(registration, S.SUBMITTED, by=world.insider)
    url = reverse("campaigns:title_registration_withdraw", args=[item.pk])
    response = login(client, world.insider).post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Hãy nêu lý do rút đăng ký danh hiệu này."]
    assert TitleRegistration.objects.count() == 1
    login(client, world.insider).post(url, {"reason": "Đoàn viên chuyển công tác"})
    assert TitleRegistration.objects.count() == 0
    assert TitleRegistration.all_objects.get(pk=item.pk).withdraw_reason == "Đoàn viên chuyển công tác"
    entry = history_for(registration).first()
    assert (entry.changes, entry.note) == (
        {"title_registration": ["Nguyễn Thị Kim Dung: Công nhân giỏi", None]},
        "Đoàn viên chuyển công tác",
    )


def test_title_withdraw_reviewer_may_withdraw(client, world, registration):
    item = TitleRegistrationFactory(registration=registration, member=world.member_a)
    login(client, world.reviewer).post(reverse("campaigns:title_registration_withdraw", args=[item.pk]))
    assert TitleRegistration.objects.count() == 0


def test_title_withdraw_outsider_gets_404(client, world, registration):
    item = TitleRegistrationFactory(registration=registration, member=world.member_a)
    response = login(client, world.outsider).post(reverse("campaigns:title_registration_withdraw", args=[item.pk]))
    assert response.status_code == 404
    assert TitleRegistration.objects.count() == 1


def test_title_withdraw_of_an_accepted_registration_is_refused(client, world, registration):
    item = TitleRegistrationFactory(registration=registration, member=world.member_a)
    registration.state = S.ACCEPTED
    registration.save()
    response = login(client, world.insider).post(
        reverse("campaigns:title_registration_withdraw", args=[item.pk]), {"reason": "Nhầm"}, follow=True
    )
    assert "Bản đăng ký đã được chấp nhận, không thể sửa nữa." in response.content.decode()
    assert TitleRegistration.objects.count() == 1


def test_detail_history_is_shown_in_words(client, world, registration):
    domain.transition(registration, S.SUBMITTED, by=world.insider)
    response = login(client, world.reviewer).get(registration.get_absolute_url())
    assert [e.changes for e in response.context["history"]] == [{"state": ["draft", "submitted"]}]
    assert "<strong>trạng thái</strong>: Nháp → Đã gửi" in response.content.decode()
