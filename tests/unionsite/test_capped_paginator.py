"""Issue 12: lists count their rows up to settings.LIST_COUNT_CAP and then say "more than …"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tests.factories import MemberFactory
from unions.models import Member
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
    MemberFactory.create_batch(3, unit=world.grassroots_a)
    settings.LIST_COUNT_CAP = 2
    settings.PAGE_SIZE = 1
    client.force_login(world.staff_a)
    with translation.override("vi"):
        page = client.get("/to-chuc/doan-vien/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Hơn 2 bản ghi" in page
    assert "Trang 1</span>" in page


def test_below_the_cap_the_count_is_exact(client, world, settings):
    settings.LIST_COUNT_CAP = 1000
    client.force_login(world.staff_a)
    response = client.get("/to-chuc/doan-vien/")
    paginator = response.context["page_obj"].paginator
    assert not paginator.capped
    assert paginator.count == Member.objects.filter(unit__path__startswith=world.district_a.path).count()
