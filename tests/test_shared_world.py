"""The shared world (tests/conftest.py, tests/world.py) isolates tests as well as a world built per test:
a test that changes it leaves the next one the world as built, a test that does not ask for it does not
see it, and a transactional test in between neither sees it nor loses the reference data.

The tests run in this order (one module, one worker; pytest-django moves the transactional ones after
the others, as here); each also holds on its own."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django_celery_beat.models import PeriodicTask

from awards.catalogue import CATALOGUE
from awards.models import AwardTitle
from campaigns.models import Movement
from tests.factories import GrassrootsFactory
from unions.models import Member, OrgUnit

pytestmark = pytest.mark.django_db

CITY = "Liên đoàn Lao động Thành phố Hà Nội"
SEEN = {}  # what the first test saw, for the tests after it


def world_rows():
    return OrgUnit.objects.filter(short_code__in=["HN", "HD", "DP", "FECON", "TH-VY", "BV-DP"]).count()


def assert_reference_data():
    print("MOV", Movement.objects.count(), connection.in_atomic_block)
    assert Movement.objects.count() == 8
    assert AwardTitle.objects.filter(code__in=[entry[0] for entry in CATALOGUE]).count() == len(CATALOGUE)
    assert PeriodicTask.objects.filter(name="Heartbeat", enabled=True).exists()


def test_no_world_is_left_over_from_an_earlier_module():
    assert world_rows() == 0
    assert not get_user_model().objects.filter(username__in=["officer_a", "staff_a"]).exists()
    assert_reference_data()


def test_a_test_changes_the_world_in_the_database_and_in_memory(world):
    SEEN["city"] = world.city.pk
    SEEN["world"] = world
    world.city.name = "Đổi tên"
    world.city.save()
    world.member_b.delete()
    world.officer_a.first_name = "Đổi tên"
    GrassrootsFactory(parent=world.district_a, short_code="NEW")
    Movement.objects.all().delete()


def test_the_next_test_gets_the_world_as_built(world):
    assert world.city.name == CITY
    assert OrgUnit.objects.get(pk=world.city.pk).name == CITY
    assert world.member_b.pk is not None
    assert Member.objects.filter(pk=world.member_b.pk).exists()
    assert world.officer_a.first_name == "Hằng"
    assert not OrgUnit.objects.filter(short_code="NEW").exists()
    assert world_rows() == 6
    assert_reference_data()
    assert len(connection.atomic_blocks) == 2  # the shared world's transaction and the test's
    if SEEN:  # the same rows (shared), in new instances (its own)
        assert world.city.pk == SEEN["city"]
        assert world is not SEEN["world"]
        assert world.city is not SEEN["world"].city


def test_a_test_without_the_world_does_not_see_it():
    assert world_rows() == 0
    assert len(connection.atomic_blocks) == 1  # only the test's own transaction


def test_the_world_is_back_for_the_test_after(world):
    assert world_rows() == 6
    assert OrgUnit.objects.get(pk=world.grassroots_a.pk).parent == world.district_a


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_builds_and_commits_its_own_world(world):
    assert not connection.in_atomic_block
    assert world_rows() == 6
    assert_reference_data()
    Movement.objects.all().delete()  # committed; the flush after the test empties every table anyway


@pytest.mark.django_db(transaction=True)
def test_after_a_transactional_test_the_reference_data_is_back(world):
    assert not connection.in_atomic_block
    assert world_rows() == 6
    assert_reference_data()
