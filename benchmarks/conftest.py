"""A generated organisation tree of 10,000 units and ~100,000 members, built once per session.

Rows are written with bulk_create and explicit ids, so paths are computed here rather than by
OrgUnit.save() (which needs the id first and writes each row twice)."""

import datetime
import random
from dataclasses import dataclass

import pytest
from django.core.management.color import no_style
from django.db import connection

from unions.demo import FAMILY, GIVEN_F, GIVEN_M, MIDDLE_F, MIDDLE_M, TRADES
from unions.enums import Gender, Role, UnitKind
from unions.models import PATH_SEGMENT, Member, OrgUnit, RoleAssignment
from unions.text import fold

UNITS = 10_000
UPPERS = 30
MEMBERS_PER_UNIT = 10  # ~100,000 members over the 9,969 grassroots unions


@dataclass
class BigTree:
    city: OrgUnit
    district: OrgUnit
    district_units: int
    district_members: int
    staff: object


def _segment(pk):
    return f"{pk:0{PATH_SEGMENT}d}."


@pytest.fixture(scope="session")
def big_tree(django_db_setup, django_db_blocker):
    from django.contrib.auth import get_user_model

    rng = random.Random(10_000)
    with django_db_blocker.unblock():
        city = OrgUnit(pk=1, kind=UnitKind.CITY, name="Liên đoàn Lao động Thành phố", short_code="BENCH")
        city.path, city.depth, city.name_search = _segment(1), 0, fold("Liên đoàn Lao động Thành phố BENCH")
        units = [city]
        uppers = []
        for pk in range(2, UPPERS + 2):
            upper = OrgUnit(pk=pk, kind=UnitKind.UPPER, parent_id=1, name=f"LĐLĐ quận {pk}", short_code=f"Q{pk}")
            upper.path, upper.depth, upper.name_search = city.path + _segment(pk), 1, fold(upper.name)
            uppers.append(upper)
        units += uppers
        for pk in range(UPPERS + 2, UNITS + 1):
            upper = uppers[pk % UPPERS]
            unit = OrgUnit(pk=pk, kind=UnitKind.GRASSROOTS, parent_id=upper.pk, name=f"Công đoàn cơ sở {pk}")
            unit.short_code = f"CS{pk}"
            unit.path, unit.depth, unit.name_search = upper.path + _segment(pk), 2, fold(unit.name)
            units.append(unit)
        OrgUnit.objects.bulk_create(units, batch_size=2000)

        members = []
        for unit in units[UPPERS + 1 :]:
            for _ in range(MEMBERS_PER_UNIT):
                female = rng.random() < 0.5
                name = " ".join(
                    [
                        rng.choice(FAMILY),
                        rng.choice(MIDDLE_F if female else MIDDLE_M),
                        rng.choice(GIVEN_F if female else GIVEN_M),
                    ]
                )
                members.append(
                    Member(
                        unit_id=unit.pk,
                        full_name=name,
                        name_search=fold(name),
                        gender=Gender.FEMALE if female else Gender.MALE,
                        date_of_birth=datetime.date(rng.randint(1965, 2004), rng.randint(1, 12), rng.randint(1, 28)),
                        trade=rng.choice(TRADES),
                    )
                )
        Member.objects.bulk_create(members, batch_size=5000)
        # Explicit ids leave PostgreSQL's sequences behind; put them after the rows.
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [OrgUnit, Member]):
                cursor.execute(sql)

        district = uppers[0]
        staff = get_user_model().objects.create_user("bench_staff", password="x")
        RoleAssignment.objects.create(user=staff, unit=district, role=Role.UPPER_STAFF)
        district_units = sum(1 for u in units if u.path.startswith(district.path))
        yield BigTree(
            city=city,
            district=district,
            district_units=district_units,
            district_members=(district_units - 1) * MEMBERS_PER_UNIT,
            staff=staff,
        )
