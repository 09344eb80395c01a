"""The page benchmarks on a synthetic city (scale.generator): for each main page and role, the server
time (p50, p95) of repeated requests through Django's test client (the whole request: middleware,
view, queries, template; no network), its SQL query count, the Django admin's changelist of the same
rows, and the floor: one hand-written SQL statement returning the same page. The dashboards and
reports are pages too (a phase report reads the phase's tally snapshot). A phase tally: the real
tally's time next to one SQL statement counting its core figures. Exports: time and the Python memory
peak of the request; imports: rows per second of a validated .xlsx import next to a bare bulk insert.
Timings are wall-clock on a shared machine: read them as orders of magnitude."""

import io
import statistics
import time
import tracemalloc
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.db.models import Max, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.http import urlencode
from openpyxl import Workbook

from awards.enums import NominationState
from campaigns.enums import CampaignState
from campaigns.models import Campaign, Phase
from campaigns.queries.core import ASSESSED_STATES, REGISTERED_STATES
from reports import content
from reports.domain import periods
from reports.domain.tally import tally_phase
from reports.figures import Selection, compute
from reports.models import PeriodTally
from scale.generator import SYNTHETIC_USER_PREFIX
from scale.names import person
from unions.columns import MEMBER_COLUMNS
from unions.enums import UnitKind
from unions.importers import import_members
from unions.models import PATH_SEGMENT, Member, OrgUnit
from unionsite import keyset
from unionsite.text import fold

SEARCH = "nguyen thi lan"
STAGE_YEARS = 5  # the multi-year (tổng kết) report measured: the last five years


@dataclass
class Page:
    name: str
    role: str
    url: str
    floor: str = ""  # one SQL statement returning the same rows
    floor_params: list = field(default_factory=list)
    admin_url: str = ""
    # The cache emptied before each request: the dashboard keeps a built board for a few minutes, and
    # what is measured is the build (the first look of each user every few minutes), not a cache hit.
    cold: bool = False
    # Run once before the page is measured; returns a note for its name (e.g. how long the worker took
    # to count the figures the page then reads).
    setup: object = None


@dataclass
class Timing:
    p50: float
    p95: float


@dataclass
class Row:
    page: Page
    timing: Timing
    queries: int
    status: int
    admin: Timing | None = None
    floor: Timing | None = None


def _percentiles(samples):
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return Timing(statistics.median(samples) * 1000, p95 * 1000)


def _count_queries(client, page):
    if page.cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(page.url)
    return len(queries)


def _get(client, page):
    if page.cold:
        cache.clear()
    started = time.perf_counter()
    status = client.get(page.url).status_code
    return status, time.perf_counter() - started


@dataclass
class Context:
    city: OrgUnit
    district: OrgUnit  # the district with the most members
    city_user: object
    district_user: object
    officer: object  # officer of the biggest union
    officer_unit: OrgUnit
    officer_median: object  # officer of a middle-sized union (its member list exports during the request)
    admin: object
    campaign: Campaign
    phase: object
    year: int
    tallied: object  # the last ended phase with a tally snapshot (reports read it)
    stage: tuple  # (first year, last year): the last five years whose campaigns are over


def context():
    User = get_user_model()
    city = OrgUnit.objects.get(kind=UnitKind.CITY, short_code__startswith="SY-")
    district = (
        OrgUnit.objects.filter(parent=city).annotate(n=Sum("children__active_members")).order_by("-n", "pk").first()
    )
    district_user = User.objects.get(role_assignments__unit=district)
    officer = User.objects.get(username=f"{SYNTHETIC_USER_PREFIX}officer_big")
    officer_median = User.objects.get(username=f"{SYNTHETIC_USER_PREFIX}officer_median")
    admin, _ = User.objects.get_or_create(
        username=f"{SYNTHETIC_USER_PREFIX}admin", defaults={"is_superuser": True, "is_staff": True}
    )
    campaign = Campaign.objects.filter(launched_by=city, state=CampaignState.LAUNCHED).order_by("-starts_on").first()
    tallied = (
        Phase.objects.filter(campaign__launched_by=city, tally_runs__isnull=False)
        .select_related("campaign")
        .order_by("-ends_on", "-pk")
        .first()
    )
    closed = Campaign.objects.filter(launched_by=city, state=CampaignState.CLOSED).order_by("-ends_on").first()
    last = closed.ends_on.year if closed else campaign.starts_on.year
    return Context(
        city=city,
        district=district,
        city_user=User.objects.get(username=f"{SYNTHETIC_USER_PREFIX}city"),
        district_user=district_user,
        officer=officer,
        officer_unit=officer.role_assignments.get().unit,
        officer_median=officer_median,
        admin=admin,
        campaign=campaign,
        phase=campaign.phases.order_by("number").first(),
        year=campaign.starts_on.year,
        tallied=tallied,
        stage=(last - STAGE_YEARS + 1, last),
    )


