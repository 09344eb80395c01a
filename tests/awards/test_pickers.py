"""The nomination's member picker and the unit pickers of quotas and of the review queue: each form's
page answers ?pick= with what the form accepts, and the form refuses anything else."""

import pytest

from awards.forms import NominationForm, QueueFilterForm, QuotaForm
from awards.models import Nomination, Quota
from tests.awards.factories import title
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
NEW = "/khen-thuong/de-nghi/moi/"


def pick(client, url, field, **params):
    response = client.get(url, {"pick": field, **params})
    assert response.status_code == 200
    return response.json()


def names(answer):
    return [(row["text"], row["detail"]) for row in answer["results"]]


def test_member_picker_finds_names_without_diacritics_with_the_union_beside_them(client, world):
    MemberFactory(unit=world.grassroots_a2, full_name="Nguyễn Thị Lan")
    MemberFactory(unit=world.grassroots_a, full_name="Nguyễn Thị Hoa", active=False)
    client.force_login(world.staff_a)
    assert names(pick(client, NEW, "member", q="nguyen thi")) == [
        ("Nguyễn Thị Kim Dung", "Công đoàn Công ty Cổ phần Fecon"),
        ("Nguyễn Thị Lan", "Công đoàn trường Tiểu học Văn Yên"),
    ]
    # Narrowed to the union chosen on the form.
    answer = pick(client, NEW, "member", q="nguyen thi", unit=str(world.grassroots_a2.pk))
    assert names(answer) == [("Nguyễn Thị Lan", "Công đoàn trường Tiểu học Văn Yên")]
    # The officer sees their own union's members only; another district's member is never offered.
    client.force_login(world.officer_a)
    assert names(pick(client, NEW, "member")) == [("Nguyễn Thị Kim Dung", "Công đoàn Công ty Cổ phần Fecon")]
    assert pick(client, NEW, "member", q="tran van binh") == {"results": [], "more": False}


def test_member_picker_pages_and_keeps_its_query_count(client, world, django_assert_num_queries):
    for number in range(25):
        MemberFactory(unit=world.grassroots_a, full_name=f"Lê Văn Số {number:02d}")
    client.force_login(world.officer_a)
    with django_assert_num_queries(4):  # session, user, roles, the rows with their union
        first = pick(client, NEW, "member", q="le van")
    second = pick(client, NEW, "member", q="le van", page="2")
    assert (len(first["results"]), first["more"], len(second["results"]), second["more"]) == (20, True, 5, False)
    assert second["results"][-1]["text"] == "Lê Văn Số 24"


def _nomination_data(world, phase, member):
    return {
        "phase": phase.pk,
        "unit": world.grassroots_a.pk,
        "member": member,
        "title": title("cong-nhan-gioi").pk,
        "level": "city",
        "achievements": "Hoàn thành xuất sắc nhiệm vụ.",
    }


def test_nomination_form_accepts_a_member_in_scope_and_refuses_one_outside(world, phase):
    form = NominationForm(
        _nomination_data(world, phase, world.member_a.pk), user=world.officer_a, instance=Nomination()
    )
    assert form.is_valid(), form.errors
    for refused in (world.member_b.pk, "abc", "99999999999999999999"):
        form = NominationForm(_nomination_data(world, phase, refused), user=world.officer_a, instance=Nomination())
        assert list(form.errors) == ["member"]


def test_nomination_page_shows_the_chosen_member_by_name_and_lists_no_members(client, world, phase):
    client.force_login(world.officer_a)
    html = client.post(NEW, {**_nomination_data(world, phase, world.member_a.pk), "achievements": ""}).content.decode()
    assert f'<input type="hidden" name="member" value="{world.member_a.pk}" data-picker-value>' in html
    assert 'value="Nguyễn Thị Kim Dung" role="combobox"' in html
    assert 'data-depends="unit"' in html
    assert "<option" not in html.split('name="member"')[1].split("</form>")[0].split("achievements")[0]
    assert "js/picker.js" in html


def test_quota_unit_picker_and_form(client, world):
    client.force_login(world.staff_a)
    answer = pick(client, "/khen-thuong/chi-tieu/moi/", "unit", q="ha dong")
    assert [row["id"] for row in answer["results"]] == [world.district_a.pk]
    data = {"title": title("cong-nhan-gioi").pk, "level": "upper", "year": 2026, "max_count": 5}
    form = QuotaForm({**data, "unit": world.district_b.pk}, user=world.staff_a, instance=Quota(year=2026))
    assert list(form.errors) == ["unit"]
    form = QuotaForm({**data, "unit": world.district_a.pk}, user=world.staff_a, instance=Quota(year=2026))
    assert form.is_valid(), form.errors


def test_queue_unit_filter_reaches_any_union_of_the_city_by_typing(client, world):
    client.force_login(world.city_reviewer)
    answer = pick(client, "/khen-thuong/xet-duyet/", "unit", q="cong doan")
    assert [row["text"] for row in answer["results"]] == [
        "Công đoàn Bệnh viện Đan Phượng",
        "Công đoàn Công ty Cổ phần Fecon",
        "Công đoàn trường Tiểu học Văn Yên",
    ]
    assert QueueFilterForm({"unit": world.grassroots_b.pk}, user=world.city_reviewer).is_valid()
    assert list(QueueFilterForm({"unit": world.grassroots_b.pk}, user=world.staff_a).errors) == ["unit"]
