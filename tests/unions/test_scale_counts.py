"""Issue 12: the tree reads kept per-unit member counts (never the member rows), and a member search
orders by an expression no B-tree index provides, so that PostgreSQL runs the words index."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import GrassrootsFactory, MemberFactory
from tests.unions.factories import member_row, xlsx_bytes
from unions import domain
from unions.enums import Gender
from unions.models import Member, OrgUnit
from unions.queries import children_with_counts, filter_members, is_common_search, search_members, subtree_counts
from unionsite import text
from unionsite.text import WordStats, word_stats

pytestmark = pytest.mark.django_db


def _kept(unit):
    return OrgUnit.objects.get(pk=unit.pk).active_members


def _actual(unit):
    return Member.objects.filter(unit=unit, active=True).count()


def test_domain_functions_keep_the_count_through_create_move_deactivate_and_reactivate(world):
    a, a2 = world.grassroots_a, world.grassroots_a2
    start_a, start_a2 = _kept(a), _kept(a2)
    assert (start_a, start_a2) == (_actual(a), _actual(a2))

    member = domain.create_member(by=world.staff_a, unit=a, full_name="Lê Thị Hoa", gender=Gender.FEMALE)
    assert (_kept(a), _kept(a2)) == (start_a + 1, start_a2)
    domain.update_member(member, by=world.staff_a, unit=a2)  # moved to another union
    assert (_kept(a), _kept(a2)) == (start_a, start_a2 + 1)
    domain.update_member(member, by=world.staff_a, full_name="Lê Thị Hoà")  # a rename counts nothing
    assert (_kept(a), _kept(a2)) == (start_a, start_a2 + 1)
    domain.deactivate_member(member, by=world.staff_a)
    assert (_kept(a), _kept(a2)) == (start_a, start_a2)
    domain.update_member(member, by=world.staff_a, active=True, unit=a)  # back, in the first union
    assert (_kept(a), _kept(a2)) == (start_a + 1, start_a2)
    assert (_kept(a), _kept(a2)) == (_actual(a), _actual(a2))


def test_a_save_of_other_fields_keeps_the_stored_count(world):
    member = MemberFactory(unit=world.grassroots_a)
    before = _kept(world.grassroots_a)
    member.active = False  # changed in memory, not saved
    member.save(update_fields=["phone"])
    assert _kept(world.grassroots_a) == before == _actual(world.grassroots_a)


def test_deleting_a_member_uncounts_it(world):
    member = MemberFactory(unit=world.grassroots_a)
    before = _kept(world.grassroots_a)
    member.delete()
    assert _kept(world.grassroots_a) == before - 1 == _actual(world.grassroots_a)


def test_the_importer_counts_what_it_bulk_inserts(client, world):
    before = _kept(world.grassroots_a)
    rows = [member_row(f"Trần Văn An {i}", "Nam", card=f"IMP-{i}") for i in range(3)]
    upload = SimpleUploadedFile("doan-vien.xlsx", xlsx_bytes(rows), content_type="application/octet-stream")
    client.force_login(world.staff_a)
    response = client.post(reverse("unions:member_import"), {"unit": world.grassroots_a.pk, "file": upload})
    assert response.status_code == 302
    assert _kept(world.grassroots_a) == before + 3 == _actual(world.grassroots_a)


def test_merging_units_keeps_each_units_count(world):
    source = GrassrootsFactory(parent=world.district_a)
    MemberFactory.create_batch(2, unit=source)
    target_before = _kept(world.grassroots_a)
    domain.merge_units([source], world.grassroots_a, by=world.staff_a)
    assert _kept(source) == 2 == _actual(source)  # its members stay recorded under it
    assert _kept(world.grassroots_a) == target_before
    assert (
        subtree_counts(world.district_a)["members"]
        == Member.objects.filter(unit__path__startswith=world.district_a.path, active=True).count()
    )


def test_recount_command_repairs_counts_written_around_the_application(world):
    Member.objects.bulk_create(
        [Member(unit=world.grassroots_a, full_name="Phạm Văn Bình", name_search="pham van binh", gender="male")]
    )
    OrgUnit.objects.filter(pk=world.grassroots_b.pk).update(active_members=99)
    out = io.StringIO()
    call_command("recount_members", stdout=out)
    assert out.getvalue().startswith("2 units corrected")
    for unit in OrgUnit.objects.all():
        assert unit.active_members == _actual(unit), unit


def test_tree_counts_read_the_kept_column_not_the_member_rows(world):
    """A kept figure that disagrees with the rows shows through: nothing counts the members."""
    OrgUnit.objects.filter(pk=world.grassroots_a.pk).update(active_members=1000)
    OrgUnit.objects.filter(pk=world.grassroots_a2.pk).update(active_members=65)
    district = OrgUnit.objects.get(pk=world.district_a.pk)
    with CaptureQueriesContext(connection) as queries:
        counts = subtree_counts(district)
        children = {child.pk: child.active_member_count for child in children_with_counts(district)}
    assert counts["members"] == 1065
    assert children[world.grassroots_a.pk] == 1000
    assert children[world.grassroots_a2.pk] == 65
    assert not any(Member._meta.db_table in q["sql"] for q in queries)


def _sql(queryset):
    with CaptureQueriesContext(connection) as queries:
        list(queryset[:25])
    return queries[-1]["sql"]


def test_a_search_orders_by_the_folded_name_as_bytes(world):
    MemberFactory(unit=world.grassroots_a, full_name="Nguyễn Văn Hùng")
    MemberFactory(unit=world.grassroots_a, full_name="Nguyễn Thị Hùng")
    found = filter_members(Member.objects.all(), q="nguyen hung")
    assert [m.full_name for m in found] == ["Nguyễn Thị Hùng", "Nguyễn Văn Hùng"]  # both words, in name order
    found = filter_members(Member.objects.all(), q="hung")
    sql = _sql(found)
    collation = '"C"' if connection.vendor == "postgresql" else "BINARY"
    assert f'"name_search" COLLATE {collation}' in sql
    assert [m.full_name for m in found][:2] == ["Nguyễn Thị Hùng", "Nguyễn Văn Hùng"]


def test_without_a_term_the_list_keeps_the_indexed_name_order(world):
    sql = _sql(filter_members(Member.objects.all(), q=""))
    assert "COLLATE" not in sql
    assert sql.rstrip().endswith("LIMIT 25")
    assert 'ORDER BY "unions_member"."name_search" ASC' in sql


def test_search_members_with_only_spaces_leaves_the_rows_alone(world):
    assert search_members(Member.objects.all(), "   ").query.order_by == ()


def test_member_born_on_a_date_still_found(world):
    member = MemberFactory(
        unit=world.grassroots_a, full_name="Đặng Thuỳ Trâm", date_of_birth=datetime.date(1942, 11, 26)
    )
    assert list(search_members(Member.objects.all(), "dang thuy")) == [member]


def test_a_grassroots_officers_scope_is_the_union_itself_with_no_path_join(world):
    """A grassroots union has nothing below it: its officer's rows are `unit_id IN (…)`, which walks
    the (unit, name) index of that union instead of the city's name index."""
    from unions.queries import members_for_user

    sql = str(members_for_user(world.officer_a).query)
    assert f'"unions_member"."unit_id" IN ({world.grassroots_a.pk})' in sql
    assert "LIKE" not in sql.upper()
    assert set(members_for_user(world.officer_a)) == set(Member.objects.filter(unit=world.grassroots_a))
    staff_sql = str(members_for_user(world.staff_a).query)
    assert "LIKE" in staff_sql.upper()