MEMBER_PAGE = """
    SELECT m.id, m.full_name, m.gender, m.date_of_birth, m.trade, m.active, u.id, u.name
    FROM unions_member m JOIN unions_orgunit u ON u.id = m.unit_id
    WHERE u.path LIKE %s AND m.active {search}
    ORDER BY {order}, m.id LIMIT %s"""
OFFICER_MEMBER_PAGE = """
    SELECT m.id, m.full_name, m.gender, m.date_of_birth, m.trade, m.active, u.id, u.name
    FROM unions_member m JOIN unions_orgunit u ON u.id = m.unit_id
    WHERE m.unit_id = %s AND m.active ORDER BY m.name_search, m.id LIMIT %s"""
TREE = """
    SELECT substr(path, 1, %s), count(*) FILTER (WHERE kind = 'grassroots' AND active), sum(active_members)
    FROM unions_orgunit WHERE path LIKE %s AND depth > %s GROUP BY 1"""
REGISTRATIONS = """
    SELECT u.id, u.name, r.id, r.state FROM unions_orgunit u
    LEFT JOIN campaigns_unitregistration r ON r.unit_id = u.id AND r.campaign_id = %s
    WHERE u.path LIKE %s AND u.kind = 'grassroots' AND u.active ORDER BY u.name, u.id LIMIT %s"""
COVERAGE = """
    SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM campaigns_unitregistration r
        WHERE r.unit_id = u.id AND r.campaign_id = %s AND r.state IN ('submitted', 'resubmitted', 'accepted'))),
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM campaigns_selfassessment a
        WHERE a.unit_id = u.id AND a.phase_id = %s AND a.state IN ('submitted', 'reviewed')))
    FROM unions_orgunit u WHERE u.path LIKE %s AND u.kind = 'grassroots' AND u.active"""
RANKING = """
    SELECT a.id, u.name, a.total FROM campaigns_selfassessment a JOIN unions_orgunit u ON u.id = a.unit_id
    WHERE a.phase_id = %s AND a.state = 'reviewed' AND u.path LIKE %s ORDER BY a.total DESC, u.name LIMIT %s"""
QUEUE = """
    SELECT n.id, n.state, n.waiting_since, u.name FROM awards_nomination n JOIN unions_orgunit u ON u.id = n.unit_id
    WHERE u.path LIKE %s AND ({states})
      AND NOT EXISTS (SELECT 1 FROM awards_award a WHERE a.nomination_id = n.id)
    ORDER BY n.waiting_since, n.id LIMIT %s"""
HONOUR = """
    SELECT a.id, a.name_search, t.name FROM awards_award a JOIN unions_orgunit u ON u.id = a.unit_id
    JOIN awards_awardtitle t ON t.id = a.title_id
    WHERE u.path LIKE %s AND a.year = %s AND a.revoked_at IS NULL
    ORDER BY CASE a.level WHEN 'city' THEN 0 WHEN 'upper' THEN 1 ELSE 2 END, t."order", a.name_search, a.id LIMIT %s"""
INITIATIVES = """
    SELECT i.id, i.title, i.year, i.level, i.state, i.value_per_year, u.name, f.name
    FROM initiatives_initiative i JOIN unions_orgunit u ON u.id = i.unit_id
    JOIN initiatives_initiativefield f ON f.id = i.field_id
    WHERE u.path LIKE %s ORDER BY i.year DESC, i.id DESC LIMIT %s"""
UPPER_QUEUE = "n.state IN ('submitted', 'resubmitted') OR (n.state = 'approved' AND n.level = 'city')"
CITY_QUEUE = "n.state = 'forwarded'"


