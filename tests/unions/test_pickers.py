"""Unit pickers of the unions forms (account, move, merge): the form's page answers ?pick= with the
rows the form accepts, searched without diacritics, page by page; the form refuses anything else."""

import pytest
from django.urls import reverse

from tests.factories import GrassrootsFactory, UpperFactory
from unions.forms import AccountCreateForm, UnitMergeForm, UnitMoveForm
from unions.models import OrgUnit

pytestmark = pytest.mark.django_db


def pick(client, url, field, **params):
    response = client.get(url, {"pick": field, **params})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def texts(answer):
    return [row["text"] for row in answer["results"]]


def test_account_unit_picker_offers_the_staff_scope_without_diacritics(client, world):
    client.force_login(world.staff_a)
    url = reverse("unions:account_create")
    answer = pick(client, url, "unit", q="cong ty co phan")
    assert answer == {
        "results": [
            {
                "id": world.grassroots_a.pk,
                "text": "Công đoàn Công ty Cổ phần Fecon",
                "detail": "FECON · LĐLĐ quận Hà Đông",
            }
        ],
        "more": False,
    }
    # Every unit the form accepts, and none other (district_b's units are out of staff_a's scope).
    everything = pick(client, url, "unit")
    assert sorted(row["id"] for row in everything["results"]) == sorted(
        AccountCreateForm(user=world.staff_a).fields["unit"].queryset.values_list("pk", flat=True)
    )
    assert texts(everything) == [
        "Công đoàn Công ty Cổ phần Fecon",
        "Công đoàn trường Tiểu học Văn Yên",
        "LĐLĐ quận Hà Đông",
    ]


def test_picker_words_match_in_any_order_and_by_code(client, world):
    client.force_login(world.city_reviewer)
    url = reverse("unions:account_create")
    assert texts(pick(client, url, "unit", q="van yen tieu hoc")) == ["Công đoàn trường Tiểu học Văn Yên"]
    assert texts(pick(client, url, "unit", q="th-vy")) == ["Công đoàn trường Tiểu học Văn Yên"]
    assert texts(pick(client, url, "unit", q="ĐAN PHƯỢNG")) == [
        "Công đoàn Bệnh viện Đan Phượng",
        "LĐLĐ huyện Đan Phượng",
    ]
    assert pick(client, url, "unit", q="khong co dau") == {"results": [], "more": False}


def test_picker_pages_by_twenty(client, world):
    for number in range(45):
        GrassrootsFactory(
            parent=world.district_a, name=f"Công đoàn Xí nghiệp số {number:02d}", short_code=f"XN{number:02d}"
        )
    client.force_login(world.staff_a)
    url = reverse("unions:account_create")
    first = pick(client, url, "unit", q="xi nghiep")
    second = pick(client, url, "unit", q="xi nghiep", page="2")
    third = pick(client, url, "unit", q="xi nghiep", page="3")
    assert (len(first["results"]), first["more"]) == (20, True)
    assert (len(second["results"]), second["more"]) == (20, True)
    assert (len(third["results"]), third["more"]) == (5, False)
    assert texts(first)[0] == "Công đoàn Xí nghiệp số 00"
    assert texts(third)[-1] == "Công đoàn Xí nghiệp số 44"
    assert pick(client, url, "unit", q="xi nghiep", page="9") == {"results": [], "more": False}


@pytest.mark.parametrize("rows", [1, 3])
def test_picker_query_count_is_flat(client, world, django_assert_num_queries, rows):
    for number in range(rows):
        GrassrootsFactory(parent=world.district_a, name=f"Công đoàn Nhà máy {number}", short_code=f"NM{number}")
    client.force_login(world.staff_a)
    url = reverse("unions:account_create")
    # Session, user, the user's roles, the rows (with their parent unit).
    with django_assert_num_queries(4):
        answer = pick(client, url, "unit", q="nha may")
    assert len(answer["results"]) == rows


