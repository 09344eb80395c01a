"""The dossier and council pages: forms that refuse in Vietnamese and lose nothing, what each role
sees, and list pages whose query count does not grow with rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives import domain
from initiatives.enums import InitiativeState
from initiatives.models import Initiative
from tests.factories import MemberFactory, UserFactory
from tests.initiatives.factories import GOOD, field, make_council, make_initiative, score_all

pytestmark = pytest.mark.django_db


def _form(world, **overrides):
    other = MemberFactory(unit=world.grassroots_a2, full_name="Lê Văn Cường")
    data = {
        "unit": world.grassroots_a.pk,
        "year": 2026,
        "title": "Khuôn ép nhựa nhiều lòng",
        "field": field().pk,
        "problem": "Khuôn một lòng, năng suất thấp.",
        "solution": "Thiết kế khuôn bốn lòng có kênh dẫn nhiệt.",
        "novelty": "Tăng năng suất gấp bốn.",
        "value_per_year": "1.250.000.000",
        "author_1": world.member_a.pk,
        "share_1": "70",
        "category_1": "direct_worker",
        "author_2": other.pk,
        "share_2": "30",
        "category_2": "graduate",
    }
    data.update(overrides)
    return data


def test_create_with_two_authors_from_two_unions(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("initiatives:create"), _form(world))
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert response.url == initiative.get_absolute_url()
    assert initiative.value_per_year == 1_250_000_000
    assert [(a.member.full_name, str(a.share)) for a in initiative.authors.select_related("member")] == [
        ("Nguyễn Thị Kim Dung", "70.00"),
        ("Lê Văn Cường", "30.00"),
    ]
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "1.250.000.000 đ" in page
    assert "Lê Văn Cường" in page


def test_shares_not_adding_up_are_refused_in_vietnamese_and_nothing_is_saved(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("initiatives:create"), _form(world, share_2="20"))
    assert response.status_code == 200
    assert "Các tỷ lệ đóng góp cộng lại 90 %; phải cộng lại đúng 100 %." in response.content.decode()
    assert 'value="Khuôn ép nhựa nhiều lòng"' in response.content.decode()  # nothing typed is lost
    assert not Initiative.objects.exists()


def test_money_in_junk_is_a_form_error(client, world):
    client.force_login(world.officer_a)
    response = client.post(reverse("initiatives:create"), _form(world, value_per_year="12 triệu²"))
    assert "Nhập số tiền theo đồng, số nguyên" in response.content.decode()
    assert not Initiative.objects.exists()


def test_an_officer_cannot_file_for_a_union_outside_their_scope(client, world):
    client.force_login(world.officer_b)
    response = client.post(reverse("initiatives:create"), _form(world))
    assert response.status_code == 200
    assert not Initiative.objects.exists()


def test_scores_hidden_until_own_sheet_submitted_and_chair_sees_progress(client, world):
    member_user = UserFactory()
    initiative = make_initiative(world.grassroots_a, world.officer_a, submit=True)
    make_council(world.grassroots_a, world.officer_a, users=[world.officer_a, UserFactory(), member_user])
    domain.WORKFLOW.transition(initiative, InitiativeState.UNDER_REVIEW, by=world.officer_a)
    review = initiative.reviews.get()
    domain.save_sheet(review, world.officer_a, GOOD, submit=True)
    url = reverse("initiatives:review", args=[review.pk])
    client.force_login(member_user)
    page = client.get(url).content.decode()
    assert 'data-testid="scores-hidden"' in page
    assert 'data-testid="result"' not in page
    domain.save_sheet(review, member_user, {"novelty": 30, "applicability": 20, "effectiveness": 20}, submit=True)
    page = client.get(url).content.decode()
    assert 'data-testid="result"' in page
    client.force_login(world.officer_a)  # the chair
    page = client.get(url).content.decode()
    assert 'data-testid="progress"' in page
    assert "chưa chấm" in page


def test_a_submitted_sheet_cannot_be_posted_again(client, world):
    initiative = make_initiative(world.grassroots_a, world.officer_a, submit=True)
    make_council(world.grassroots_a, world.officer_a, users=[world.officer_a])
    domain.WORKFLOW.transition(initiative, InitiativeState.UNDER_REVIEW, by=world.officer_a)
    review = initiative.reviews.get()
    score_all(review, GOOD)
    client.force_login(world.officer_a)
    response = client.post(reverse("initiatives:review", args=[review.pk]), {"score_novelty": "40", "submit": "1"})
    assert response.status_code == 302
    assert review.sheets.get(council_member__user=world.officer_a).scores["novelty"] == GOOD["novelty"]


def test_someone_off_the_council_may_not_post_a_sheet(client, world):
    initiative = make_initiative(world.grassroots_a, world.officer_a, submit=True)
    make_council(world.grassroots_a, world.officer_a, users=[world.officer_a])
    domain.WORKFLOW.transition(initiative, InitiativeState.UNDER_REVIEW, by=world.officer_a)
    client.force_login(world.staff_a)
    response = client.post(reverse("initiatives:review", args=[initiative.reviews.get().pk]), {"submit": "1"})
    assert response.status_code == 403


@pytest.mark.parametrize("name", ["initiatives:list", "initiatives:council_list"])
def test_list_query_count_does_not_grow(client, world, name):
    client.force_login(world.staff_a)
    make_initiative(world.grassroots_a, world.officer_a)
    make_council(world.grassroots_a, world.officer_a)
    client.get(reverse(name))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(name)).status_code == 200
    for index in range(6):
        make_initiative(world.grassroots_a2, world.staff_a, title=f"Sáng kiến số {index}")
    today = datetime.date.today()
    for year in range(1, 4):
        domain.save_council(
            domain.councils.Council(
                unit=world.grassroots_a2,
                name=f"Hội đồng {year}",
                valid_from=today.replace(year=today.year - year, month=1, day=1),
                valid_to=today.replace(year=today.year - year, month=12, day=31),
            ),
            by=world.staff_a,
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(name)).status_code == 200
    assert len(many) == len(few)


def test_a_council_member_without_a_role_finds_the_councils_and_their_sheet(client, world):
    expert = UserFactory(username="chuyen_gia")
    initiative = make_initiative(world.grassroots_a, world.officer_a, submit=True)
    make_council(world.grassroots_a, world.officer_a, users=[world.officer_a, expert, UserFactory()])
    domain.WORKFLOW.transition(initiative, InitiativeState.UNDER_REVIEW, by=world.officer_a)
    client.force_login(expert)
    home = client.get("/").content.decode()
    assert 'href="/sang-kien/"' in home  # the menu leads there
    page = client.get(reverse("initiatives:council_list")).content.decode()
    review = initiative.reviews.get()
    assert f'href="/sang-kien/cham/{review.pk}/"' in page  # waiting for their sheet
    assert client.get(reverse("initiatives:review", args=[review.pk])).status_code == 200
