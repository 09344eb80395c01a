import pytest
from django.core import mail
from django.utils import timezone

from awards import domain
from awards.enums import Level, NominationState
from awards.models import Notification
from tests.awards.factories import AwardFactory, DecisionFactory, NominationFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
S = NominationState


@pytest.fixture
def submitted(world, phase):
    return NominationFactory(
        phase=phase, unit=world.grassroots_a, member=world.member_a, state=S.SUBMITTED, created_by=world.officer_a
    )


def test_return_shows_on_the_officers_home_panel_and_by_email(
    client, world, submitted, django_capture_on_commit_callbacks
):
    client.force_login(world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/khen-thuong/de-nghi/{submitted.pk}/chuyen/",
            {"to": "returned", "expected_state": "submitted", "note": "Thiếu báo cáo thành tích"},
        )
    assert [m.subject for m in mail.outbox] == ["Đề nghị khen thưởng Nguyễn Thị Kim Dung: Trả lại để bổ sung"]
    client.force_login(world.officer_a)
    home = client.get("/").content.decode()
    assert 'data-testid="awards-notifications-panel"' in home
    assert "Nguyễn Thị Kim Dung — Công nhân giỏi</a>: Trả lại để bổ sung (Thiếu báo cáo thành tích)" in home
    assert client.post("/khen-thuong/thong-bao/da-doc/", {"next": "/"})["Location"] == "/"
    assert Notification.objects.get().read_at is not None
    # Anything but a path on this site goes back to the list (a bare "-1" was taken for a URL name: 500).
    for junk in ["-1", "abc", "https://example.com/", "//example.com/"]:
        response = client.post("/khen-thuong/thong-bao/da-doc/", {"next": junk})
        assert response["Location"] == "/khen-thuong/thong-bao/"
    assert 'data-testid="awards-notifications-panel"' not in client.get("/").content.decode()
    # The reviewer and the outsider have no notice.
    client.force_login(world.staff_a)
    assert 'data-testid="awards-notifications-panel"' not in client.get("/").content.decode()


def test_reviewer_home_panel_counts_the_queue(client, world, submitted):
    client.force_login(world.staff_a)
    home = client.get("/").content.decode()
    assert "1 đề nghị đang chờ." in home
    client.force_login(world.officer_a)
    assert 'data-testid="awards-queue-panel"' not in client.get("/").content.decode()


def test_notification_list_is_the_users_own_and_query_count_flat(client, world, submitted, django_assert_num_queries):
    domain.transition(submitted, S.APPROVED, by=world.staff_a)
    client.force_login(world.officer_a)
    with django_assert_num_queries(5) as one:
        response = client.get("/khen-thuong/thong-bao/")
    assert len(response.context["page_obj"]) == 1
    other = NominationFactory(
        phase=submitted.phase, unit=world.grassroots_a, state=S.SUBMITTED, created_by=world.officer_a
    )
    domain.transition(other, S.RETURNED, by=world.staff_a, note="Bổ sung")
    domain.transition(other, S.RESUBMITTED, by=world.officer_a)
    domain.transition(other, S.REJECTED, by=world.staff_a, note="Không đạt")
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/khen-thuong/thong-bao/")
    assert [n.state for n in response.context["page_obj"]] == [S.REJECTED, S.RETURNED, S.APPROVED]
    client.force_login(world.staff_a)
    assert list(client.get("/khen-thuong/thong-bao/").context["page_obj"]) == []


def _roll(world):
    decision = DecisionFactory(unit=world.district_a, number="7/QĐ-LĐLĐ")
    AwardFactory(unit=world.grassroots_a, member=world.member_a, decision=decision)
    AwardFactory(unit=world.grassroots_a2, member=None, collective_name="Tổ bộ môn Toán", decision=decision)
    AwardFactory(unit=world.grassroots_a, member__full_name="Lê Văn Tám", level=Level.CITY, decision=decision)
    AwardFactory(unit=world.grassroots_a, member__full_name="Bị Thu Hồi", revoked_at="2026-11-21T00:00:00Z")
    AwardFactory(unit=world.grassroots_a, member__full_name="Năm Trước", year=2025)
    AwardFactory(unit=world.grassroots_b, member=world.member_b)


def test_honour_roll_of_a_district_lists_the_years_awards_city_level_first(client, world):
    _roll(world)
    client.force_login(world.staff_a)
    response = client.get(f"/khen-thuong/bang-vang/{world.district_a.pk}/2026/")
    assert [a.awardee_name for a in response.context["page_obj"]] == [
        "Lê Văn Tám",
        "Nguyễn Thị Kim Dung",
        "Tổ bộ môn Toán",
    ]


