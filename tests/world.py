"""The standing users of every scoped test (insider, reviewer above, outsider) and their units.

    city ─┬─ district_a ─┬─ grassroots_a   (officer: insider)
          │              └─ grassroots_a2
          └─ district_b ─── grassroots_b   (officer: outsider)

`staff_a` is upper-level staff of district_a (the reviewer above the insider) and `city_reviewer`
reviews the whole city; `admin` (a superuser, made on first use) stands above everyone.
"""

import copy
from dataclasses import dataclass
from functools import cached_property

from django.db import DEFAULT_DB_ALIAS, connections, transaction

from tests.factories import CityFactory, GrassrootsFactory, MemberFactory, UpperFactory, UserFactory, user_with_role
from unions.enums import Role


@dataclass
class World:
    city: object
    district_a: object
    district_b: object
    grassroots_a: object
    grassroots_a2: object
    grassroots_b: object
    officer_a: object
    staff_a: object
    city_reviewer: object
    officer_b: object
    staff_b: object
    member_a: object
    member_b: object

    # Short names used by tests that only need the three standing users.
    @property
    def insider(self):
        return self.officer_a

    @property
    def reviewer(self):
        return self.staff_a

    @property
    def outsider(self):
        return self.officer_b

    @cached_property
    def admin(self):
        return UserFactory(username="admin", is_superuser=True, is_staff=True)


# The standing users above each one: they review its unit and everything below it.
ABOVE = {
    "officer_a": ("staff_a", "city_reviewer", "admin"),
    "staff_a": ("city_reviewer", "admin"),
    "city_reviewer": ("admin",),
    "admin": (),
}

# The standing users in the other district: every object page of district_a answers them 404.
OUTSIDERS = ("officer_b", "staff_b")


def build_world():
    city = CityFactory(name="Liên đoàn Lao động Thành phố Hà Nội", short_code="HN")
    district_a = UpperFactory(parent=city, name="LĐLĐ quận Hà Đông", short_code="HD")
    district_b = UpperFactory(parent=city, name="LĐLĐ huyện Đan Phượng", short_code="DP")
    grassroots_a = GrassrootsFactory(parent=district_a, name="Công đoàn Công ty Cổ phần Fecon", short_code="FECON")
    grassroots_a2 = GrassrootsFactory(parent=district_a, name="Công đoàn trường Tiểu học Văn Yên", short_code="TH-VY")
    grassroots_b = GrassrootsFactory(parent=district_b, name="Công đoàn Bệnh viện Đan Phượng", short_code="BV-DP")
    return World(
        city=city,
        district_a=district_a,
        district_b=district_b,
        grassroots_a=grassroots_a,
        grassroots_a2=grassroots_a2,
        grassroots_b=grassroots_b,
        officer_a=user_with_role(grassroots_a, Role.GRASSROOTS_OFFICER, "officer_a", first_name="Hằng"),
        staff_a=user_with_role(district_a, Role.UPPER_STAFF, "staff_a", first_name="Minh"),
        city_reviewer=user_with_role(city, Role.CITY_REVIEWER, "city_reviewer", first_name="Quang"),
        officer_b=user_with_role(grassroots_b, Role.GRASSROOTS_OFFICER, "officer_b", first_name="Tuấn"),
        staff_b=user_with_role(district_b, Role.UPPER_STAFF, "staff_b", first_name="Thảo"),
        member_a=MemberFactory(unit=grassroots_a, full_name="Nguyễn Thị Kim Dung"),
        member_b=MemberFactory(unit=grassroots_b, full_name="Trần Văn Bình"),
    )


class SharedWorld:
    """The world of one test module, built once inside a transaction left open while consecutive tests
    of that module run, and rolled back when they are done (Django's TestCase.setUpTestData, per module).

    Each test still runs in its own savepoint, rolled back after it, and gets its own deep copy of the
    instances, so a test that changes the world (in the database or in memory) leaves the next one the
    world as built. tests/conftest.py opens it before the test's savepoint and closes it before a test
    that must not see it (one without `world`, or a transactional one) and at the end of the module.
    """

    def __init__(self, blocker):
        self._blocker = blocker
        self._atomic = None
        self._world = None

    @property
    def is_open(self):
        return self._atomic is not None

    def open(self):
        """Build the world in a new outer transaction; False (and nothing left open) if that fails, so that
        the tests build their own world and report the error themselves."""
        if self.is_open:
            return True
        with self._blocker.unblock():
            # Outside any test's transaction, or a test's rollback would take the shared world with it.
            assert not connections[DEFAULT_DB_ALIAS].in_atomic_block, "a shared world must be the outermost transaction"
            atomic = transaction.atomic(using=DEFAULT_DB_ALIAS)
            atomic._from_testcase = True  # like TestCase's own blocks: durable=True blocks may run inside
            atomic.__enter__()
            try:
                world = build_world()
            except Exception:
                transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
                atomic.__exit__(None, None, None)
                return False
        self._atomic, self._world = atomic, world
        return True

    def close(self):
        if not self.is_open:
            return
        atomic, self._atomic, self._world = self._atomic, None, None
        with self._blocker.unblock():
            transaction.set_rollback(True, using=DEFAULT_DB_ALIAS)
            atomic.__exit__(None, None, None)

    def copy(self):
        """This test's own instances of the shared rows."""
        return copy.deepcopy(self._world)
