"""The synthetic city: its shape (log-normal unions, name frequencies, every nomination state), the
kept counts it writes, the tally snapshots of its ended phases, and its refusal of a database holding
real records; the bench command on it."""

import io
import random
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from awards.models import Award, Nomination
from campaigns.enums import CampaignState
from campaigns.models import Campaign, Phase, SelfAssessment, TitleRegistration, UnitRegistration
from reports.models import ImmutableError, TallyFigure, TallyRun
from scale.generator import RealData, Sizes, generate, real_records, tally_missing, union_sizes
from scale.names import person
from tests.factories import GrassrootsFactory, UserFactory
from unions.enums import UnitKind
from unions.models import Member, OrgUnit

pytestmark = pytest.mark.django_db

SMALL = Sizes(members=20_000, units=60, districts=3, years=3, seed=5)


def test_union_sizes_are_skewed_and_sum_to_the_members():
    sizes = union_sizes(random.Random(1), 1000, 100_000)
    assert sum(sizes) == 100_000
    assert min(sizes) >= 3
    ordered = sorted(sizes)
    median = ordered[500]
    assert ordered[-1] > 10 * median  # a long tail of big unions
    assert statistics_mean(sizes) > median  # log-normal: the mean sits above the median


def statistics_mean(values):
    return sum(values) / len(values)


def test_family_names_follow_the_real_frequencies():
    rng = random.Random(7)
    families = Counter(person(rng, rng.random() < 0.5).split()[0] for _ in range(20_000))
    share = {name: n / 20_000 for name, n in families.items()}
    assert 0.36 < share["Nguyễn"] < 0.40
    assert 0.10 < share["Trần"] < 0.12
    assert 0.085 < share["Lê"] < 0.105
    assert 0.06 < share["Phạm"] < 0.08


def test_a_small_city_has_every_part_and_exact_kept_counts():
    city = generate(SMALL, log=lambda line: None)
    assert Member.objects.count() == 20_000 == city.counts["members"]
    assert OrgUnit.objects.count() == 60
    assert OrgUnit.objects.filter(kind=UnitKind.UPPER).count() == 3
    for unit in OrgUnit.objects.filter(kind=UnitKind.GRASSROOTS):
        assert unit.active_members == Member.objects.filter(unit=unit, active=True).count()
    assert Campaign.objects.count() == 3
    assert Phase.objects.count() == 6
    assert UnitRegistration.objects.count() == city.counts["unit registrations"] > 0
    assert TitleRegistration.objects.count() == city.counts["title registrations"] > 0
    assert SelfAssessment.objects.count() == city.counts["self-assessments"] > 0
    current_year_states = set(Nomination.objects.filter(year=2026).values_list("state", flat=True))
    assert current_year_states == {
        "draft",
        "submitted",
        "returned",
        "resubmitted",
        "approved",
        "forwarded",
        "city_approved",
        "rejected",
    }
    assert set(Nomination.objects.filter(year=2024).values_list("state", flat=True)) <= {
        "approved",
        "city_approved",
        "rejected",
    }
    awards = Award.objects.select_related("member", "nomination")
    assert awards.count() == city.counts["awards"] > 0
    for award in awards[:50]:
        assert award.name_search == award.member.name_search
        assert award.nomination.state in ("approved", "city_approved")
    # Again: refused, unless asked to replace it.
    with pytest.raises(RealData, match="already there"):
        generate(SMALL, log=lambda line: None)
    generate(Sizes(members=2000, units=30, districts=3, years=2, seed=6), replace=True, log=lambda line: None)
    assert Member.objects.count() == 2000


TINY = Sizes(members=2000, units=30, districts=3, years=3, seed=8)


def test_every_ended_phase_has_one_immutable_snapshot_and_the_running_campaign_none():
    generate(TINY, log=lambda line: None)
    ended = Phase.objects.filter(campaign__state=CampaignState.CLOSED)
    assert ended.count() == 4  # two past years, two phases each
    runs = TallyRun.objects.all()
    assert sorted(runs.values_list("phase_id", "version")) == sorted(
        (pk, 1) for pk in ended.values_list("pk", flat=True)
    )
    city = OrgUnit.objects.get(kind=UnitKind.CITY)
    for run in runs:
        # The real tally: a row for every unit of the city, the city's own row counting every member.
        assert run.figures.filter(kind=TallyFigure.Kind.UNIT).count() == OrgUnit.objects.count()
        city_row = run.figures.get(kind=TallyFigure.Kind.UNIT, key=str(city.pk)).figures
        assert city_row["members"] == Member.objects.filter(active=True).count()
        assert city_row["assessed"] == SelfAssessment.objects.filter(phase=run.phase, state="reviewed").count() > 0
    run = runs.first()
    with pytest.raises(ImmutableError):
        run.save()
    with pytest.raises(ImmutableError):
        run.figures.first().delete()
    # The running campaign is left running: its phases untallied, the first one's windows open.
    running = Phase.objects.filter(campaign__state=CampaignState.LAUNCHED).order_by("number")
    assert not TallyRun.objects.filter(phase__in=running).exists()
    assert running[0].closed_at is None
    assert running[0].review_open