def _halfway(like):
    """(name_search, id) of the active member halfway down the scope's list (read once, by offset)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM unions_member m JOIN unions_orgunit u ON u.id = m.unit_id"
            " WHERE u.path LIKE %s AND m.active",
            [like],
        )
        half = cursor.fetchone()[0] // 2
        cursor.execute(
            "SELECT m.name_search, m.id FROM unions_member m JOIN unions_orgunit u ON u.id = m.unit_id"
            " WHERE u.path LIKE %s AND m.active ORDER BY m.name_search, m.id LIMIT 1 OFFSET %s",
            [like, half],
        )
        return list(cursor.fetchone())


def _cursor_after(place):
    """The query string of the page after `place` (name_search, id), as the list's "next" link writes it."""
    name_search, pk = place
    member = Member(name_search=name_search, pk=pk)
    return urlencode({"after": keyset.encode(member, keyset.ordering_of(Member.objects.all())), "page": 2})


def pages(ctx):
    size = settings.PAGE_SIZE
    city, district = ctx.city, ctx.district
    member_list = reverse("unions:member_list")
    found = []
    for role, unit in (("city", city), ("district", district)):
        like = unit.path + "%"
        half = _halfway(like)
        found += [
            Page(
                "member list",
                role,
                member_list,
                MEMBER_PAGE.format(search="", order="m.name_search"),
                [like, size],
                "/quan-tri/unions/member/" if role == "city" else "",
            ),
            Page(
                "member list, a page by cursor halfway down the list",
                role,
                f"{member_list}?{_cursor_after(half)}",
                MEMBER_PAGE.format(search="AND (m.name_search, m.id) > (%s, %s)", order="m.name_search"),
                [like, *half, size],
            ),
            Page(
                "member list, the last page",
                role,
                f"{member_list}?page=last",
                MEMBER_PAGE.format(search="", order="m.name_search DESC").replace("m.id LIMIT", "m.id DESC LIMIT"),
                [like, size],
            ),
            Page(
                f"member search “{SEARCH}”",
                role,
                f"{member_list}?q={SEARCH.replace(' ', '+')}",
                MEMBER_PAGE.format(
                    search="AND to_tsvector('simple'::regconfig, m.name_search) @@ to_tsquery('simple', %s)",
                    order='m.name_search COLLATE "C"',
                ),
                [like, "nguyen & thi & lan:*", size],
                f"/quan-tri/unions/member/?q={SEARCH.replace(' ', '+')}" if role == "city" else "",
            ),
            Page(
                "member search “nguyen” (a common word: the page, a count up to the cap)",
                role,
                f"{member_list}?q=nguyen",
                MEMBER_PAGE.format(
                    search="AND to_tsvector('simple'::regconfig, m.name_search) @@ to_tsquery('simple', %s)",
                    order='m.name_search COLLATE "C"',
                ),
                [like, "nguyen:*", size],
            ),
            Page(
                "unit tree",
                role,
                reverse("unions:tree"),
                TREE,
                [len(unit.path) + 9, like, unit.depth],
            ),
            Page(
                "registration list",
                role,
                reverse("campaigns:registration_list", args=[ctx.campaign.pk]),
                REGISTRATIONS,
                [ctx.campaign.pk, like, size],
                f"/quan-tri/campaigns/unitregistration/?campaign__id__exact={ctx.campaign.pk}"
                if role == "city"
                else "",
            ),
            Page(
                "coverage",
                role,
                reverse("campaigns:coverage", args=[ctx.campaign.pk]),
                COVERAGE,
                [ctx.campaign.pk, ctx.phase.pk, like],
            ),
            Page(
                "ranking",
                role,
                reverse("campaigns:scoring_ranking", args=[ctx.phase.pk]),
                RANKING,
                [ctx.phase.pk, like, size],
            ),
            Page(
                "review queue",
                role,
                reverse("awards:queue"),
                QUEUE.format(states=CITY_QUEUE if role == "city" else UPPER_QUEUE),
                [like, size],
                f"/quan-tri/awards/nomination/?state__exact={NominationState.FORWARDED}"
                if role == "city"
                else f"/quan-tri/awards/nomination/?state__exact={NominationState.SUBMITTED}",
            ),
            Page(
                "honour roll",
                role,
                reverse("awards:honour_roll", args=[unit.pk, ctx.year]),
                HONOUR,
                [like, ctx.year, size],
            ),
            Page(
                "initiative list",
                role,
                reverse("initiatives:list"),
                INITIATIVES,
                [like, size],
                "/quan-tri/initiatives/initiative/" if role == "city" else "",
            ),
            Page("home (dashboard panels)", role, reverse("home")),
        ]
    found += [
        Page(
            "member list",
            "officer",
            member_list,
            OFFICER_MEMBER_PAGE,
            [ctx.officer_unit.pk, size],
        ),
        Page("home (dashboard panels)", "officer", reverse("home")),
    ]
    return found + report_pages(ctx)


