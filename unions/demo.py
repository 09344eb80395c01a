"""Demo organisation tree, members and one login per role (idempotent: keyed by short codes)."""

import datetime
import random

from django.contrib.auth import get_user_model

from unions.enums import Gender, Ownership, Role, UnitKind
from unions.models import Block, Cluster, Member, OrgUnit, RoleAssignment

DEMO_PASSWORD = "thidua2026"  # nosec B105 # the demo logins' published password; demo data only

DEMO_LOGINS = [
    {"username": "admin", "role": "Quản trị hệ thống"},
    {"username": "canbo.coso", "role": "Cán bộ CĐCS — Công đoàn Công ty CP Xây dựng Hà Đông"},
    {"username": "canbo.quan", "role": "Cán bộ LĐLĐ quận Hà Đông"},
    {"username": "canbo.thanhpho", "role": "Cán bộ LĐLĐ Thành phố Hà Nội (xét duyệt)"},
]

BLOCKS = [
    ("doanh-nghiep", "Khối doanh nghiệp", 1),
    ("hcsn", "Khối hành chính sự nghiệp", 2),
    ("giao-duc", "Khối giáo dục", 3),
]

UPPER = [
    ("HBT", "LĐLĐ quận Hai Bà Trưng"),
    ("HD", "LĐLĐ quận Hà Đông"),
    ("NTL", "LĐLĐ quận Nam Từ Liêm"),
    ("DP", "LĐLĐ huyện Đan Phượng"),
    ("TT", "LĐLĐ huyện Thường Tín"),
    ("GDHN", "Công đoàn ngành Giáo dục Hà Nội"),
]

# (code, name, upper, block, ownership, declared members)
GRASSROOTS = [
    ("HD-XD", "Công đoàn Công ty CP Xây dựng Hà Đông", "HD", "doanh-nghiep", Ownership.NON_STATE, 120),
    ("HD-KS", "Công đoàn Khách sạn Mường Thanh Hà Đông", "HD", "doanh-nghiep", Ownership.NON_STATE, 85),
    ("HD-MAY", "Công đoàn Công ty TNHH May mặc Hà Đông", "HD", "doanh-nghiep", Ownership.FDI, 210),
    ("HD-PVL", "Công đoàn phường Văn Quán", "HD", "hcsn", Ownership.STATE, 30),
    ("HD-THVQ", "Công đoàn trường Tiểu học Văn Quán", "HD", "giao-duc", Ownership.STATE, 45),
    ("NTL-FECON", "Công đoàn Công ty Cổ phần Fecon", "NTL", "doanh-nghiep", Ownership.NON_STATE, 150),
    ("NTL-THNTL", "Công đoàn trường Tiểu học Nam Từ Liêm", "NTL", "giao-duc", Ownership.STATE, 60),
    ("NTL-PCD", "Công đoàn phường Cầu Diễn", "NTL", "hcsn", Ownership.STATE, 25),
    ("HBT-DM", "Công đoàn Công ty Dệt may Hai Bà Trưng", "HBT", "doanh-nghiep", Ownership.STATE, 300),
    ("HBT-BV", "Công đoàn Bệnh viện Thanh Nhàn", "HBT", "hcsn", Ownership.STATE, 180),
    ("DP-CK", "Công đoàn Công ty TNHH Cơ khí Đan Phượng", "DP", "doanh-nghiep", Ownership.NON_STATE, 70),
    ("DP-UB", "Công đoàn cơ quan UBND huyện Đan Phượng", "DP", "hcsn", Ownership.STATE, 40),
    ("TT-GOM", "Công đoàn Công ty CP Gốm sứ Thường Tín", "TT", "doanh-nghiep", Ownership.NON_STATE, 90),
    ("GD-THPT", "Công đoàn trường THPT Chu Văn An", "GDHN", "giao-duc", Ownership.STATE, 95),
]

