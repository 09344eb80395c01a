import pytest
from django.core.management import call_command

from unions.models import Member, OrgUnit, RoleAssignment

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_flags_the_typed_in_twin(capsys):
    call_command("load_demo")
    counts = (OrgUnit.objects.count(), Member.objects.count(), RoleAssignment.objects.count())
    call_command("load_demo")
    assert (OrgUnit.objects.count(), Member.objects.count(), RoleAssignment.objects.count()) == counts
    twin = Member.objects.get(card_number="HD-KS-DUNG")
    assert twin.possible_duplicate_of == Member.objects.get(card_number="HD-XD-DUNG")
    assert OrgUnit.objects.get(short_code="HD-XD").path.startswith(OrgUnit.objects.get(short_code="HD").path)
