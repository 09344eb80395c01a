"""Issue 12: long lists are paged by cursor (keyset), so that a page deep in a city's member list costs
what the first page costs, and every row can be reached, past the cap on offsets."""

import base64
import datetime
import json
import re
from html import unescape

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from tests.factories import MemberFactory
from unions.models import Member
from unionsite.keyset import decode, encode, ordering_of, paginate_keyset
from unionsite.models import ChangeRecord

pytestmark = pytest.mark.django_db

NAMES = ["Trần Văn An", "Lê Thị Bình", "Lê Thị Bình", "Nguyễn Văn Cường", "Lê Thị Bình", "Đỗ Thu Hà"]


@pytest.fixture
def listed(world):
    """Seven male members of one union (the world's and six more), three of the same name: their
    order is their id."""
    for name in NAMES:
        MemberFactory(unit=world.grassroots_a, full_name=name, gender="male")
    found = list(
        Member.objects.filter(unit=world.grassroots_a, gender="male", active=True)
        .order_by("name_search", "pk")
        .values_list("pk", flat=True)
    )
    assert len(found) == 7
    return found


def _url(world):
    return f"/to-chuc/doan-vien/?unit={world.grassroots_a.pk}&gender=male"


def _link(html, rel):
    """The address of the page's `rel` link (a query string on the list's own path)."""
    found = re.search(rf'rel="{rel}" href="([^"]+)"', html)
    return "/to-chuc/doan-vien/" + unescape(found.group(1)) if found else None


def _label(html):
    return re.search(r'class="page-item disabled"><span class="page-link">([^<]+)<', html).group(1)


def _walk(client, start, rel):
    """The pages met following `rel` links from `start`: [(ids of the page, its label)]."""
    seen, url = [], start
    while url:
        with translation.override("vi"):
            response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        seen.append(([m.pk for m in response.context["page_obj"]], _label(html)))
        url = _link(html, rel)
        assert len(seen) < 20
    return seen


def test_next_links_reach_every_row_once_in_order_past_the_cap(client, world, settings, listed):
    settings.PAGE_SIZE = 2
    settings.LIST_COUNT_CAP = 100
    client.force_login(world.staff_a)
    pages = _walk(client, _url(world), "next")
    assert [pk for ids, _ in pages for pk in ids] == listed
    assert [len(ids) for ids, _ in pages] == [2, 2, 2, 1]
    assert [label for _, label in pages] == ["Trang 1/4", "Trang 2/4", "Trang 3/4", "Trang 4/4"]
    # Offsets stop at the cap; cursors do not.
    settings.LIST_COUNT_CAP = 3
    capped = _walk(client, _url(world), "next")
    assert [pk for ids, _ in capped for pk in ids] == listed
    assert [label for _, label in capped] == ["Trang 1", "Trang 2", "Trang 3", "Trang 4"]


def test_previous_links_from_the_last_page_reach_every_row_back_to_a_full_first_page(client, world, settings, listed):
    settings.PAGE_SIZE = 2
    settings.LIST_COUNT_CAP = 100
    client.force_login(world.staff_a)
    pages = _walk(client, _url(world) + "&page=last", "prev")
    # The last page holds the remainder, so that going back the pages are those of going forward.
    assert [ids for ids, _ in pages] == [listed[6:], listed[4:6], listed[2:4], listed[0:2]]
    assert [label for _, label in pages] == ["Trang 4/4", "Trang 3/4", "Trang 2/4", "Trang 1/4"]
    # Counted only up to the cap, the last page is the last full page and its number is not known.
    settings.LIST_COUNT_CAP = 3
    with translation.override("vi"):
        html = client.get(_url(world) + "&page=last").content.decode()
    assert _label(html) == "Trang cuối"
    back = _walk(client, _url(world) + "&page=last", "prev")
    assert [pk for ids, _ in reversed(back) for pk in ids][-2:] == listed[-2:]
    assert back[-1] == (listed[0:2], "Trang 1")


def test_a_cursor_page_reads_no_offset_and_counts_nothing_more_than_the_first(client, world, settings, listed):
    settings.PAGE_SIZE = 2
    client.force_login(world.staff_a)
    with CaptureQueriesContext(connection) as first:
        html = client.get(_url(world)).content.decode()
    with CaptureQueriesContext(connection) as deep:
        client.get(_link(html, "next"))
    assert len(deep) == len(first)
    page_sql = [q["sql"] for q in deep if 'FROM "unions_member"' in q["sql"] and "LIMIT 3" in q["sql"]]
    assert len(page_sql) == 1
    assert "OFFSET" not in page_sql[0]
    assert '("unions_member"."name_search", "unions_member"."id") > (' in page_sql[0]


@pytest.mark.parametrize(
    "junk",
    [
        "abc",
        "%%%",
        base64.urlsafe_b64encode(b"{}").decode(),
        base64.urlsafe_b64encode(b'["le thi binh"]').decode(),
        base64.urlsafe_b64encode(b'["le thi binh", "x"]').decode(),
        base64.urlsafe_b64encode(b'["le thi binh", 1e400]').decode(),
        base64.urlsafe_b64encode(b'["le thi binh", 99999999999999999999999]').decode(),
        base64.urlsafe_b64encode(b'["le\\u0000", 1]').decode(),
        base64.urlsafe_b64encode(b"[true, 1]").decode(),
        "A" * 5000,
        "é",
    ],
)
def test_junk_cursors_give_the_first_page(client, world, settings, listed, junk):
    settings.PAGE_SIZE = 2
    client.force_login(world.staff_a)
    for param in ("after", "before"):
        response = client.get(_url(world), {param: junk})
        assert response.status_code == 200
        assert [m.pk for m in response.context["page_obj"]] == listed[:2]