def _names(text):
    return sorted(m.full_name for m in search_members(Member.objects.all(), text))


def test_member_search_matches_whole_words_and_the_beginning_of_the_last_in_any_order(world):
    for name in ["Nguyễn Thị Lan", "Trần Thị Lan Anh", "Lê Văn Hoà", "Phạm Hoàng Nam", "Đỗ Minh Khoa"]:
        MemberFactory(unit=world.grassroots_a, full_name=name)
    assert _names("thi lan") == ["Nguyễn Thị Lan", "Trần Thị Lan Anh"]
    assert _names("lan nguyen") == ["Nguyễn Thị Lan"]
    assert _names("NGUYỄN   thị lan") == ["Nguyễn Thị Lan"]
    assert _names("nguyen thi la") == ["Nguyễn Thị Lan"]  # the last word: a beginning
    assert _names("ng th lan") == []  # the words before it: whole words
    assert _names("thi lan anh") == ["Trần Thị Lan Anh"]
    assert _names("hoa") == ["Lê Văn Hoà", "Phạm Hoàng Nam"]  # not "Khoa": words begin with the term
    assert _names("do minh") == ["Đỗ Minh Khoa"]
    assert _names("lan zzz") == []
    assert _names("!!! ???") == []  # no word at all: nothing, not everything
    assert _names("lan'); DROP TABLE unions_member; --") == []
    assert Member.objects.filter(full_name="Nguyễn Thị Lan").exists()


def test_member_search_runs_the_words_index_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip("the GIN words index exists on PostgreSQL only")
    MemberFactory(unit=world.grassroots_a, full_name="Nguyễn Thị Lan")
    queryset = search_members(Member.objects.all(), "nguyen thi lan")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "member_name_words_idx" in plan
    assert "''nguyen'' & ''thi'' & ''lan'':*" in plan


