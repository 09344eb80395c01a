"""The standing users of every scoped test (insider, reviewer above, outsider) and their units.

    city ─┬─ district_a ─┬─ grassroots_a   (officer: insider)
          │              └─ grassroots_a2
          └─ district_b ─── grassroots_b   (officer: outsider)

`staff_a` is upper-level staff of district_a (the reviewer above the insider) and `city_reviewer`
reviews the whole city; `admin` (a superuser, made on first use) stands above everyone.
"""

from dataclasses import dataclass
from functools import cached_property

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