def report_pages(ctx):
    """The dashboards and reports, per role: the dashboard (built, its cache emptied first), the yearly
    statistics tables, the report of the last tallied phase (read from its snapshot) for the unit the
    role sits on, and the multi-year stage report of the city and the district (read from the figures
    a worker counted and kept, reports.domain.periods: counted first, the time it took in the name)."""
    found = []
    first, last = ctx.stage
    phase_slug = f"dot-{ctx.tallied.pk}" if ctx.tallied else ""
    for role, unit in (("city", ctx.city), ("district", ctx.district), ("officer", ctx.officer_unit)):
        found += [
            Page("dashboard (built, cache emptied)", role, reverse("reports:dashboard"), cold=True),
            Page(f"statistics {ctx.year}", role, f"{reverse('reports:statistics')}?year={ctx.year}"),
        ]
        if phase_slug:
            found.append(
                Page(
                    f"phase report (snapshot, {ctx.tallied.campaign.starts_on.year} {ctx.tallied.name})",
                    role,
                    reverse("reports:report", args=[unit.pk, phase_slug]),
                )
            )
        if role != "officer":
            found.append(
                Page(
                    f"stage report {first}–{last}",
                    role,
                    reverse("reports:report", args=[unit.pk, f"giai-doan-{first}-{last}"]),
                    setup=partial(_keep_stage, unit, first, last),
                )
            )
    return found


def _keep_stage(unit, first, last):
    """Count and keep the stage report's figures as the worker does (once; a current count is reused)."""
    selection = Selection.for_years(first, last)
    kept = periods.latest(unit, selection)
    if kept is not None and periods.is_current(kept):
        return "kept figures, counted earlier"
    PeriodTally.objects.filter(unit=unit, period=selection.key, state=PeriodTally.State.PENDING).delete()
    pending = PeriodTally.objects.create(unit=unit, period=selection.key)
    started = time.perf_counter()
    periods.make(pending.pk, official_of=content.is_official)
    return f"kept figures; the worker counted them in {time.perf_counter() - started:.1f} s"


def run_pages(ctx, rounds, log=print):
    """Each page: its query count, then `rounds` rounds that time the page, the admin's changelist
    and the floor one after the other (interleaved, so that a busy moment of the machine weighs on
    the three alike and the ratios stay readable)."""
    clients = {}
    for role, user in (
        ("city", ctx.city_user),
        ("district", ctx.district_user),
        ("officer", ctx.officer),
        ("admin", ctx.admin),
    ):
        clients[role] = Client()
        clients[role].force_login(user)
    rows = []
    for page in pages(ctx):
        client = clients[page.role]
        if page.setup is not None:
            page.name = f"{page.name} ({page.setup()})"
        queries = _count_queries(client, page)
        with_floor = bool(page.floor) and connection.vendor == "postgresql"
        samples = {"page": [], "admin": [], "floor": []}
        status = client.get(page.url).status_code  # warm: sessions, caches, plans
        if page.admin_url:
            clients["admin"].get(page.admin_url)
        with connection.cursor() as cursor:
            for _ in range(rounds):
                status, seconds = _get(client, page)
                samples["page"].append(seconds)
                if page.admin_url:
                    started = time.perf_counter()
                    clients["admin"].get(page.admin_url)
                    samples["admin"].append(time.perf_counter() - started)
                if with_floor:
                    started = time.perf_counter()
                    cursor.execute(page.floor, page.floor_params)
                    cursor.fetchall()
                    samples["floor"].append(time.perf_counter() - started)
        row = Row(page, _percentiles(samples["page"]), queries, status)
        row.admin = _percentiles(samples["admin"]) if samples["admin"] else None
        row.floor = _percentiles(samples["floor"]) if samples["floor"] else None
        log(_line(row))
        rows.append(row)
    return rows