def test_a_cursor_past_the_end_gives_the_last_page_and_one_before_the_start_the_first(client, world, settings, listed):
    settings.PAGE_SIZE = 2
    client.force_login(world.staff_a)
    fields = ordering_of(Member.objects.all())
    end = base64.urlsafe_b64encode(json.dumps(["zzz", 1]).encode()).decode()
    start = base64.urlsafe_b64encode(json.dumps(["", 0]).encode()).decode()
    assert decode(end, fields) == ["zzz", 1]
    assert [m.pk for m in client.get(_url(world), {"after": end}).context["page_obj"]] == listed[6:]
    assert [m.pk for m in client.get(_url(world), {"before": start}).context["page_obj"]] == listed[:2]
    assert [m.pk for m in client.get(_url(world), {"after": start}).context["page_obj"]] == listed[:2]


def test_a_cursor_names_a_place_not_a_record_the_list_stays_in_scope(client, world, settings, listed):
    """A cursor made from a member of another district shows the next rows of the reader's own list."""
    settings.PAGE_SIZE = 50
    stranger = MemberFactory(unit=world.grassroots_b, full_name="Lê Thị Bình")
    client.force_login(world.staff_a)
    cursor = encode(stranger, ordering_of(Member.objects.all()))
    shown = [m.pk for m in client.get("/to-chuc/doan-vien/", {"after": cursor}).context["page_obj"]]
    assert stranger.pk not in shown
    assert shown
    assert set(Member.objects.filter(pk__in=shown).values_list("unit__path", flat=True)) <= set(
        Member.objects.filter(unit__path__startswith=world.district_a.path).values_list("unit__path", flat=True)
    )
    assert all(m.name_search >= "le thi binh" for m in Member.objects.filter(pk__in=shown))


def test_a_descending_order_with_times_to_the_microsecond(world, rf: RequestFactory, settings):
    """The change log is in newest-first order (-at, -pk); records of the same second differ by
    microseconds, and ties on the time are broken by the id."""
    settings.PAGE_SIZE = 2
    now = timezone.now().replace(microsecond=0)
    times = [now, now + datetime.timedelta(microseconds=1), now + datetime.timedelta(microseconds=1), now]
    kind = ContentType.objects.get_for_model(Member)
    for at in times:
        record = ChangeRecord.objects.create(content_type=kind, object_id=1, action="update", note="keyset")
        ChangeRecord.objects.filter(pk=record.pk).update(at=at)
    rows = ChangeRecord.objects.filter(note="keyset")
    expected = list(rows.order_by("-at", "-pk").values_list("pk", flat=True))
    fields = ordering_of(rows)
    seen, params = [], {}
    while True:
        page = paginate_keyset(rf.get("/", params), rows)
        seen += [r.pk for r in page]
        if not page.has_next():
            break
        params = {"after": page.next_cursor, "page": page.next_page_number()}
    assert seen == expected
    first = rows.get(pk=expected[0])
    assert decode(encode(first, fields), fields) == [first.at, first.pk]
    # A time without its offset is no cursor the links write: the first page, and no warning.
    naive = base64.urlsafe_b64encode(json.dumps(["2026-11-30T08:00:00", 5]).encode()).decode()
    assert decode(naive, fields) is None
    assert [r.pk for r in paginate_keyset(rf.get("/", {"after": naive}), rows)] == expected[:2]


def _walk_rows(rf, rows):
    seen, params = [], {}
    while True:
        page = paginate_keyset(rf.get("/", params), rows)
        seen += [r.pk for r in page]
        if not page.has_next():
            return seen
        params = {"after": page.next_cursor, "page": page.next_page_number()}


def test_an_order_of_mixed_directions(world, rf, settings, listed):
    """Oldest first, then by name, then by id: spelled out as (a < x) OR (a = x AND b > y) …"""
    settings.PAGE_SIZE = 2
    ages = [datetime.date(1980, 1, 1), datetime.date(1990, 1, 1)]
    for index, pk in enumerate(listed):
        Member.objects.filter(pk=pk).update(date_of_birth=ages[index % 2])
    rows = Member.objects.filter(pk__in=listed).order_by("-date_of_birth", "name_search", "pk")
    assert _walk_rows(rf, rows) == list(rows.values_list("pk", flat=True))
    page = paginate_keyset(rf.get("/", {"page": "last"}), rows)
    back = [r.pk for r in page]
    while page.has_previous():  # the link to page 1 is the list itself
        params = {"before": page.previous_cursor, "page": page.previous_page_number()} if page.previous_cursor else {}
        page = paginate_keyset(rf.get("/", params), rows)
        back = [r.pk for r in page] + back
    assert back == list(rows.values_list("pk", flat=True))


def test_orders_that_cannot_be_paged_by_cursor_are_refused():
    with pytest.raises(ValueError, match="ends with the primary key"):
        ordering_of(Member.objects.order_by("name_search"))
    with pytest.raises(ValueError, match="plain column names"):
        ordering_of(Member.objects.order_by("unit__name", "pk"))