def test_a_searched_member_list_counts_and_pages_in_the_query_that_finds_the_rows(client, world, settings):
    settings.PAGE_SIZE = 2
    for i in range(5):
        MemberFactory(unit=world.grassroots_a, full_name=f"Nguyễn Thị Lan {chr(65 + i)}")
    client.force_login(world.staff_a)
    url = reverse("unions:member_list")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"q": "thi lan", "page": "2"}).context["page_obj"]
    searched = [q["sql"] for q in queries.captured_queries if '"unions_member"' in q["sql"] and "OVER" in q["sql"]]
    assert len(searched) == 1  # the rows and their number together
    assert not [q for q in queries.captured_queries if "COUNT(*)" in q["sql"] and "OVER" not in q["sql"]]
    assert (page.paginator.count, page.paginator.num_pages, page.number) == (5, 3, 2)
    assert [m.full_name for m in page] == ["Nguyễn Thị Lan C", "Nguyễn Thị Lan D"]
    # Past the last page: the last page, as everywhere; junk: the first.
    assert client.get(url, {"q": "thi lan", "page": "9"}).context["page_obj"].number == 3
    assert [m.full_name for m in client.get(url, {"q": "thi lan", "page": "x"}).context["page_obj"]] == [
        "Nguyễn Thị Lan A",
        "Nguyễn Thị Lan B",
    ]
    empty = client.get(url, {"q": "khong co ai"}).context["page_obj"]
    assert (empty.paginator.count, list(empty)) == (0, [])


def test_the_share_of_rows_a_search_finds_from_the_words_statistics():
    """WordStats.share: kept words by their share, the last word as a beginning (every kept word it
    begins), a word too rare to be kept as half the least share kept; words counted as independent."""
    stats = WordStats({"nguyen": 0.4, "thi": 0.35, "lan": 0.01, "lang": 0.005}, least=0.002, rows=1_000_000)
    assert round(stats.expected("Nguyễn")) == 400_000
    assert round(stats.expected("nguy")) == 400_000  # still being typed: the words it begins
    assert round(stats.expected("nguyen thi lan")) == round(0.4 * 0.35 * 0.015 * 1_000_000)  # lan, lang
    assert round(stats.expected("nguyen xyz")) == round(0.4 * 0.001 * 1_000_000)
    assert round(stats.expected("xyz nguyen")) == round(0.001 * 0.4 * 1_000_000)
    assert stats.expected("!!!") == 0


@pytest.fixture
def fresh_word_stats():
    text._STATS.clear()
    yield
    text._STATS.clear()


def test_a_search_of_common_words_reads_its_page_and_a_capped_count(client, world, settings, fresh_word_stats):
    """On PostgreSQL, words that ANALYZE found in a large share of names ("nguyen") are not counted
    with COUNT(*) OVER () (the database would sort every name found): the page is read alone and the
    number found is counted up to the cap. Rare words keep the one query. SQLite has no statistics:
    every search is counted exactly."""
    settings.PAGE_SIZE = 2
    for i in range(40):
        MemberFactory(unit=world.grassroots_a, full_name=f"Nguyễn Văn {chr(65 + i % 26)}{i}")
    MemberFactory(unit=world.grassroots_a, full_name="Lò Thị Sính")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE unions_member")
        stats = word_stats("member_name_words_idx", "unions_member")
        assert stats.shares["nguyen"] > 0.5
        assert "sinh" not in stats.shares or stats.shares["sinh"] < 0.1
    settings.SEARCH_COMMON_ROWS = 10
    client.force_login(world.staff_a)
    url = reverse("unions:member_list")
    expected = list(
        search_members(
            Member.objects.filter(unit__path__startswith=world.district_a.path, active=True), "nguyen"
        ).values_list("full_name", flat=True)[:2]
    )
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, {"q": "nguyen"}).context["page_obj"]
    assert [m.full_name for m in page] == expected
    windowed = [q for q in queries.captured_queries if "OVER" in q["sql"]]
    if connection.vendor == "postgresql":
        assert is_common_search("nguyen")
        assert not is_common_search("sinh")
        assert windowed == []
        assert (
            page.paginator.count
            == Member.objects.filter(
                unit__path__startswith=world.district_a.path, active=True, name_search__contains="nguyen"
            ).count()
        )
    else:
        assert not is_common_search("nguyen")
        assert len(windowed) == 1
    with CaptureQueriesContext(connection) as queries:
        rare = client.get(url, {"q": "sinh"}).context["page_obj"]
    assert [m.full_name for m in rare] == ["Lò Thị Sính"]
    assert len([q for q in queries.captured_queries if "OVER" in q["sql"]]) == 1