def _ms(value):
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def _line(row):
    page = row.page
    admin = f"{_ms(row.admin.p50)}" if row.admin else "—"
    floor = f"{_ms(row.floor.p50)}" if row.floor else "—"
    vs_admin = f"{row.timing.p50 / row.admin.p50:.2f}" if row.admin else "—"
    vs_floor = f"{row.timing.p50 / row.floor.p50:.1f}×" if row.floor else "—"
    status = "" if row.status == 200 else f" (HTTP {row.status})"
    return (
        f"| {page.name}{status} | {page.role} | {_ms(row.timing.p50)} | {_ms(row.timing.p95)} | {row.queries} "
        f"| {admin} | {vs_admin} | {floor} | {vs_floor} |"
    )


HEADER = (
    "| page | role | p50 ms | p95 ms | queries | admin p50 ms | vs admin | floor p50 ms | vs floor |\n"
    "|---|---|---|---|---|---|---|---|---|"
)


# --- exports and imports ----------------------------------------------------------------------------


def _download(client, url):
    """(status, size in bytes): a streamed response is read chunk by chunk, as a web server sends it,
    so that what is measured is the process's memory, not a copy the benchmark itself would make."""
    response = client.get(url)
    if response.streaming:  # read to the end, the test client closes the response (and its file)
        return response.status_code, sum(len(chunk) for chunk in response.streaming_content)
    return response.status_code, len(response.content)


def _measure_download(client, url, rounds=3):
    """Time: the median of `rounds` plain requests. Memory: the Python allocations' peak of one more
    request traced by tracemalloc (which slows Python several times: never timed together)."""
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        status, size = _download(client, url)
        samples.append(time.perf_counter() - started)
    tracemalloc.start()
    _download(client, url)
    _now, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(samples), peak / 1024 / 1024, size, status


def run_exports(ctx, log=print):
    lines = []
    for role, user, url, label in (
        ("city", ctx.city_user, reverse("awards:queue_export"), "review queue export"),
        ("district", ctx.district_user, reverse("awards:queue_export"), "review queue export"),
        ("district", ctx.district_user, reverse("initiatives:export"), "initiative export"),
        ("officer", ctx.officer_median, reverse("unions:member_export"), "member export (a middle-sized union)"),
    ):
        client = Client()
        client.force_login(user)
        seconds, peak, size, status = _measure_download(client, url)
        line = f"| {label} | {role} | {seconds * 1000:,.0f} | {peak:,.1f} | {size:,} | {status} |"
        log(line)
        lines.append(line)
    return lines


EXPORT_HEADER = (
    "| export | role | time ms (median of 3) | Python peak MB (tracemalloc, separate request) | bytes | HTTP |\n"
    "|---|---|---|---|---|---|"
)


def _import_workbook(rows, seed=1265):
    import random

    rng = random.Random(seed)  # nosec B311 # made-up benchmark data, the same for a seed
    book = Workbook()
    sheet = book.active
    from django.utils import translation

    with translation.override("vi"):
        sheet.append([str(c.label) for c in MEMBER_COLUMNS])
    for i in range(rows):
        female = rng.random() < 0.5
        sheet.append(
            [
                person(rng, female),
                "Nữ" if female else "Nam",
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1965, 2004)}",
                "May công nghiệp",
                "Công nhân",
                "có",
                f"BENCH{i:07d}",
                "",
                "",
            ][: len(MEMBER_COLUMNS)]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Rollback(Exception):
    pass