@pytest.mark.parametrize("junk", ["abc\x00", "-1", "99999999999999999999", "²", ""])
def test_picker_junk_is_no_error(client, world, junk):
    client.force_login(world.staff_a)
    url = reverse("unions:account_create")
    assert client.get(url, {"pick": "unit", "q": junk, "page": junk}).status_code == 200
    # An unknown field or a field that is no picker renders the page as usual.
    for name in (junk, "role", "username"):
        response = client.get(url, {"pick": name})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")


def test_outsiders_get_no_picker_answer(client, world):
    # Move and merge pages are object pages: a unit of another district is absent (404).
    client.force_login(world.staff_b)
    for name, field in (("unions:unit_move", "new_parent"), ("unions:unit_merge", "sources")):
        response = client.get(reverse(name, args=[world.grassroots_a.pk]), {"pick": field})
        assert response.status_code == 404
    # A grassroots officer may not create accounts: the page and its picker are forbidden.
    client.force_login(world.officer_a)
    assert client.get(reverse("unions:account_create"), {"pick": "unit"}).status_code == 403


def test_move_and_merge_pickers_offer_what_their_forms_accept(client, world):
    other_district = UpperFactory(parent=world.district_a, name="Công đoàn ngành Giáo dục Hà Đông", short_code="GDHD")
    client.force_login(world.staff_a)
    move = pick(client, reverse("unions:unit_move", args=[world.grassroots_a.pk]), "new_parent")
    assert texts(move) == ["Công đoàn ngành Giáo dục Hà Đông"]
    assert move["results"][0]["id"] == other_district.pk
    merge = pick(client, reverse("unions:unit_merge", args=[world.grassroots_a.pk]), "sources", q="van yen")
    assert [row["id"] for row in merge["results"]] == [world.grassroots_a2.pk]


def test_account_form_accepts_a_unit_in_scope_and_refuses_one_outside(world):
    data = {"username": "canbo.moi", "first_name": "Lan", "role": "grassroots_officer"}
    assert AccountCreateForm({**data, "unit": world.grassroots_a.pk}, user=world.staff_a).is_valid()
    for junk in (world.grassroots_b.pk, "abc", "99999999999999999999", ""):
        form = AccountCreateForm({**data, "unit": junk}, user=world.staff_a)
        assert not form.is_valid()
        assert list(form.errors) == ["unit"]


def test_move_and_merge_forms_refuse_units_outside_the_scope(world):
    form = UnitMoveForm({"new_parent": world.district_b.pk}, user=world.staff_a, unit=world.grassroots_a)
    assert list(form.errors) == ["new_parent"]
    form = UnitMergeForm(
        {"sources": [world.grassroots_a2.pk, world.grassroots_b.pk], "closed_on": "30/06/2026"},
        user=world.staff_a,
        unit=world.grassroots_a,
    )
    assert list(form.errors) == ["sources"]
    form = UnitMergeForm(
        {"sources": [world.grassroots_a2.pk], "closed_on": "30/06/2026"}, user=world.staff_a, unit=world.grassroots_a
    )
    assert form.is_valid()
    assert list(form.cleaned_data["sources"]) == [OrgUnit.objects.get(pk=world.grassroots_a2.pk)]


def test_a_refused_form_shows_the_chosen_unit_by_name(client, world):
    client.force_login(world.staff_a)
    response = client.post(reverse("unions:account_create"), {"username": "", "unit": world.grassroots_a2.pk})
    html = response.content.decode()
    assert f'<input type="hidden" name="unit" value="{world.grassroots_a2.pk}" data-picker-value>' in html
    assert 'value="Công đoàn trường Tiểu học Văn Yên" role="combobox"' in html
    # The page never lists the units: a city has thousands.
    assert "LĐLĐ quận Hà Đông" not in html.split('role="combobox"')[1].split("</form>")[0]


def test_merge_form_shows_the_chosen_units_again(client, world):
    client.force_login(world.staff_a)
    response = client.post(
        reverse("unions:unit_merge", args=[world.grassroots_a.pk]), {"sources": [world.grassroots_a2.pk]}
    )
    html = response.content.decode()
    assert f'<input type="hidden" name="sources" value="{world.grassroots_a2.pk}">' in html
    assert "<span>Công đoàn trường Tiểu học Văn Yên</span>" in html
