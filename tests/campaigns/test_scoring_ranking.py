"""Ranking of reviewed self-assessments within the cluster and within the block; ties share a rank."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.domain import scoring as domain
from campaigns.queries.scoring import phase_ranks
from tests.campaigns.factories_scoring import (
    ScoringCampaignFactory,
    ScoringPhaseFactory,
    make_sheet,
    review,
    self_assess,
)
from tests.factories import BlockFactory, ClusterFactory, GrassrootsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(world):
    """Six enterprises of district_a in two clusters, one school in its own block; all reviewed."""
    campaign = ScoringCampaignFactory(launched_by=world.district_a)
    phase = ScoringPhaseFactory(campaign=campaign)
    enterprise = world.grassroots_a.block
    school = BlockFactory(code="giao-duc", name="Khối giáo dục")
    make_sheet(campaign, enterprise)
    make_sheet(campaign, school, criteria=(("1.1", 100),))
    north = ClusterFactory(organiser=world.district_a, name="Cụm 1", block=enterprise)
    south = ClusterFactory(organiser=world.district_a, name="Cụm 2", block=enterprise)
    plan = [
        ("Công ty Alpha", north, {"1.1": 40, "1.2": 30, "2.1": 25}),  # 95
        ("Công ty Bình Minh", north, {"1.1": 35, "1.2": 25, "2.1": 25}),  # 85
        ("Công ty Cửu Long", north, {"1.1": 30, "1.2": 30, "2.1": 25}),  # 85
        ("Công ty Đông Á", north, {"1.1": 30, "1.2": 25, "2.1": 25}),  # 80
        ("Công ty Én Vàng", south, {"1.1": 30, "1.2": 30, "2.1": 25}),  # 85
        ("Công ty Gia Lâm", south, {"1.1": 20, "1.2": 20, "2.1": 20}),  # 60
    ]
    units = {}
    for name, cluster, scores in plan:
        unit = GrassrootsFactory(parent=world.district_a, name=name, block=enterprise, cluster=cluster)
        assessment = domain.start_assessment(phase=phase, unit=unit, by=world.staff_a)
        units[name] = review(self_assess(assessment, world.staff_a, scores), world.staff_a)
    teacher = GrassrootsFactory(parent=world.district_a, name="Trường Tiểu học Văn Yên", block=school)
    units["school"] = review(
        self_assess(domain.start_assessment(phase=phase, unit=teacher, by=world.staff_a), world.staff_a, {"1.1": 70}),
        world.staff_a,
    )
    # A unit whose review is not finished is not ranked.
    draft = GrassrootsFactory(parent=world.district_a, name="Công ty Hạ Long", block=enterprise, cluster=north)
    self_assess(
        domain.start_assessment(phase=phase, unit=draft, by=world.staff_a),
        world.staff_a,
        {"1.1": 40, "1.2": 30, "2.1": 30},
    )
    return world, phase, units, north, south, school


def test_ranks_within_block_and_cluster_with_ties(ranked):
    _world, phase, units, *_ = ranked
    by_block, by_cluster = phase_ranks(phase)
    named = {name: (by_block[a.pk], by_cluster.get(a.pk)) for name, a in units.items()}
    assert named == {
        "Công ty Alpha": (1, 1),
        "Công ty Bình Minh": (2, 2),
        "Công ty Cửu Long": (2, 2),
        "Công ty Én Vàng": (2, 1),
        "Công ty Đông Á": (5, 4),
        "Công ty Gia Lâm": (6, 2),
        "school": (1, None),
    }


def test_ranks_of_a_page_only_are_ranked_over_the_whole_phase_by_the_database(ranked):
    _world, phase, units, *_ = ranked
    wanted = [units["Công ty Đông Á"].pk, units["school"].pk]
    with CaptureQueriesContext(connection) as queries:
        by_block, by_cluster = phase_ranks(phase, wanted)
    assert (by_block, by_cluster) == ({wanted[0]: 5, wanted[1]: 1}, {wanted[0]: 4})
    assert len(queries) == 1
    assert "RANK() OVER" in queries[0]["sql"].upper()
    assert phase_ranks(phase, []) == ({}, {})


def test_ranks_of_a_page_read_only_the_rows_at_or_above_its_lowest_total(ranked):
    """`down_to`: rows below the page's lowest total change none of its ranks (ties included)."""
    _world, phase, units, *_ = ranked
    everything = phase_ranks(phase)
    for names in (["Công ty Bình Minh", "Công ty Cửu Long"], ["Công ty Đông Á", "school"], ["Công ty Gia Lâm"]):
        wanted = [units[name] for name in names]
        pks = [a.pk for a in wanted]
        with CaptureQueriesContext(connection) as queries:
            by_block, by_cluster = phase_ranks(phase, pks, down_to=min(a.total for a in wanted))
        assert by_block == {pk: everything[0][pk] for pk in pks}
        assert by_cluster == {pk: everything[1][pk] for pk in pks if pk in everything[1]}
        assert "a.total >= " in queries[0]["sql"]
    assert phase_ranks(phase, [units["Công ty Bình Minh"].pk], down_to=Decimal(85)) == (
        {units["Công ty Bình Minh"].pk: 2},
        {units["Công ty Bình Minh"].pk: 2},
    )


