"""How fast "everything under unit X" and member search are at 10,000 units and ~100,000 members."""

import pytest

from unions.models import Member, OrgUnit
from unions.queries import children_with_counts, members_for_user, search_members, subtree_counts, units_for_user

pytestmark = pytest.mark.django_db


def test_everything_under_a_district(benchmark, big_tree):
    def under():
        return list(OrgUnit.objects.filter(path__startswith=big_tree.district.path).values_list("pk", flat=True))

    assert len(benchmark(under)) == big_tree.district_units


def test_members_under_a_district(benchmark, big_tree):
    def count():
        return Member.objects.filter(unit__path__startswith=big_tree.district.path, active=True).count()

    assert benchmark(count) == big_tree.district_members


def test_subtree_counts_of_the_city(benchmark, big_tree):
    counts = benchmark(subtree_counts, big_tree.city)
    assert counts == {"grassroots": 10_000 - 31, "members": (10_000 - 31) * 10}


def test_tree_page_counts_for_the_city(benchmark, big_tree):
    children = benchmark(children_with_counts, big_tree.city)
    assert len(children) == 30
    assert sum(c.active_member_count for c in children) == (10_000 - 31) * 10


def test_scoped_unit_list_for_district_staff(benchmark, big_tree):
    big_tree.staff.__dict__.pop("_unionsite_roles", None)

    def scoped():
        return units_for_user(big_tree.staff).count()

    assert benchmark(scoped) == big_tree.district_units


def test_member_search_without_diacritics(benchmark, big_tree):
    queryset = members_for_user(big_tree.staff)

    def search():
        found = search_members(queryset, "nguyen thi kim dung")
        return found.count(), list(found.select_related("unit")[:25])

    total, page = benchmark(search)
    assert all(m.name_search == "nguyen thi kim dung" for m in page)
    assert len(page) == min(total, 25)
    assert total > 0


def test_member_search_city_wide(benchmark, big_tree):
    def search():
        return list(search_members(Member.objects.all(), "tran van hung").order_by("name_search", "pk")[:25])

    page = benchmark(search)
    assert len(page) == 25
    assert {m.full_name for m in page} == {"Trần Văn Hùng"}


def test_export_a_district_member_list(benchmark, big_tree):
    from unions.exporters import member_list_xlsx

    queryset = Member.objects.filter(unit__path__startswith=big_tree.district.path)
    content = benchmark.pedantic(member_list_xlsx, args=(queryset,), rounds=3, iterations=1)
    assert content[:2] == b"PK"