CLUSTERS = [
    ("HD", "Cụm thi đua doanh nghiệp Hà Đông", "doanh-nghiep", ["HD-XD", "HD-KS", "HD-MAY"]),
    ("NTL", "Cụm thi đua số 1 Nam Từ Liêm", None, ["NTL-FECON", "NTL-THNTL", "NTL-PCD"]),
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE_F = ["Thị", "Thị Kim", "Thị Thu", "Thị Minh", "Ngọc", "Thanh"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân"]
GIVEN_F = ["Dung", "Hằng", "Lan", "Hương", "Thảo", "Trang", "Mai", "Ngọc", "Yến", "Hạnh", "Phương", "Linh"]
GIVEN_M = ["Bình", "Tuấn", "Hùng", "Dũng", "Thành", "Nam", "Long", "Quân", "Sơn", "Khánh", "Phúc", "Trung"]
TRADES = ["Hàn điện", "Hàn CO2", "Điện công nghiệp", "Công nghệ thông tin", "May công nghiệp", "Giáo viên", "Kế toán"]


def load(stdout):
    blocks = {}
    for code, name, order in BLOCKS:
        blocks[code], _ = Block.objects.get_or_create(code=code, defaults={"name": name, "order": order})

    city, _ = OrgUnit.objects.get_or_create(
        short_code="HN", defaults={"kind": UnitKind.CITY, "name": "Liên đoàn Lao động Thành phố Hà Nội"}
    )
    units = {"HN": city}
    for code, name in UPPER:
        units[code], _ = OrgUnit.objects.get_or_create(
            short_code=code, defaults={"kind": UnitKind.UPPER, "name": name, "parent": city}
        )
    for code, name, upper, block, ownership, count in GRASSROOTS:
        units[code], _ = OrgUnit.objects.get_or_create(
            short_code=code,
            defaults={
                "kind": UnitKind.GRASSROOTS,
                "name": name,
                "parent": units[upper],
                "block": blocks[block],
                "ownership": ownership,
                "member_count": count,
            },
        )
    for organiser, name, block, members in CLUSTERS:
        cluster, _ = Cluster.objects.get_or_create(
            organiser=units[organiser], name=name, defaults={"block": blocks.get(block)}
        )
        OrgUnit.objects.filter(short_code__in=members, cluster__isnull=True).update(cluster=cluster)

    _load_members(units)
    _load_logins(units)
    stdout.write(f"  Tổ chức: {OrgUnit.objects.count()} đơn vị, {Member.objects.count()} đoàn viên.")


def _load_members(units):
    rng = random.Random(2026)  # nosec B311 # the same made-up members on every load, not a secret
    for code, _name, _upper, _block, _ownership, _count in GRASSROOTS:
        unit = units[code]
        if unit.members.exists():
            continue
        batch = []
        for i in range(rng.randint(18, 30)):
            female = rng.random() < 0.5
            name = " ".join(
                [
                    rng.choice(FAMILY),
                    rng.choice(MIDDLE_F if female else MIDDLE_M),
                    rng.choice(GIVEN_F if female else GIVEN_M),
                ]
            )
            born = datetime.date(rng.randint(1968, 2002), rng.randint(1, 12), rng.randint(1, 28))
            trade = rng.choice(TRADES)
            batch.append(
                Member(
                    unit=unit,
                    full_name=name,
                    gender=Gender.FEMALE if female else Gender.MALE,
                    date_of_birth=born,
                    trade=trade,
                    position="Công nhân" if trade in TRADES[:5] else "Viên chức",
                    direct_production=trade in TRADES[:5],
                    card_number=f"{code}-{i + 1:04d}",
                    joined_on=datetime.date(max(born.year + 20, 2005), rng.randint(1, 12), 1),
                )
            )
        for member in batch:
            member.save()
    # Nguyễn Thị Kim Dung is the name the search examples use.
    dung, _ = Member.objects.get_or_create(
        card_number="HD-XD-DUNG",
        defaults={
            "unit": units["HD-XD"],
            "full_name": "Nguyễn Thị Kim Dung",
            "gender": Gender.FEMALE,
            "date_of_birth": datetime.date(1988, 3, 8),
            "trade": "Kế toán",
            "position": "Kế toán trưởng",
            "joined_on": datetime.date(2012, 5, 1),
        },
    )
    # The same person typed in again by another union of Hà Đông: the page shows the duplicate warning.
    Member.objects.get_or_create(
        card_number="HD-KS-DUNG",
        defaults={
            "unit": units["HD-KS"],
            "full_name": "Nguyen Thi Kim Dung",
            "gender": Gender.FEMALE,
            "date_of_birth": dung.date_of_birth,
            "trade": "Kế toán",
            "possible_duplicate_of": dung,
        },
    )


def _load_logins(units):
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"first_name": "Quản trị", "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    for username, first, last, code, role in [
        ("canbo.coso", "Hằng", "Nguyễn Thị", "HD-XD", Role.GRASSROOTS_OFFICER),
        ("canbo.quan", "Minh", "Trần Văn", "HD", Role.UPPER_STAFF),
        ("canbo.thanhpho", "Quang", "Lê Đức", "HN", Role.CITY_REVIEWER),
    ]:
        # Every demo login has an address (console e-mail in development), so reminders and notices
        # are really e-mailed and "E-mails sent" counts them.
        email = f"{username}@thidua.example.vn"
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": email}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        elif not user.email:
            user.email = email
            user.save(update_fields=["email"])
        RoleAssignment.objects.get_or_create(user=user, unit=units[code], role=role)
