"""A synthetic city for measuring: one city federation, its districts, grassroots unions of
log-normal size, members with real Vietnamese name frequencies, and ten years of campaigns with
phases, registrations, self-assessments, nominations in every state and the awards decided, and
the tally snapshots of every phase of the campaigns that are over (made by the real tally, as the
phase-end sweep makes them in production), so that reports read snapshots as they would there.

Every row is marked synthetic (units' short codes start with SYNTHETIC_PREFIX, logins with
SYNTHETIC_USER_PREFIX), and `generate` refuses a database holding anything else. The big tables are
written with COPY on PostgreSQL (bulk_create elsewhere) with ids assigned here, so nothing is read
back; sequences are moved past them at the end and the planner's statistics gathered."""

import datetime
import math
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from awards.enums import Level, NominationState, Subject
from awards.models import Award, AwardTitle, Decision, Nomination
from campaigns.enums import AssessmentState, CampaignKind, CampaignState, RegistrationState
from campaigns.models import Campaign, Phase, ScoreBand, ScoreSheet, SelfAssessment, TitleRegistration, UnitRegistration
from initiatives.enums import AuthorCategory, InitiativeState
from initiatives.models import Author, Initiative, InitiativeField
from reports.domain.tally import tally_phase
from reports.models import TallyFigure, TallyRun
from scale.names import person
from unions.enums import Gender, Ownership, Role, UnitKind
from unions.models import PATH_SEGMENT, Block, Cluster, Member, OrgUnit, RoleAssignment
from unionsite.text import fold

SYNTHETIC_PREFIX = "SY-"
SYNTHETIC_USER_PREFIX = "synth_"
PASSWORD = "synthetic"  # nosec B105 # the generated logins' password (bench and manual looks only)

BLOCKS = [  # code, name, share of grassroots unions
    ("synth-dn", "Khối doanh nghiệp", 0.60),
    ("synth-hcsn", "Khối hành chính sự nghiệp", 0.25),
    ("synth-gd", "Khối giáo dục", 0.15),
]
TRADES = {
    "synth-dn": ["Hàn điện", "Hàn CO2", "Điện công nghiệp", "May công nghiệp", "Cơ khí", "Lái xe", "Kế toán"],
    "synth-hcsn": ["Chuyên viên", "Kế toán", "Văn thư", "Công nghệ thông tin", "Y tá", "Bác sĩ"],
    "synth-gd": ["Giáo viên", "Giáo viên mầm non", "Nhân viên thư viện", "Kế toán"],
}
DISTRICT_NAMES = [
    "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Long Biên", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng", "Hoàng Mai",
    "Thanh Xuân", "Nam Từ Liêm", "Bắc Từ Liêm", "Hà Đông", "Sơn Tây", "Ba Vì", "Phúc Thọ", "Đan Phượng",
    "Hoài Đức", "Quốc Oai", "Thạch Thất", "Chương Mỹ", "Thanh Oai", "Thường Tín", "Phú Xuyên", "Ứng Hòa",
    "Mỹ Đức", "Sóc Sơn", "Đông Anh", "Gia Lâm", "Mê Linh", "Thanh Trì",
]  # fmt: skip
UNIT_NAMES = {
    "synth-dn": ["Công đoàn Công ty Cổ phần {}", "Công đoàn Công ty TNHH {}", "Công đoàn Tổng công ty {}"],
    "synth-hcsn": ["Công đoàn Sở {}", "Công đoàn Bệnh viện {}", "Công đoàn phường {}"],
    "synth-gd": ["Công đoàn trường Tiểu học {}", "Công đoàn trường THCS {}", "Công đoàn trường Mầm non {}"],
}
UNIT_WORDS = ["Thăng Long", "Sông Hồng", "Hòa Bình", "Đông Đô", "Bình Minh", "An Phát", "Việt Tiến", "Hồng Hà",
              "Tràng An", "Kim Liên", "Phú Thịnh", "Hưng Thịnh", "Minh Khai", "Nam Thắng", "Tân Tiến"]  # fmt: skip