def run_imports(ctx, rows=10_000, log=print):
    """A validated .xlsx import of `rows` members into the biggest union next to a bare bulk insert of
    the same number of rows; both rolled back, so the city stays as generated."""
    content = _import_workbook(rows)
    unit = ctx.officer_unit
    settings.IMPORT_MAX_ROWS = max(settings.IMPORT_MAX_ROWS, rows)
    settings.UPLOAD_MAX_BYTES = max(settings.UPLOAD_MAX_BYTES, len(content) + 1)
    results = {}
    try:
        with transaction.atomic():
            upload = SimpleUploadedFile("doan-vien.xlsx", content)
            started = time.perf_counter()
            result = import_members(upload, unit, by=ctx.officer)
            results["validated .xlsx import"] = (time.perf_counter() - started, len(result.created), result.errors)
            raise _Rollback
    except _Rollback:
        pass
    try:
        with transaction.atomic():
            members = [
                Member(unit=unit, full_name=f"Nguyễn Văn {i}", name_search=fold(f"Nguyễn Văn {i}"), gender="male")
                for i in range(rows)
            ]
            started = time.perf_counter()
            Member.objects.bulk_create(members, batch_size=1000)
            results["bare bulk_create"] = (time.perf_counter() - started, rows, [])
            raise _Rollback
    except _Rollback:
        pass
    lines = []
    for label, (seconds, written, errors) in results.items():
        problem = f" ({len(errors)} errors: {errors[:1]})" if errors else ""
        line = f"| {label}{problem} | {written:,} | {seconds:,.1f} | {written / seconds:,.0f} |"
        log(line)
        lines.append(line)
    return lines


IMPORT_HEADER = "| import (10,000 rows) | rows written | seconds | rows/s |\n|---|---|---|---|"


# --- a phase tally ----------------------------------------------------------------------------------

# The tally's core figures of every unit of the tree (its whole subtree summed): grassroots unions,
# members and women, registered and accepted unions, self-assessed unions, nominations and awards of the
# phase. One statement: each kind of record counted per unit, then every unit's counts added to each of
# its ancestors within the root by cutting its path at every segment. What the tally does besides
# (per title and level, blocks, clusters, ranks, the summary, writing the rows) the floor leaves out.
# The LIMIT (more levels than any tree has) only tells the planner how many cuts a path makes: its
# guess for generate_series, 1,000 rows, priced the statement past jit_above_cost, and compiling it
# cost more than running it.
TALLY_FLOOR = """
    WITH tree AS (
        SELECT id, path, kind FROM unions_orgunit WHERE path LIKE %(like)s AND active
    ), counted AS (
        SELECT unit_id, count(*) AS members, count(*) FILTER (WHERE gender = 'female') AS women,
            0 AS registered, 0 AS accepted, 0 AS assessed, 0 AS nominations, 0 AS awards
        FROM unions_member WHERE active GROUP BY unit_id
        UNION ALL
        SELECT unit_id, 0, 0, count(*), count(*) FILTER (WHERE state = 'accepted'), 0, 0, 0
        FROM campaigns_unitregistration
        WHERE campaign_id = %(campaign)s AND state = ANY(%(registered)s) GROUP BY unit_id
        UNION ALL
        SELECT unit_id, 0, 0, 0, 0, count(*), 0, 0 FROM campaigns_selfassessment
        WHERE phase_id = %(phase)s AND state = ANY(%(assessed)s) GROUP BY unit_id
        UNION ALL
        SELECT unit_id, 0, 0, 0, 0, 0, count(*), 0 FROM awards_nomination
        WHERE phase_id = %(phase)s AND state <> 'draft' GROUP BY unit_id
        UNION ALL
        SELECT a.unit_id, 0, 0, 0, 0, 0, 0, count(*) FROM awards_award a
        LEFT JOIN awards_nomination n ON n.id = a.nomination_id
        LEFT JOIN awards_decision d ON d.id = a.decision_id
        WHERE a.revoked_at IS NULL
          AND (n.phase_id = %(phase)s OR (a.nomination_id IS NULL AND d.date BETWEEN %(start)s AND %(end)s))
        GROUP BY a.unit_id
    ), per_unit AS (
        SELECT t.path, (t.kind = 'grassroots')::int AS grassroots,
            sum(c.members) AS members, sum(c.women) AS women, sum(c.registered) AS registered,
            sum(c.accepted) AS accepted, sum(c.assessed) AS assessed, sum(c.nominations) AS nominations,
            sum(c.awards) AS awards
        FROM tree t LEFT JOIN counted c ON c.unit_id = t.id GROUP BY t.id, t.path, t.kind
    )
    SELECT a.id, sum(p.grassroots), coalesce(sum(p.members), 0), coalesce(sum(p.women), 0),
        coalesce(sum(p.registered), 0), coalesce(sum(p.accepted), 0), coalesce(sum(p.assessed), 0),
        coalesce(sum(p.nominations), 0), coalesce(sum(p.awards), 0)
    FROM per_unit p
    CROSS JOIN LATERAL (
        SELECT n FROM generate_series(%(segment)s, length(p.path), %(segment)s) AS n LIMIT 12
    ) AS cut(n)
    JOIN tree a ON a.path = left(p.path, cut.n)
    GROUP BY a.id"""