def test_honour_roll_insider_reviewer_outsider_and_anonymous_when_not_public(client, world, settings):
    settings.PUBLIC_HONOUR_ROLL = False
    _roll(world)
    url = f"/khen-thuong/bang-vang/{world.grassroots_a.pk}/2026/"
    assert client.get(url)["Location"] == f"/dang-nhap/?next={url}"
    for user, status in [
        (world.officer_a, 200),
        (world.staff_a, 200),
        (world.city_reviewer, 200),
        (world.officer_b, 404),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status


def test_honour_roll_is_public_when_the_setting_is_on(client, world, settings):
    settings.PUBLIC_HONOUR_ROLL = True
    _roll(world)
    response = client.get(f"/khen-thuong/bang-vang/{world.grassroots_a.pk}/2026/")
    assert [a.awardee_name for a in response.context["page_obj"]] == ["Lê Văn Tám", "Nguyễn Thị Kim Dung"]
    client.force_login(world.officer_b)
    assert client.get(f"/khen-thuong/bang-vang/{world.grassroots_a.pk}/2026/").status_code == 200


def test_honour_roll_query_count_is_flat(client, world, django_assert_num_queries):
    client.force_login(world.officer_a)
    url = f"/khen-thuong/bang-vang/{world.grassroots_a.pk}/2026/"
    AwardFactory(unit=world.grassroots_a)
    with django_assert_num_queries(6) as one:
        client.get(url)
    AwardFactory(unit=world.grassroots_a, decision=DecisionFactory(unit=world.district_a))
    AwardFactory(unit=world.grassroots_a, member=None, collective_name="Phân xưởng cơ khí")
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get(url).context["page_obj"]) == 3


def test_title_catalogue_page_for_every_role(client, world):
    for user in (world.officer_a, world.staff_a, world.city_reviewer, world.officer_b):
        client.force_login(user)
        response = client.get("/khen-thuong/danh-hieu/")
        assert len(response.context["titles"]) == 11
    assert "Cấp Thành phố (Thủ đô) (Thành phố)" not in response.content.decode()


def test_honour_roll_home_opens_the_users_own_unit(client, world):
    client.force_login(world.staff_a)
    response = client.get("/khen-thuong/bang-vang/")
    year = timezone.localdate().year
    assert response["Location"] == f"/khen-thuong/bang-vang/{world.district_a.pk}/{year}/"
    client.force_login(UserFactory(username="no_role"))
    assert client.get("/khen-thuong/bang-vang/").status_code == 404


def test_honour_roll_home_opens_the_city_for_a_superuser(client, world):
    # A superuser holds no role, and the menu entry answered them 404.
    client.force_login(world.admin)
    response = client.get("/khen-thuong/bang-vang/")
    year = timezone.localdate().year
    assert response["Location"] == f"/khen-thuong/bang-vang/{world.city.pk}/{year}/"
    assert client.get(response["Location"]).status_code == 200


def test_nomination_made_on_behalf_notifies_the_unions_officer(world, phase):
    nomination = NominationFactory(phase=phase, unit=world.grassroots_a, state=S.SUBMITTED, created_by=world.staff_a)
    domain.transition(nomination, S.RETURNED, by=world.staff_a, note="Bổ sung minh chứng")
    assert [(n.user.username, n.note) for n in Notification.objects.all()] == [("officer_a", "Bổ sung minh chứng")]


def test_title_catalogue_query_count_is_flat(client, world, django_assert_num_queries):
    from awards.models import AwardTitle

    client.force_login(world.officer_a)
    AwardTitle.objects.exclude(code="cong-nhan-gioi").update(active=False)
    with django_assert_num_queries(6) as one:
        assert len(client.get("/khen-thuong/danh-hieu/").context["titles"]) == 1
    AwardTitle.objects.filter(code__in=["lao-dong-gioi", "giay-khen"]).update(active=True)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get("/khen-thuong/danh-hieu/").context["titles"]) == 3


def test_transition_to_an_unknown_state_is_refused_plainly(client, world, phase):
    nomination = NominationFactory(phase=phase, unit=world.grassroots_a, created_by=world.officer_a)
    client.force_login(world.officer_a)
    response = client.post(
        f"/khen-thuong/de-nghi/{nomination.pk}/chuyen/", {"to": "bogus", "expected_state": "draft"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Không thể chuyển đề nghị từ “Nháp” sang “bogus”."]