INACTIVE_SHARE = 0.03
REGISTERED_SHARE = 0.8
TITLE_REGISTRATION_RATE = 0.018  # title registrations a year per member of a registered union
NOMINATION_RATE = 0.0055  # nominations a year per member
# The current year holds nominations in every state; past years are decided.
CURRENT_STATES = [
    (NominationState.DRAFT, 0.10),
    (NominationState.SUBMITTED, 0.22),
    (NominationState.RETURNED, 0.05),
    (NominationState.RESUBMITTED, 0.05),
    (NominationState.APPROVED, 0.23),
    (NominationState.FORWARDED, 0.12),
    (NominationState.CITY_APPROVED, 0.15),
    (NominationState.REJECTED, 0.08),
]
INITIATIVE_RATE = 0.004  # initiatives a year per member ("1 triệu sáng kiến" drives)
CURRENT_INITIATIVE_STATES = [
    (InitiativeState.DRAFT, 0.15),
    (InitiativeState.SUBMITTED, 0.20),
    (InitiativeState.UNDER_REVIEW, 0.15),
    (InitiativeState.RETURNED, 0.05),
    (InitiativeState.RESUBMITTED, 0.05),
    (InitiativeState.RECOGNISED, 0.25),
    (InitiativeState.NOT_RECOGNISED, 0.10),
    (InitiativeState.WITHDRAWN, 0.05),
]
PAST_INITIATIVE_STATES = [
    (InitiativeState.RECOGNISED, 0.62),
    (InitiativeState.NOT_RECOGNISED, 0.28),
    (InitiativeState.WITHDRAWN, 0.08),
    (InitiativeState.REVOKED, 0.02),
]
INITIATIVE_TITLES = [
    "Cải tiến quy trình {}", "Giải pháp tiết kiệm vật tư trong {}", "Ứng dụng công nghệ thông tin vào {}",
    "Sáng kiến nâng cao năng suất {}", "Đổi mới phương pháp {}",
]  # fmt: skip
INITIATIVE_SUBJECTS = ["hàn điện", "may công nghiệp", "quản lý kho", "giảng dạy", "kế toán", "bảo dưỡng thiết bị",
                       "chăm sóc người bệnh", "vận hành lò hơi", "kiểm tra chất lượng", "lưu trữ hồ sơ"]  # fmt: skip
PAST_STATES = [
    (NominationState.APPROVED, 0.62),
    (NominationState.CITY_APPROVED, 0.26),
    (NominationState.REJECTED, 0.12),
]


class RealData(Exception):
    """The database holds records that are not synthetic: nothing is generated."""


@dataclass
class Sizes:
    members: int = 1_000_000
    units: int = 10_000  # the city, its districts and grassroots unions
    districts: int = 30
    years: int = 10
    last_year: int = 2026
    seed: int = 12


@dataclass
class City:
    """What was generated: counts by table and the logins the benchmarks use."""

    counts: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


# --- safety -----------------------------------------------------------------------------------------


def real_records():
    """Descriptions of the records that are not synthetic (empty: the database may be (re)generated)."""
    found = []
    units = OrgUnit.objects.exclude(short_code__startswith=SYNTHETIC_PREFIX).count()
    if units:
        found.append(f"{units} organisation units")
    users = get_user_model().objects.exclude(username__startswith=SYNTHETIC_USER_PREFIX).count()
    if users:
        found.append(f"{users} logins")
    return found


def holds_synthetic_city():
    return OrgUnit.objects.filter(short_code=f"{SYNTHETIC_PREFIX}CITY").exists()


