"""Issue 12: lists count their rows up to settings.LIST_COUNT_CAP and then say "more than …"."""

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import MemberFactory
from unions.models import Member, OrgUnit
from unionsite.shortcuts import CappedPaginator

pytestmark = pytest.mark.django_db


def test_count_stops_at_the_cap_inside_a_limit(world):
    MemberFactory.create_batch(4, unit=world.grassroots_a)
    total = Member.objects.count()
    paginator = CappedPaginator(Member.objects.all(), 2, cap=total - 2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == total - 2
    assert paginator.capped
    assert len(queries) == 1
    assert "LIMIT" in queries[0]["sql"]
    assert "ORDER BY" not in queries[0]["sql"]
    assert paginator.num_pages == (total - 2 + 1) // 2
    exact = CappedPaginator(Member.objects.all(), 2, cap=total)
    assert (exact.count, exact.capped) == (total, False)


def test_list_page_says_more_than_the_cap(client, world, settings):
    MemberFactory.create_batch(3, unit=world.grassroots_a, gender="male")
    settings.LIST_COUNT_CAP = 2
    settings.PAGE_SIZE = 1
    client.force_login(world.staff_a)
    with translation.override("vi"):
        page = client.get("/to-chuc/doan-vien/?gender=male", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Hơn 2 bản ghi" in page
    assert "Trang 1</span>" in page


def test_a_search_knows_its_exact_number_past_the_cap_but_offers_pages_up_to_it(client, world, settings):
    """A search counts what it found in the query that reads the page (COUNT(*) OVER ()): the number
    is exact, while the pages offered still stop at the cap."""
    MemberFactory.create_batch(3, unit=world.grassroots_a, full_name="Nguyễn Văn Thanh")
    settings.LIST_COUNT_CAP = 2
    settings.PAGE_SIZE = 1
    client.force_login(world.staff_a)
    page = client.get("/to-chuc/doan-vien/?q=nguyen+van+thanh").context["page_obj"]
    assert (page.paginator.count, page.paginator.capped, page.paginator.num_pages) == (3, False, 2)


def test_below_the_cap_the_count_is_exact(client, world, settings):
    settings.LIST_COUNT_CAP = 1000
    client.force_login(world.staff_a)
    response = client.get("/to-chuc/doan-vien/?gender=female")
    paginator = response.context["page_obj"].paginator
    assert not paginator.capped
    assert (
        paginator.count
        == Member.objects.filter(unit__path__startswith=world.district_a.path, gender="female", active=True).count()
    )


def test_the_active_members_of_a_scope_are_counted_from_the_kept_counts(client, world, settings):
    """No member row is counted: a kept figure that disagrees with the rows shows through."""
    settings.LIST_COUNT_CAP = 2
    OrgUnit.objects.filter(pk=world.grassroots_a.pk).update(active_members=1_000_000)
    expected = OrgUnit.objects.filter(path__startswith=world.district_a.path).aggregate(n=Sum("active_members"))["n"]
    client.force_login(world.staff_a)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/to-chuc/doan-vien/")
    paginator = response.context["page_obj"].paginator
    assert (paginator.count, paginator.capped) == (expected, False)
    assert not [q for q in queries if "COUNT(" in q["sql"] and Member._meta.db_table in q["sql"]]
    unit_only = client.get(f"/to-chuc/doan-vien/?unit={world.grassroots_a2.pk}").context["page_obj"].paginator
    assert unit_only.count == OrgUnit.objects.get(pk=world.grassroots_a2.pk).active_members


def test_pages_stop_at_the_cap_even_when_the_count_is_known(world):
    MemberFactory.create_batch(5, unit=world.grassroots_a)
    paginator = CappedPaginator(Member.objects.all(), 2, cap=4, known_count=1_000_000)
    assert (paginator.count, paginator.capped, paginator.truncated) == (1_000_000, False, True)
    assert paginator.num_pages == 2
    assert paginator.get_page(500).number == 2  # past the cap: the last page offered
    small = CappedPaginator(Member.objects.all(), 2, cap=1000, known_count=3)
    assert (small.num_pages, small.truncated) == (2, False)


def test_a_total_counted_by_the_caller_is_shown_as_a_count_would_be(world, django_assert_num_queries):
    """`total`: the caller counted the rows already (a totals panel): nothing is counted again, and
    past the cap the page says "more than …" as it would after counting."""
    MemberFactory.create_batch(5, unit=world.grassroots_a)
    with django_assert_num_queries(0):
        past = CappedPaginator(Member.objects.all(), 2, cap=4, total=5)
        assert (past.count, past.capped, past.truncated, past.num_pages) == (4, True, True, 2)
        within = CappedPaginator(Member.objects.all(), 2, cap=10, total=5)
        assert (within.count, within.capped, within.truncated, within.num_pages) == (5, False, False, 3)
    counted = CappedPaginator(Member.objects.all(), 2, cap=4)
    assert (counted.count, counted.capped, counted.truncated, counted.num_pages) == (4, True, True, 2)
