import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from campaigns.enums import NoticeKind
from campaigns.models import Notice, Phase, ScoreBand, ScoreSheet
from reports.domain import tally
from reports.models import ImmutableError, TallyFigure, TallyRun
from tests.factories import GrassrootsFactory, MemberFactory
from tests.reports.factories import assessed, ended_phase, register, upper_award

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2023, 7, 3)


@pytest.fixture
def phase(world):
    phase = ended_phase(world.district_a)
    campaign = phase.campaign
    register(campaign, world.grassroots_a)
    sheet = ScoreSheet.objects.create(campaign=campaign, block=world.grassroots_a.block, name="Bảng điểm")
    good = ScoreBand.objects.create(sheet=sheet, name="Hoàn thành tốt nhiệm vụ", min_score=Decimal(70))
    assessed(phase, world.grassroots_a, Decimal("85.5"), good)
    assessed(phase, world.grassroots_a2, Decimal("72"), good)
    upper_award(phase, world.grassroots_a)
    MemberFactory(unit=world.grassroots_a2, gender="female")
    return phase


def _snapshot(run):
    return sorted((f.kind, f.key, f.name, json.dumps(f.figures, sort_keys=True)) for f in run.figures.all())


def test_sweep_queues_a_tally_of_each_ended_phase_once(world, phase, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ran = tally.sweep(today=TODAY)
    assert ran == [phase.pk]
    run = TallyRun.objects.get(phase=phase)
    assert run.version == 1
    assert run.requested_by is None
    # Eager tasks: the tally ran; a second sweep finds nothing left to do.
    with django_capture_on_commit_callbacks(execute=True):
        assert tally.sweep(today=TODAY) == []
    assert TallyRun.objects.filter(phase=phase).count() == 1


def test_tally_closes_the_windows_and_counts_the_subtree(world, phase):
    run, created = tally.tally_phase(phase)
    assert created
    phase = Phase.objects.get(pk=phase.pk)
    assert phase.closed_at is not None
    assert not (phase.registration_open)
    assert not (phase.self_assessment_open)
    assert not (phase.nominations_open)
    assert not (phase.review_open)
    district = TallyFigure.objects.get(run=run, kind="unit", key=str(world.district_a.pk)).figures
    assert district["grassroots"] == 2
    assert district["registered"] == 1
    assert district["assessed"] == 2
    assert district["bands"] == {"Hoàn thành tốt nhiệm vụ": 2}
    award_key = next(iter(district["awards"]))
    assert district["awards"] == {award_key: 1}
    assert award_key.endswith(":upper")
    assert district["awardees"] == {"upper": {"individual": 1}}
    union = TallyFigure.objects.get(run=run, kind="unit", key=str(world.grassroots_a.pk)).figures
    assert (union["rank"], union["ranked"], union["total"]) == (1, 2, "85.50")
    second = TallyFigure.objects.get(run=run, kind="unit", key=str(world.grassroots_a2.pk)).figures
    assert (second["rank"], second["women"], second["registered"]) == (2, 1, 0)
    block = TallyFigure.objects.get(run=run, kind="block", key=f"{world.district_a.pk}:{world.grassroots_a.block_id}")
    assert block.figures["assessed"] == 2
    # Nothing of the other district is counted.
    assert not TallyFigure.objects.filter(run=run, kind="unit", key=str(world.grassroots_b.pk)).exists()


def test_the_launching_staff_is_told_once(world, phase):
    tally.tally_phase(phase)
    tally.tally_phase(phase)
    notices = Notice.objects.filter(kind=NoticeKind.PHASE_TALLIED, phase=phase)
    assert [(n.user.username, n.note) for n in notices] == [("staff_a", "1")]


def test_twice_and_after_a_crash_half_way_one_identical_snapshot(world, phase):
    with pytest.raises(RuntimeError):
        tally.tally_phase(phase, fail_after=2)
    assert not TallyRun.objects.exists()
    assert not TallyFigure.objects.exists()
    assert Phase.objects.get(pk=phase.pk).closed_at is None  # rolled back with the rest
    run, created = tally.tally_phase(phase)
    first = _snapshot(run)
    again, created_again = tally.tally_phase(phase)
    assert (created, created_again, again.pk) == (True, False, run.pk)
    assert TallyRun.objects.count() == 1
    assert _snapshot(again) == first
    # The same records counted again give the same digest.
    from reports.figures import Selection, compute

    assert compute(world.district_a, Selection.for_phase(phase)).digest() == run.digest


def test_a_snapshot_is_never_changed(world, phase):
    run, _ = tally.tally_phase(phase)
    with pytest.raises(ImmutableError):
        run.save()
    with pytest.raises(ImmutableError):
        run.figures.first().delete()


def test_rerun_makes_a_new_version_and_keeps_the_old(world, phase):
    _run, _ = tally.tally_phase(phase)
    GrassrootsFactory(parent=world.district_a)
    second = tally.rerun(phase, by=world.staff_a, reason="Bổ sung đơn vị mới thành lập")
    assert (second.version, second.reason, second.requested_by) == (2, "Bổ sung đơn vị mới thành lập", world.staff_a)
    figures = {
        r.version: r.figures.get(kind="unit", key=str(world.district_a.pk)).figures for r in TallyRun.objects.all()
    }
    assert (figures[1]["grassroots"], figures[2]["grassroots"]) == (2, 3)


def test_rerun_needs_the_launching_staff_and_a_reason(world, phase):
    from django.core.exceptions import PermissionDenied

    from unionsite.errors import DomainError

    tally.tally_phase(phase)
    with pytest.raises(PermissionDenied):
        tally.rerun(phase, by=world.city_reviewer, reason="x")
    with pytest.raises(DomainError):
        tally.rerun(phase, by=world.staff_a, reason="  ")
    assert TallyRun.objects.count() == 1


def test_command_tallies_by_hand(world, phase, capsys):
    call_command("tally_phase", str(phase.pk))
    call_command("tally_phase", str(phase.pk))
    out = capsys.readouterr().out
    assert "phiên bản 1" in out
    assert "không làm lại" in out
    assert TallyRun.objects.count() == 1