def wipe():
    """Delete a synthetic city (only ever called after real_records() came back empty)."""
    tables = [
        OrgUnit._meta.db_table,
        get_user_model()._meta.db_table,
        Block._meta.db_table,
        Cluster._meta.db_table,
        "unionsite_changerecord",
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of rows written earlier in this transaction run first
            # (TRUNCATE refuses a table with pending trigger events).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            return
    # Elsewhere (SQLite, small sizes): the ORM in dependency order. A queryset's delete() does not call
    # the snapshots' own delete(), which refuses single rows: the whole synthetic city goes.
    TallyFigure.objects.all().delete()
    TallyRun.objects.all().delete()
    Author.objects.all().delete()
    Initiative.objects.all().delete()
    for model in (Award, Decision, Nomination, SelfAssessment, ScoreSheet, TitleRegistration, UnitRegistration):
        model.objects.all().delete()
    Phase.objects.all().delete()
    Campaign.objects.all().delete()
    RoleAssignment.objects.all().delete()
    Member.objects.all().delete()
    OrgUnit.objects.filter(short_code__startswith=SYNTHETIC_PREFIX).update(cluster=None)
    Cluster.objects.all().delete()
    for depth in range(10, -1, -1):
        OrgUnit.objects.filter(depth=depth).delete()
    Block.objects.filter(code__startswith="synth-").delete()
    get_user_model().objects.filter(username__startswith=SYNTHETIC_USER_PREFIX).delete()


# --- writing ----------------------------------------------------------------------------------------


def _next_id(model):
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def _insert(model, rows):
    """Write `rows` (dicts of field attname → value, ids included) to `model`'s table: COPY on
    PostgreSQL, bulk_create elsewhere. Fields a row leaves out take the model's default."""
    if not rows:
        return 0
    fields = list(model._meta.concrete_fields)
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)
        return len(rows)
    from psycopg.types.json import Jsonb

    now = timezone.now()
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            defaults[f.attname] = now
        else:  # the field's default, "" for text fields without one, else None
            value = f.get_default()
            defaults[f.attname] = Jsonb(value) if f.get_internal_type() == "JSONField" else value
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    names = [f.attname for f in fields]
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] if name in row else defaults[name] for name in names])
    return len(rows)


def _reset_sequences(models):
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _analyze(*models):
    """The planner's statistics of `models`' tables and, outside a transaction, a VACUUM as autovacuum
    would have run on a production database by then: it marks the pages all-visible, without which no
    index-only scan reads an index alone (a COPY-filled table has none)."""
    if connection.vendor == "postgresql":
        tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{command} {tables}")  # nosec B608 — table names from the models


