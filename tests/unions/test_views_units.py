import pytest
from django.urls import reverse

from tests.factories import GrassrootsFactory, MemberFactory
from unions.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_tree_shows_scope_with_counts(client, world):
    MemberFactory(unit=world.grassroots_a2, active=False)
    client.force_login(world.reviewer)
    html = client.get(reverse("unions:tree")).content.decode()
    assert "Công đoàn cơ sở: 2 · đoàn viên đang sinh hoạt: 1" in html
    assert "Công đoàn Công ty Cổ phần Fecon" in html
    assert "Bệnh viện Đan Phượng" not in html


def test_tree_of_the_outsider_hides_other_districts(client, world):
    client.force_login(world.outsider)
    html = client.get(reverse("unions:tree")).content.decode()
    assert "Bệnh viện Đan Phượng" in html
    assert "Fecon" not in html


def test_unit_children_partial_lists_sub_units(client, world):
    client.force_login(world.city_reviewer)
    response = client.get(reverse("unions:unit_children", args=[world.district_a.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert html.count('data-testid="tree-row"') == 2


def test_unit_page_shows_members_roles_and_history(client, world):
    client.force_login(world.insider)
    html = client.get(reverse("unions:unit_detail", args=[world.grassroots_a.pk])).content.decode()
    assert "Nguyễn Thị Kim Dung" in html
    assert f'<a href="/to-chuc/tai-khoan/{world.officer_a.pk}/">Hằng</a> (officer_a) — Cán bộ công đoàn cơ sở' in html
    assert 'data-testid="history"' in html
    # The officer sees no management buttons.
    assert reverse("unions:unit_edit", args=[world.grassroots_a.pk]) not in html


def test_reviewer_sees_management_buttons(client, world):
    client.force_login(world.reviewer)
    html = client.get(reverse("unions:unit_detail", args=[world.grassroots_a.pk])).content.decode()
    for name in ("unit_edit", "unit_move", "unit_close", "unit_merge"):
        assert reverse(f"unions:{name}", args=[world.grassroots_a.pk]) in html


def test_create_unit_through_the_form(client, world):
    client.force_login(world.reviewer)
    response = client.post(
        reverse("unions:unit_create", args=[world.district_a.pk]),
        {"kind": "grassroots", "name": "Công đoàn phường Văn Quán", "short_code": "PVQ", "member_count": "30"},
    )
    unit = OrgUnit.objects.get(short_code="PVQ")
    assert response.status_code == 302
    assert response["Location"] == unit.get_absolute_url()
    assert (unit.parent, unit.depth) == (world.district_a, 2)


def test_create_unit_refuses_duplicate_short_code(client, world):
    client.force_login(world.reviewer)
    response = client.post(
        reverse("unions:unit_create", args=[world.district_a.pk]),
        {"kind": "grassroots", "name": "Trùng mã", "short_code": "FECON", "member_count": "1"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["short_code"]


def test_edit_unit_shows_history_on_its_page(client, world):
    client.force_login(world.reviewer)
    response = client.post(
        reverse("unions:unit_edit", args=[world.grassroots_a.pk]),
        {"kind": "grassroots", "name": "Công đoàn Fecon", "short_code": "FECON", "member_count": "60"},
    )
    assert response.status_code == 302
    html = client.get(reverse("unions:unit_detail", args=[world.grassroots_a.pk])).content.decode()
    assert "Công đoàn Công ty Cổ phần Fecon → Công đoàn Fecon" in html


def test_insider_may_not_post_unit_edit(client, world):
    client.force_login(world.insider)
    response = client.post(reverse("unions:unit_edit", args=[world.grassroots_a.pk]), {"name": "X"})
    assert response.status_code == 403


def test_move_form_offers_only_units_in_the_staff_scope(client, world):
    client.force_login(world.reviewer)
    response = client.post(
        reverse("unions:unit_move", args=[world.grassroots_a.pk]), {"new_parent": world.district_b.pk}
    )
    assert response.status_code == 200
    assert "new_parent" in response.context["form"].errors
    assert OrgUnit.objects.get(pk=world.grassroots_a.pk).parent == world.district_a


def test_city_reviewer_moves_a_union_to_another_district(client, world):
    client.force_login(world.city_reviewer)
    response = client.post(
        reverse("unions:unit_move", args=[world.grassroots_a.pk]),
        {"new_parent": world.district_b.pk, "note": "Điều chỉnh địa giới"},
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get(pk=world.grassroots_a.pk)
    assert unit.path == f"{world.city.pk:08d}.{world.district_b.pk:08d}.{unit.pk:08d}."
    # staff_a lost it from their scope, staff_b gained it.
    client.force_login(world.reviewer)
    assert client.get(unit.get_absolute_url()).status_code == 404
    client.force_login(world.staff_b)
    assert client.get(unit.get_absolute_url()).status_code == 200


def test_close_unit_through_the_form(client, world):
    client.force_login(world.reviewer)
    response = client.post(reverse("unions:unit_close", args=[world.grassroots_a2.pk]), {"closed_on": "01/07/2025"})
    assert response.status_code == 302
    unit = OrgUnit.objects.get(pk=world.grassroots_a2.pk)
    assert (unit.active, unit.closed_on.isoformat()) == (False, "2025-07-01")


def test_close_refusal_is_shown_as_form_error(client, world):
    client.force_login(world.city_reviewer)
    response = client.post(reverse("unions:unit_close", args=[world.district_a.pk]), {"closed_on": "01/07/2025"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Hãy chuyển hoặc giải thể các đơn vị trực thuộc trước."]


def test_merge_through_the_form(client, world):
    third = GrassrootsFactory(parent=world.district_a, short_code="A3")
    client.force_login(world.reviewer)
    response = client.post(
        reverse("unions:unit_merge", args=[world.grassroots_a.pk]),
        {"sources": [world.grassroots_a2.pk, third.pk], "closed_on": "01/07/2025", "note": "Sáp nhập"},
    )
    assert response.status_code == 302
    merged = OrgUnit.objects.filter(merged_into=world.grassroots_a).order_by("pk")
    assert list(merged.values_list("short_code", "active")) == [("TH-VY", False), ("A3", False)]
    html = client.get(reverse("unions:unit_detail", args=[world.grassroots_a2.pk])).content.decode()
    assert "Ngày 01/07/2025 đã sáp nhập vào" in html


def test_merge_form_does_not_offer_units_of_another_district(client, world):
    client.force_login(world.reviewer)
    response = client.get(reverse("unions:unit_merge", args=[world.grassroots_a.pk]))
    offered = list(response.context["form"].fields["sources"].queryset.values_list("short_code", flat=True))
    assert offered == ["TH-VY"]


def test_unit_search_ignores_diacritics_and_keeps_to_the_scope(client, world):
    client.force_login(world.reviewer)
    response = client.get(reverse("unions:tree"), {"q": "tieu hoc van yen"})
    assert [u.short_code for u in response.context["page_obj"]] == ["TH-VY"]
    response = client.get(reverse("unions:tree"), {"q": "cong doan"})
    assert [u.short_code for u in response.context["page_obj"]] == ["FECON", "TH-VY"]
    assert "Bệnh viện Đan Phượng" not in response.content.decode()


def test_unit_search_ignores_a_search_with_a_nul_byte(client, world):
    # PostgreSQL refuses a NUL byte in a string: the search answered 500 there.
    client.force_login(world.reviewer)
    response = client.get(reverse("unions:tree"), {"q": "fecon\x00"})
    assert [root.pk for root in response.context["roots"]] == [world.district_a.pk]