CORE = ["grassroots", "members", "women", "registered", "accepted", "assessed", "nominations", "awards"]


def tally_floor(cursor, phase):
    """The floor's rows: {unit id: {figure: count}} for every unit of the phase's campaign tree."""
    root = phase.campaign.launched_by
    cursor.execute(
        TALLY_FLOOR,
        {
            "like": root.path + "%",
            "campaign": phase.campaign_id,
            "phase": phase.pk,
            "registered": [str(s) for s in REGISTERED_STATES],
            "assessed": [str(s) for s in ASSESSED_STATES],
            "start": phase.starts_on,
            "end": phase.ends_on,
            "segment": PATH_SEGMENT + 1,
        },
    )
    return {row[0]: dict(zip(CORE, row[1:], strict=True)) for row in cursor.fetchall()}


def core_figures(figures):
    """The floor's figures read from a tally's unit rows ({unit id: {figure: count}})."""

    def total(value):
        return sum(total(v) for v in value.values()) if isinstance(value, dict) else value

    return {pk: {name: total(row.get(name, 0)) for name in CORE} for pk, row in figures.units.items()}


def run_tally(ctx, rounds=3, log=print):
    """The real tally of the last tallied phase, run again as its next version inside a transaction
    that is rolled back (so the bench never piles up versions), its counting alone
    (reports.figures.compute), and the floor; `rounds` runs each, interleaved. Returns the lines and
    whether the floor's figures equal the tally's for every unit (else the floor proves nothing)."""
    phase = ctx.tallied
    if phase is None or connection.vendor != "postgresql":
        line = "| (no tallied phase, or not PostgreSQL: nothing measured) | — | — | — |"
        log(line)
        return [line], None
    phase = Phase.objects.select_related("campaign__launched_by").get(pk=phase.pk)
    samples = {"tally": [], "compute": [], "floor": []}
    rows = 0
    figures = floor = None
    with connection.cursor() as cursor:
        tally_floor(cursor, phase)  # warm: plans and buffers, as the other rows
        for _ in range(rounds):
            try:
                with transaction.atomic():
                    version = (phase.tally_runs.aggregate(last=Max("version"))["last"] or 0) + 1
                    started = time.perf_counter()
                    run, _created = tally_phase(phase, version=version, reason="bench (rolled back)")
                    samples["tally"].append(time.perf_counter() - started)
                    rows = run.figures.count()
                    raise _Rollback
            except _Rollback:
                pass
            started = time.perf_counter()
            figures = compute(phase.campaign.launched_by, Selection.for_phase(phase))
            samples["compute"].append(time.perf_counter() - started)
            started = time.perf_counter()
            floor = tally_floor(cursor, phase)
            samples["floor"].append(time.perf_counter() - started)
    timings = {name: _percentiles(values) for name, values in samples.items()}
    agrees = core_figures(figures) == floor
    lines = []
    for label, name in (
        (f"real tally: tally_phase, a new version ({rows:,} rows written), rolled back", "tally"),
        ("its counting alone: reports.figures.compute", "compute"),
        (f"floor: one SQL statement, {len(CORE)} core figures of {len(floor):,} units", "floor"),
    ):
        timing = timings[name]
        line = f"| {label} | {_ms(timing.p50)} | {_ms(timing.p95)} | {timing.p50 / timings['floor'].p50:.1f}× |"
        log(line)
        lines.append(line)
    return lines, agrees


def tally_header(ctx):
    phase = ctx.tallied
    name = f"{phase.campaign.starts_on.year} {phase.name}" if phase else "—"
    return f"| phase tally ({name}) | p50 ms | p95 ms | vs floor |\n|---|---|---|---|"
