import datetime

import factory
from django.contrib.auth import get_user_model

from unions.enums import Gender, Ownership, Role, UnitKind
from unions.models import Block, Cluster, Member, OrgUnit, RoleAssignment


class BlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Block
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"khoi-{n}")
    name = factory.Sequence(lambda n: f"Khối {n}")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = UnitKind.CITY
    name = factory.Sequence(lambda n: f"Liên đoàn Lao động Thành phố {n}")
    short_code = factory.Sequence(lambda n: f"TP{n}")


class UpperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = UnitKind.UPPER
    parent = factory.SubFactory(CityFactory)
    name = factory.Sequence(lambda n: f"LĐLĐ quận {n}")
    short_code = factory.Sequence(lambda n: f"Q{n}")


class GrassrootsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit

    kind = UnitKind.GRASSROOTS
    parent = factory.SubFactory(UpperFactory)
    name = factory.Sequence(lambda n: f"Công đoàn Công ty {n}")
    short_code = factory.Sequence(lambda n: f"CS{n}")
    block = factory.SubFactory(BlockFactory, code="doanh-nghiep", name="Khối doanh nghiệp")
    ownership = Ownership.NON_STATE
    member_count = 50


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    organiser = factory.SubFactory(UpperFactory)
    name = factory.Sequence(lambda n: f"Cụm thi đua số {n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    unit = factory.SubFactory(GrassrootsFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thành {n}")
    gender = Gender.MALE
    date_of_birth = datetime.date(1990, 5, 17)
    trade = "Hàn điện"
    joined_on = datetime.date(2015, 3, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Người dùng"
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.django.Password("mat-khau-1")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(GrassrootsFactory)
    role = Role.GRASSROOTS_OFFICER


def user_with_role(unit, role, username=None, **user_fields):
    user = UserFactory(**({"username": username} if username else {}), **user_fields)
    RoleAssignment.objects.create(user=user, unit=unit, role=role)
    return user
