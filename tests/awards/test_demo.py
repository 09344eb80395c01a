import io

import pytest
from django.core.management import call_command

from awards.models import Award, Decision, Nomination

pytestmark = pytest.mark.django_db


def _snapshot():
    # The awards demo's own records (the reports demo adds the 2015–2020 stage of Hà Đông).
    return (
        sorted(
            Nomination.objects.filter(year__gt=2020).values_list("member__full_name", "title__code", "level", "state")
        ),
        Award.objects.filter(year__gt=2020).count(),
        list(Decision.objects.filter(date__year__gt=2020).values_list("number", flat=True)),
    )


def test_demo_loads_nominations_in_various_states_and_is_idempotent():
    call_command("load_demo", stdout=io.StringIO())
    first = _snapshot()
    assert sorted(state for *_rest, state in first[0]) == ["approved", "draft", "forwarded", "returned", "submitted"]
    assert first[1:] == (2, ["15/QĐ-LĐLĐ", "08/QĐ-LĐLĐ"])
    # The honour roll lists no award without its decision.
    assert list(Award.objects.filter(decision__isnull=True)) == []
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first