def vacuum_analyze():
    """VACUUM (ANALYZE) the whole database (the bench runs it before measuring: idempotent, quick once
    done, and what autovacuum keeps true of a production database)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def _segment(pk):
    return f"{pk:0{PATH_SEGMENT}d}."


def _draw(rng, table):
    point = rng.random() * sum(share for _s, share in table)
    for state, share in table:
        point -= share
        if point <= 0:
            return state
    return table[-1][0]


def union_sizes(rng, count, members):
    """`count` union sizes, log-normal (a few unions of thousands, most of a few dozen), at least 3
    each, summing to `members` exactly."""
    raw = [rng.lognormvariate(0.0, 1.2) for _ in range(count)]
    scale = (members - 3 * count) / sum(raw)
    sizes = [3 + int(r * scale) for r in raw]
    short = members - sum(sizes)
    order = sorted(range(count), key=lambda i: raw[i], reverse=True)
    for i in range(abs(short)):  # hand out (or take back) the remainder, biggest unions first
        sizes[order[i % count]] += 1 if short > 0 else -1
    return sizes


# --- the city ---------------------------------------------------------------------------------------


def generate(sizes, *, replace=False, snapshots=True, log=print):
    """Build the synthetic city. Raises RealData when the database holds anything not synthetic.
    `snapshots=False` leaves the ended phases untallied (as cities generated before the snapshots were;
    `tally_missing` adds them later)."""
    if sizes.units < sizes.districts + 2 or sizes.members < 3 * (sizes.units - sizes.districts - 1):
        raise ValueError("need at least districts + 2 units and 3 members per grassroots union")
    found = real_records()
    if found:
        raise RealData(", ".join(found))
    if holds_synthetic_city():
        if not replace:
            raise RealData("a synthetic city is already there (use --replace to build it again)")
        wipe()
    city = City()
    rng = random.Random(sizes.seed)  # nosec B311 # made-up data, the same for a seed
    started = time.monotonic()

    def step(name, count):
        city.counts[name] = count
        city.seconds[name] = round(time.monotonic() - started, 1)
        log(f"{name}: {count:,} ({city.seconds[name]} s)")

    with transaction.atomic():
        tree = _tree(rng, sizes)
        step("units", len(tree.units))
        step("members", _members(rng, sizes, tree))
        users = _users(tree)
        step("logins", len(users))
        history = _campaigns(rng, sizes, tree, users)
        for name, count in history.items():
            step(name, count)
        for name, count in _initiatives(rng, sizes, tree, users).items():
            step(name, count)
        _reset_sequences(
            [
                OrgUnit,
                Member,
                UnitRegistration,
                TitleRegistration,
                SelfAssessment,
                Nomination,
                Award,
                Initiative,
                Author,
            ]
        )
    _analyze()
    step("analyze", 0)
    if snapshots:
        # After ANALYZE: the tally's grouped queries are planned on the real sizes.
        step("tally snapshots", tally_missing(log=lambda line: None))
    return city


# --- the tally snapshots ------------------------------------------------------------------------------


def untallied_phases():
    """The phases of the synthetic city's campaigns that are over (closed) and were never tallied.

    Only closed campaigns: the current year's campaign is generated as running (its first phase's
    windows still open, its nominations waiting in the queues), and tallying a phase closes its windows,
    which would empty the live queues the benchmarks measure. The past years are what a real city holds
    as history: every phase tallied once, by the sweep, after it ended."""
    tallied = TallyRun.objects.filter(phase=OuterRef("pk"))
    return (
        Phase.objects.filter(
            campaign__launched_by__short_code__startswith=SYNTHETIC_PREFIX, campaign__state=CampaignState.CLOSED
        )
        .exclude(Exists(tallied))
        .select_related("campaign")
        .order_by("ends_on", "pk")
    )


def tally_missing(log=print):
    """Tally (version 1, the real reports.domain.tally code) every ended phase without a snapshot; returns
    how many were tallied. Idempotent: a city already tallied gets nothing new, so the bench calls it on a
    city generated before the snapshots existed instead of generating it again."""
    done = 0
    for phase in untallied_phases():
        started = time.monotonic()
        run, created = tally_phase(phase, version=1)
        done += created
        log(
            f"tallied {phase.campaign.starts_on.year} {phase.name}: {run.figures.count():,} rows "
            f"({time.monotonic() - started:.1f} s)"
        )
    if done:
        _analyze(TallyRun, TallyFigure)  # new rows: the reports' reads are planned on them at once
    return done


@dataclass
class _Tree:
    city_id: int
    district_ids: list
    grassroots: list  # (unit id, district id, block code, size)
    units: list
    members_by_unit: dict = field(default_factory=dict)  # unit id → (first member id, count, genders)


def _tree(rng, sizes):
    blocks = {}
    for order, (code, name, _share) in enumerate(BLOCKS):
        blocks[code] = Block.objects.create(code=code, name=f"{name} (tổng hợp)", order=order)
    next_id = _next_id(OrgUnit)
    city_id = next_id
    city_path = _segment(city_id)
    units = [
        {
            "id": city_id,
            "kind": UnitKind.CITY,
            "parent_id": None,
            "name": "Liên đoàn Lao động Thành phố (dữ liệu tổng hợp)",
            "short_code": f"{SYNTHETIC_PREFIX}CITY",
            "path": city_path,
            "depth": 0,
        }
    ]
    districts = []
    for i in range(sizes.districts):
        pk = city_id + 1 + i
        name = f"LĐLĐ quận {DISTRICT_NAMES[i % len(DISTRICT_NAMES)]}" + (
            f" {i // len(DISTRICT_NAMES) + 1}" if i >= len(DISTRICT_NAMES) else ""
        )
        districts.append((pk, city_path + _segment(pk)))
        units.append(
            {
                "id": pk,
                "kind": UnitKind.UPPER,
                "parent_id": city_id,
                "name": name,
                "short_code": f"{SYNTHETIC_PREFIX}Q{i + 1:03d}",
                "path": city_path + _segment(pk),
                "depth": 1,
            }
        )
    _insert(OrgUnit, [{**u, "name_search": fold(f"{u['name']} {u['short_code']}")} for u in units])
    # Clusters: a few per district and block, organised by the district.
    clusters = {}
    for district_id, _path in districts:
        for code in blocks:
            cluster = Cluster.objects.create(
                organiser_id=district_id, name=f"Cụm thi đua {code[6:].upper()} {district_id}", block=blocks[code]
            )
            clusters[(district_id, code)] = cluster.pk
    grassroots_count = sizes.units - 1 - sizes.districts
    district_weights = [rng.lognormvariate(0.0, 0.6) for _ in districts]
    block_codes = [code for code, _n, _s in BLOCKS]
    block_shares = [share for _c, _n, share in BLOCKS]
    member_sizes = union_sizes(rng, grassroots_count, sizes.members)
    grassroots = []
    rows = []
    first = city_id + 1 + sizes.districts
    for i, size in enumerate(member_sizes):
        pk = first + i
        district_id, district_path = rng.choices(districts, weights=district_weights)[0]
        code = rng.choices(block_codes, weights=block_shares)[0]
        name = rng.choice(UNIT_NAMES[code]).format(f"{rng.choice(UNIT_WORDS)} {pk}")
        short_code = f"{SYNTHETIC_PREFIX}{pk}"
        grassroots.append((pk, district_id, code, size))
        rows.append(
            {
                "id": pk,
                "kind": UnitKind.GRASSROOTS,
                "parent_id": district_id,
                "name": name,
                "short_code": short_code,
                "block_id": blocks[code].pk,
                "cluster_id": clusters[(district_id, code)],
                "ownership": rng.choice([Ownership.NON_STATE, Ownership.NON_STATE, Ownership.STATE, Ownership.FDI])
                if code == "synth-dn"
                else Ownership.STATE,
                "member_count": size,
                "path": district_path + _segment(pk),
                "depth": 2,
                "name_search": fold(f"{name} {short_code}"),
            }
        )
    _insert(OrgUnit, rows)
    return _Tree(city_id, [pk for pk, _p in districts], grassroots, units + rows)


def _members(rng, sizes, tree):
    """Members of every grassroots union; their kept counts are written on the units at the end."""
    folded = {}
    next_id = _next_id(Member)
    today = datetime.date(sizes.last_year, 11, 30)
    batch, written = [], 0
    active = {}
    for unit_id, _district, code, size in tree.grassroots:
        first = next_id
        trades = TRADES[code]
        female_share = 0.75 if code == "synth-gd" else 0.45
        kept = 0
        for _ in range(size):
            female = rng.random() < female_share
            name = person(rng, female)
            if name not in folded:
                folded[name] = fold(name)
            born = datetime.date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28))
            trade = rng.choice(trades)
            is_active = rng.random() >= INACTIVE_SHARE
            kept += is_active
            batch.append(
                {
                    "id": next_id,
                    "unit_id": unit_id,
                    "full_name": name,
                    "gender": Gender.FEMALE if female else Gender.MALE,
                    "date_of_birth": born,
                    "trade": trade,
                    "position": "Công nhân" if code == "synth-dn" else "Viên chức",
                    "direct_production": code == "synth-dn" and trade not in ("Kế toán",),
                    "card_number": f"SY{next_id:09d}",
                    "phone": "",
                    "joined_on": min(today, datetime.date(born.year + rng.randint(20, 30), rng.randint(1, 12), 1)),
                    "active": is_active,
                    "name_search": folded[name],
                }
            )
            next_id += 1
        tree.members_by_unit[unit_id] = (first, size)
        active[unit_id] = kept
        if len(batch) >= 50_000:
            written += _insert(Member, batch)
            batch = []
    written += _insert(Member, batch)
    # The kept counts (OrgUnit.active_members), exactly what was written.
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(OrgUnit._meta.db_table)
        cursor.executemany(
            f"UPDATE {table} SET active_members = %s WHERE id = %s",  # nosec B608 # a quoted table name
            [(n, pk) for pk, n in active.items()],
        )
    return written


@dataclass
class _Users:
    city: object
    districts: dict  # district id → staff login
    officers: dict  # grassroots id → officer login

    def __len__(self):
        return 1 + len(self.districts) + len(self.officers)


def _users(tree):
    User = get_user_model()
    hashed = make_password(PASSWORD)  # hashed once: dozens of logins share it

    def login(name, **fields):
        return User.objects.create(username=f"{SYNTHETIC_USER_PREFIX}{name}", password=hashed, **fields)

    city = login("city", first_name="Thành phố")
    RoleAssignment.objects.create(user=city, unit_id=tree.city_id, role=Role.CITY_REVIEWER)
    districts = {}
    for i, pk in enumerate(tree.district_ids):
        user = login(f"district{i + 1}")
        RoleAssignment.objects.create(user=user, unit_id=pk, role=Role.UPPER_STAFF)
        districts[pk] = user
    # Officers of the biggest union and of a middle-sized one.
    by_size = sorted(tree.grassroots, key=lambda g: g[3], reverse=True)
    officers = {}
    for label, unit in (("big", by_size[0]), ("median", by_size[len(by_size) // 2])):
        user = login(f"officer_{label}")
        RoleAssignment.objects.create(user=user, unit_id=unit[0], role=Role.GRASSROOTS_OFFICER)
        officers[unit[0]] = user
    return _Users(city, districts, officers)


def _campaigns(rng, sizes, tree, users):
    """Ten years of city campaigns: two phases each, registrations, self-assessments per phase,
    nominations (decided in past years, in every state this year), decisions and awards."""
    titles = list(
        AwardTitle.objects.filter(active=True, subject__in=[Subject.INDIVIDUAL, Subject.ANY]).order_by("order")
    )
    if not titles:
        raise RuntimeError("the award title catalogue is empty: run the migrations first")
    block_ids = dict(Block.objects.filter(code__startswith="synth-").values_list("code", "pk"))
    counts = dict.fromkeys(
        ["campaigns", "unit registrations", "title registrations", "self-assessments", "nominations", "awards"], 0
    )
    ids = {m: _next_id(m) for m in (UnitRegistration, TitleRegistration, SelfAssessment, Nomination, Award)}
    now = timezone.now()
    first_year = sizes.last_year - sizes.years + 1
    for year in range(first_year, sizes.last_year + 1):
        current = year == sizes.last_year
        campaign = Campaign.objects.create(
            launched_by_id=tree.city_id,
            title=f"Phong trào thi đua “Lao động giỏi – Lao động sáng tạo” năm {year}",
            kind=CampaignKind.ANNUAL,
            starts_on=datetime.date(year, 1, 1),
            ends_on=datetime.date(year, 12, 31),
            state=CampaignState.LAUNCHED if current else CampaignState.CLOSED,
            document_number=f"{year % 100:02d}/KH-LĐLĐ",
            document_date=datetime.date(year, 1, 5),
            created_by=users.city,
        )
        counts["campaigns"] += 1
        phases = [
            Phase.objects.create(
                campaign=campaign,
                number=n,
                name=f"Đợt {n}",
                theme=theme,
                starts_on=start,
                ends_on=end,
                registration_open=current,
                self_assessment_open=current,
                nominations_open=current,
                review_open=current,
                is_final=n == 2,
                closed_at=None if current else timezone.make_aware(datetime.datetime(year, 12, 31, 17)),
            )
            for n, theme, start, end in (
                (1, "Thi đua lập thành tích chào mừng ngày Quốc tế Lao động", datetime.date(year, 1, 1),
                 datetime.date(year, 6, 30)),
                (2, "Thi đua hoàn thành thắng lợi nhiệm vụ năm", datetime.date(year, 7, 1),
                 datetime.date(year, 12, 31)),
            )
        ]  # fmt: skip
        sheets = {}
        for code, pk in block_ids.items():
            sheet = ScoreSheet.objects.create(campaign=campaign, block_id=pk, name=f"Bảng điểm {code} {year}")
            bands = [
                ScoreBand.objects.create(sheet=sheet, name=name, min_score=Decimal(score))
                for name, score in (("Hoàn thành xuất sắc", 90), ("Hoàn thành tốt", 75), ("Hoàn thành", 50))
            ]
            sheets[code] = (sheet.pk, bands)
        registrations, titles_rows, assessments, nominations, awards = [], [], [], [], []
        decisions = {}
        for unit_id, district_id, code, size in tree.grassroots:
            if rng.random() >= REGISTERED_SHARE:
                continue
            first_member, count = tree.members_by_unit[unit_id]
            state = (
                rng.choice(
                    [RegistrationState.SUBMITTED] * 3 + [RegistrationState.ACCEPTED] * 6 + [RegistrationState.DRAFT]
                )
                if current
                else RegistrationState.ACCEPTED
            )
            registration_id = ids[UnitRegistration]
            ids[UnitRegistration] += 1
            registrations.append(
                {
                    "id": registration_id,
                    "campaign_id": campaign.pk,
                    "unit_id": unit_id,
                    "state": state,
                    "commitments": f"Hoàn thành xuất sắc nhiệm vụ năm {year}",
                    "submitted_at": None if state == RegistrationState.DRAFT else now,
                    "accepted_at": now if state == RegistrationState.ACCEPTED else None,
                    "created_by_id": users.districts[district_id].pk,
                }
            )
            wanted = min(count, _poisson(rng, size * TITLE_REGISTRATION_RATE) or 1)
            registered_members = rng.sample(range(first_member, first_member + count), wanted)
            for member_id in registered_members:
                titles_rows.append(
                    {
                        "id": ids[TitleRegistration],
                        "registration_id": registration_id,
                        "title_id": rng.choice(titles).pk,
                        "member_id": member_id,
                        "collective_name": "",
                    }
                )
                ids[TitleRegistration] += 1
            sheet_id, bands = sheets[code]
            for phase in phases:
                total = Decimal(min(100, max(30, round(rng.gauss(78, 10)))))
                a_state = AssessmentState.REVIEWED
                if current and phase.number == 2:
                    continue
                if current:
                    a_state = rng.choice(
                        [AssessmentState.DRAFT, AssessmentState.SUBMITTED] + [AssessmentState.REVIEWED] * 3
                    )
                band = next((b for b in bands if total >= b.min_score), None)
                assessments.append(
                    {
                        "id": ids[SelfAssessment],
                        "phase_id": phase.pk,
                        "unit_id": unit_id,
                        "state": a_state,
                        "submitted_at": None if a_state == AssessmentState.DRAFT else now,
                        "sheet_id": sheet_id,
                        "self_total": total + rng.choice([0, 0, 2, 5]),
                        "total": total,
                        "band_id": band.pk if band and a_state == AssessmentState.REVIEWED else None,
                        "reviewed_at": now if a_state == AssessmentState.REVIEWED else None,
                        "reviewed_by_id": users.districts[district_id].pk
                        if a_state == AssessmentState.REVIEWED
                        else None,
                    }
                )
                ids[SelfAssessment] += 1
            # Nominations come from the title registrations of the year.
            wanted = min(len(registered_members), _poisson(rng, size * NOMINATION_RATE / REGISTERED_SHARE))
            for member_id in registered_members[:wanted]:
                state = _draw(rng, CURRENT_STATES if current else PAST_STATES)
                level = (
                    Level.CITY
                    if state in (NominationState.FORWARDED, NominationState.CITY_APPROVED) or rng.random() < 0.2
                    else Level.UPPER
                )
                if not current and level == Level.CITY and state == NominationState.APPROVED:
                    # Past years are decided: what the district approved for the city went on to it.
                    state = NominationState.CITY_APPROVED if rng.random() < 0.7 else NominationState.REJECTED
                title = rng.choice(titles)
                nomination_id = ids[Nomination]
                ids[Nomination] += 1
                waiting = timezone.make_aware(datetime.datetime(year, rng.randint(1, 11), rng.randint(1, 28), 8))
                nominations.append(
                    {
                        "id": nomination_id,
                        "phase_id": phases[-1 if not current else 0].pk,
                        "unit_id": unit_id,
                        "member_id": member_id,
                        "collective_name": "",
                        "title_id": title.pk,
                        "level": level,
                        "year": year,
                        "achievements": "Hoàn thành xuất sắc nhiệm vụ, có sáng kiến được công nhận.",
                        "not_disciplined": True,
                        "not_absent_40_days": True,
                        "state": state,
                        "state_note": "Chưa đủ hồ sơ"
                        if state in (NominationState.RETURNED, NominationState.REJECTED)
                        else "",
                        "waiting_since": waiting,
                        "created_by_id": users.districts[district_id].pk,
                    }
                )
                decided = (state == NominationState.APPROVED and level == Level.UPPER) or (
                    state == NominationState.CITY_APPROVED
                )
                if decided:
                    issuer = tree.city_id if level == Level.CITY else district_id
                    if issuer not in decisions:
                        decisions[issuer] = Decision.objects.create(
                            unit_id=issuer,
                            level=level,
                            number=f"{len(decisions) + 1}/QĐ-SY{year}",
                            date=datetime.date(year, 12, 20),
                            signer="Nguyễn Văn An",
                            signer_title="Chủ tịch",
                            created_by=users.city,
                        ).pk
                    awards.append(
                        {
                            "id": ids[Award],
                            "title_id": title.pk,
                            "level": level,
                            "year": year,
                            "unit_id": unit_id,
                            "member_id": member_id,
                            "collective_name": "",
                            "decision_id": decisions[issuer],
                            "nomination_id": nomination_id,
                            "name_search": "",  # filled below from the members' folded names
                            "revoke_reason": "",
                        }
                    )
                    ids[Award] += 1
        counts["unit registrations"] += _insert(UnitRegistration, registrations)
        counts["title registrations"] += _insert(TitleRegistration, titles_rows)
        counts["self-assessments"] += _insert(SelfAssessment, assessments)
        counts["nominations"] += _insert(Nomination, nominations)
        counts["awards"] += _insert(Award, awards)
    # Awardee names kept on the awards (one UPDATE from the members).
    Award.objects.filter(member__isnull=False, name_search="").update(
        name_search=Subquery(Member.objects.filter(pk=OuterRef("member_id")).values("name_search")[:1])
    )
    return counts


def _initiatives(rng, sizes, tree, users):
    """Initiatives of every year (in every state this year, decided before) with one to three authors
    of the union, at the grassroots level or recognised higher up."""
    fields = list(InitiativeField.objects.filter(active=True).values_list("pk", flat=True))
    if not fields:
        fields = [InitiativeField.objects.create(code="synth-kythuat", name="Kỹ thuật (tổng hợp)").pk]
    next_initiative, next_author = _next_id(Initiative), _next_id(Author)
    counts = {"initiatives": 0, "initiative authors": 0}
    first_year = sizes.last_year - sizes.years + 1
    for year in range(first_year, sizes.last_year + 1):
        current = year == sizes.last_year
        initiatives, authors = [], []
        for unit_id, district_id, _code, size in tree.grassroots:
            first_member, count = tree.members_by_unit[unit_id]
            for _ in range(_poisson(rng, size * INITIATIVE_RATE)):
                state = _draw(rng, CURRENT_INITIATIVE_STATES if current else PAST_INITIATIVE_STATES)
                level = "grassroots"
                if state == InitiativeState.RECOGNISED:
                    level = rng.choices(["grassroots", "upper", "city"], weights=[80, 17, 3])[0]
                title = rng.choice(INITIATIVE_TITLES).format(rng.choice(INITIATIVE_SUBJECTS))
                solution = f"{title}: thay đổi cách làm, rút ngắn thời gian và giảm hao phí."
                initiatives.append(
                    {
                        "id": next_initiative,
                        "unit_id": unit_id,
                        "year": year,
                        "title": f"{title} tại đơn vị {unit_id}",
                        "field_id": rng.choice(fields),
                        "problem": "Cách làm cũ tốn thời gian và vật tư.",
                        "solution": solution,
                        "novelty": "Chưa được áp dụng tại đơn vị trước đây.",
                        "value_per_year": rng.choice([None, rng.randint(5, 500) * 1_000_000]),
                        "level": level,
                        "state": state,
                        "waiting_since": timezone.make_aware(datetime.datetime(year, rng.randint(1, 11), 1, 8)),
                        "title_search": fold(f"{title} tại đơn vị {unit_id}")[:300],
                        "solution_search": fold(solution)[:500],
                        "created_by_id": users.districts[district_id].pk,
                    }
                )
                people = rng.sample(range(first_member, first_member + count), min(count, rng.randint(1, 3)))
                shares = [Decimal(100 // len(people))] * len(people)
                shares[0] += Decimal(100) - sum(shares)
                for order, (member_id, share) in enumerate(zip(people, shares, strict=True)):
                    authors.append(
                        {
                            "id": next_author,
                            "initiative_id": next_initiative,
                            "member_id": member_id,
                            "share": share,
                            "category": AuthorCategory.DIRECT_WORKER,
                            "order": order,
                        }
                    )
                    next_author += 1
                next_initiative += 1
        counts["initiatives"] += _insert(Initiative, initiatives)
        counts["initiative authors"] += _insert(Author, authors)
    return counts


def _poisson(rng, mean):
    """A Poisson draw (Knuth for small means, a rounded normal for large ones)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