def test_ranking_page_filters_and_order(client, ranked):
    world, phase, _units, north, _south, school = ranked
    client.force_login(world.staff_a)
    url = reverse("campaigns:scoring_ranking", args=[phase.pk])
    response = client.get(url, {"cluster": north.pk})
    rows = [(a.unit.name, a.total, a.block_rank, a.cluster_rank) for a in response.context["page_obj"]]
    assert rows == [
        ("Công ty Alpha", Decimal(95), 1, 1),
        ("Công ty Bình Minh", Decimal(85), 2, 2),
        ("Công ty Cửu Long", Decimal(85), 2, 2),
        ("Công ty Đông Á", Decimal(80), 5, 4),
    ]
    response = client.get(url, {"block": school.pk})
    assert [(a.unit.name, a.band.name) for a in response.context["page_obj"]] == [
        ("Trường Tiểu học Văn Yên", "Hoàn thành nhiệm vụ")
    ]
    response = client.get(url)
    assert len(response.context["page_obj"]) == 7
    html = response.content.decode()
    assert html.index("Công ty Alpha") < html.index("Công ty Bình Minh") < html.index("Công ty Gia Lâm")


def test_ranking_offers_the_clusters_with_an_assessment_in_the_phase(client, ranked):
    world, phase, *_ = ranked
    idle = ClusterFactory(organiser=world.district_a, name="Cụm 3", block=world.grassroots_a.block)
    GrassrootsFactory(parent=world.district_a, name="Công ty Kim Long", block=idle.block, cluster=idle)
    client.force_login(world.staff_a)
    form = client.get(reverse("campaigns:scoring_ranking", args=[phase.pk])).context["filters"]
    assert sorted(c.name for c in form.fields["cluster"].queryset) == ["Cụm 1", "Cụm 2"]


def test_ranking_shows_officer_only_own_unit_but_its_true_rank(client, ranked):
    _world, phase, units, *_ = ranked
    officer = units["Công ty Đông Á"].unit
    from tests.factories import user_with_role
    from unions.enums import Role

    user = user_with_role(officer, Role.GRASSROOTS_OFFICER, "canbo_dong_a")
    client.force_login(user)
    response = client.get(reverse("campaigns:scoring_ranking", args=[phase.pk]))
    assert [(a.unit.name, a.block_rank, a.cluster_rank) for a in response.context["page_obj"]] == [
        ("Công ty Đông Á", 5, 4)
    ]


def test_ranking_is_paginated(client, ranked):
    from campaigns.models import SelfAssessment

    world, phase, units, *_ = ranked
    sheet = units["Công ty Alpha"].sheet
    # 20 more reviewed enterprises at 50 points: 27 ranked rows, 25 on a page.
    for n in range(20):
        unit = GrassrootsFactory(parent=world.district_a, name=f"Công ty Z{n:02d}", block=sheet.block)
        SelfAssessment.objects.create(phase=phase, unit=unit, sheet=sheet, state="reviewed", total=Decimal(50))
    client.force_login(world.staff_a)
    url = reverse("campaigns:scoring_ranking", args=[phase.pk])
    first = client.get(url).context["page_obj"]
    assert len(first) == 25
    second = client.get(url, {"page": 2}).context["page_obj"]
    assert [(a.unit.name, a.total, a.block_rank) for a in second] == [
        ("Công ty Z18", Decimal(50), 7),
        ("Công ty Z19", Decimal(50), 7),
    ]