def test_a_city_generated_without_snapshots_gets_them_once():
    generate(TINY, snapshots=False, log=lambda line: None)
    assert not TallyRun.objects.exists()
    assert tally_missing(log=lambda line: None) == 4
    assert tally_missing(log=lambda line: None) == 0  # idempotent: no second version, nothing piled up
    assert TallyRun.objects.count() == 4
    assert set(TallyRun.objects.values_list("version", flat=True)) == {1}
    # A new city replaces the old one with its snapshots (wipe() takes them too).
    generate(TINY, replace=True, log=lambda line: None)
    assert TallyRun.objects.count() == 4


def test_refuses_a_database_with_real_units_or_logins():
    GrassrootsFactory(short_code="HN-01")
    assert real_records() == [f"{OrgUnit.objects.count()} organisation units"]
    with pytest.raises(CommandError, match=r"Nothing generated: .*organisation units"):
        call_command("generate_scale_data", "--members", "300", "--units", "10", "--districts", "2")
    assert not Member.objects.exists()


def test_refuses_a_database_with_real_logins_only():
    UserFactory(username="canbo")
    assert real_records() == ["1 logins"]
    with pytest.raises(RealData):
        generate(SMALL, log=lambda line: None)


def test_bench_command_measures_every_page_on_a_small_city(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    # A city generated before the snapshots existed: the bench tallies its ended phases, not a new city.
    generate(Sizes(members=2000, units=30, districts=3), snapshots=False, log=lambda line: None)
    members = set(Member.objects.values_list("pk", flat=True)[:50])
    out = io.StringIO()
    call_command(
        "bench_pages",
        "--members",
        "2000",
        "--units",
        "30",
        "--districts",
        "3",
        "--rounds",
        "1",
        "--import-rows",
        "30",
        stdout=out,
    )
    lines = out.getvalue().splitlines()
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| page")]
    assert "Tallied 18 ended phases without a snapshot" in out.getvalue()
    assert set(Member.objects.values_list("pk", flat=True)[:50]) == members  # the same city, not a new one
    assert TallyRun.objects.count() == 18
    pages = [line for line in rows if line.count("|") == 10]
    assert len(pages) == 39
    assert not any("HTTP" in line for line in pages), pages  # every page answered 200
    assert any(line.startswith("| member list | city |") for line in pages)
    for role in ("city", "district"):
        for name in (
            "member list, a page by cursor halfway down the list",
            "member list, the last page",
            "member search “nguyen” (a common word: the page, a count up to the cap)",
        ):
            assert any(line.startswith(f"| {name} | {role} |") for line in pages)
    for role in ("city", "district", "officer"):
        assert any(line.startswith(f"| dashboard (built, cache emptied) | {role} |") for line in pages)
        assert any(line.startswith("| statistics 2026 |") and f"| {role} |" in line for line in pages)
        assert any(
            line.startswith("| phase report (snapshot, 2025 Đợt 2) |") and f"| {role} |" in line for line in pages
        )
    for role in ("city", "district"):
        assert any(
            line.startswith("| stage report 2021–2025 (kept figures; the worker counted them in ")
            and f" | {role} | " in line
            for line in pages
        )
    if connection.vendor == "postgresql":
        tally = [line for line in rows if line.startswith(("| real tally: ", "| its counting ", "| floor: "))]
        assert [line.split(" (")[0].split(" |")[0] for line in tally] == [
            "| real tally: tally_phase, a new version",
            "| its counting alone: reports.figures.compute",
            "| floor: one SQL statement, 8 core figures of 30 units",
        ]
        assert lines[lines.index(tally[0]) - 2].startswith("| phase tally (2025 Đợt 2) |")
        assert "The floor's figures equal the tally's for every unit." in out.getvalue()
    assert TallyRun.objects.count() == 18  # the measured tallies were rolled back
    assert any(line.startswith("| validated .xlsx import | 30 |") for line in rows)
    assert Member.objects.count() == 2000  # the import was rolled back
    saved = list((tmp_path / "bench").iterdir())
    assert len(saved) == 1
    assert saved[0].read_text(encoding="utf-8").count("\n| ") >= 20
