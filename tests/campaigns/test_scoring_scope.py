"""Every scoring page for the three standing users: the insider (officer of grassroots_a), the
reviewer above (staff of district_a) and the outsider (officer of grassroots_b in another district)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse

from campaigns.domain import scoring as domain
from campaigns.panels import self_assessment_panel
from tests.campaigns.factories_scoring import ScoringCampaignFactory, ScoringPhaseFactory, make_sheet, self_assess

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(world):
    campaign = ScoringCampaignFactory(launched_by=world.district_a)
    phase = ScoringPhaseFactory(campaign=campaign)
    sheet = make_sheet(campaign, world.grassroots_a.block, by=world.staff_a)
    draft = domain.start_assessment(phase=phase, unit=world.grassroots_a, by=world.officer_a)
    criterion = draft.entries.first().criterion_id
    domain.save_self_scores(
        draft, by=world.officer_a, scores={}, vetoes=[], files={criterion: [SimpleUploadedFile("a.pdf", b"%PDF-1")]}
    )
    submitted = self_assess(
        domain.start_assessment(phase=phase, unit=world.grassroots_a2, by=world.staff_a),
        world.staff_a,
        {"1.1": 40, "1.2": 30, "2.1": 30},
    )
    return {
        "sheet": sheet,
        "phase": phase,
        "draft": draft,
        "submitted": submitted,
        "evidence": draft.entries.get(criterion_id=criterion).files.get(),
    }


# (url name, kwargs from the objects, query string, insider, reviewer above, outsider)
PAGES = [
    ("campaigns:scoring_sheet_list", None, {}, 200, 200, 200),
    ("campaigns:scoring_sheet_create", None, {}, 403, 200, 403),
    ("campaigns:scoring_sheet_detail", lambda o: {"pk": o["sheet"].pk}, {}, 200, 200, 404),
    ("campaigns:scoring_sheet_edit", lambda o: {"pk": o["sheet"].pk}, {}, 403, 200, 404),
    ("campaigns:scoring_sheet_row", lambda o: {"pk": o["sheet"].pk}, {"kind": "b"}, 403, 200, 404),
    ("campaigns:scoring_assessment_list", None, {}, 200, 200, 200),
    ("campaigns:scoring_assessment_detail", lambda o: {"pk": o["draft"].pk}, {}, 200, 200, 404),
    ("campaigns:scoring_assessment_fill", lambda o: {"pk": o["draft"].pk}, {}, 200, 200, 404),
    ("campaigns:scoring_assessment_review", lambda o: {"pk": o["draft"].pk}, {}, 403, 403, 404),
    ("campaigns:scoring_evidence_file", lambda o: {"pk": o["evidence"].pk}, {}, 200, 200, 404),
    ("campaigns:scoring_ranking", lambda o: {"phase_pk": o["phase"].pk}, {}, 200, 200, 404),
]


@pytest.mark.parametrize(
    ("name", "kwargs", "query", "insider", "reviewer", "outsider"), PAGES, ids=[p[0] for p in PAGES]
)
def test_page_for_the_three_users(client, world, objects, name, kwargs, query, insider, reviewer, outsider):
    url = reverse(name, kwargs=kwargs(objects) if kwargs else None)
    for user, expected in ((world.insider, insider), (world.reviewer, reviewer), (world.outsider, outsider)):
        client.force_login(user)
        response = client.get(url, query)
        assert response.status_code == expected, f"{user.username} got {response.status_code}"
        if response.streaming:
            request_finished.disconnect(close_old_connections)
            response.close()
            request_finished.connect(close_old_connections)


def test_review_page_of_a_submitted_assessment(client, world, objects):
    url = reverse("campaigns:scoring_assessment_review", args=[objects["submitted"].pk])
    expected = ((world.officer_a, 404), (world.staff_a, 200), (world.city_reviewer, 200), (world.outsider, 404))
    for user, status in expected:
        client.force_login(user)
        assert client.get(url).status_code == status, user.username


def test_post_actions_for_the_three_users(client, world, objects):
    start = reverse("campaigns:scoring_assessment_start", args=[objects["phase"].pk])
    client.force_login(world.outsider)
    assert client.post(start, {"unit": world.grassroots_a.pk}).status_code == 404
    client.force_login(world.insider)
    assert client.post(start, {"unit": world.grassroots_a.pk}).status_code == 302
    transition = reverse("campaigns:scoring_assessment_transition", args=[objects["submitted"].pk])
    client.force_login(world.outsider)
    assert client.post(transition, {"to": "reviewed"}).status_code == 404
    client.force_login(world.staff_b)
    assert client.post(transition, {"to": "reviewed"}).status_code == 404
    client.force_login(world.reviewer)
    assert client.post(transition, {"to": "reviewed", "from": "submitted"}).status_code == 302
    objects["submitted"].refresh_from_db()
    assert objects["submitted"].state == "reviewed"


def test_home_panel_lists_what_the_officer_may_start(world, objects):
    other = ScoringPhaseFactory(campaign=objects["phase"].campaign, name="Đợt 2")
    request = RequestFactory().get("/")
    request.user = world.officer_a
    offers = self_assessment_panel(request)["to_start"]
    assert [(o.phase, o.unit, o.has_sheet) for o in offers] == [(other, world.grassroots_a, True)]
    request.user = world.officer_b
    assert self_assessment_panel(request) is None


def test_assessment_list_filters_by_phase(client, world, objects):
    other = ScoringPhaseFactory(campaign=objects["phase"].campaign, name="Đợt 2")
    domain.start_assessment(phase=other, unit=world.grassroots_a, by=world.officer_a)
    client.force_login(world.reviewer)
    url = reverse("campaigns:scoring_assessment_list")
    rows = client.get(url, {"phase": other.pk}).context["page_obj"]
    assert [(a.phase, a.unit) for a in rows] == [(other, world.grassroots_a)]
    assert len(client.get(url, {"phase": objects["phase"].pk}).context["page_obj"]) == 2


def test_staff_may_start_on_behalf_of_units_without_one(client, world, objects):
    from tests.factories import GrassrootsFactory

    late = GrassrootsFactory(
        parent=world.district_a, name="Công đoàn Công ty Thép Hà Đông", block=world.grassroots_a.block
    )
    GrassrootsFactory(parent=world.district_b, name="Công đoàn huyện khác", block=world.grassroots_a.block)
    url = reverse("campaigns:scoring_assessment_list")
    client.force_login(world.reviewer)
    response = client.get(url, {"phase": objects["phase"].pk})
    assert list(response.context["on_behalf"].fields["unit"].queryset) == [late]
    client.force_login(world.insider)
    assert client.get(url, {"phase": objects["phase"].pk}).context["on_behalf"] is None


def test_assessment_made_without_a_sheet_is_shown_on_the_current_one_and_gets_it_at_its_first_save(
    client, world, objects
):
    """Opening a page writes nothing: the pages show the block's current sheet; the first save gives it
    to the assessment, with a history row naming it and who saved."""
    from campaigns.models import SelfAssessment
    from tests.factories import GrassrootsFactory, user_with_role
    from unions.enums import Role
    from unionsite.history import history_for

    unit = GrassrootsFactory(parent=world.district_a, block=world.grassroots_a.block)
    officer = user_with_role(unit, Role.GRASSROOTS_OFFICER, "officer_bare")
    bare = SelfAssessment.objects.create(phase=objects["phase"], unit=unit)
    client.force_login(officer)
    for name in ("campaigns:scoring_assessment_detail", "campaigns:scoring_assessment_fill"):
        response = client.get(reverse(name, args=[bare.pk]))
        assert response.status_code == 200
        assert response.context["sheet"] == objects["sheet"]
    assert response.context["form"].outline[0].criteria[0].code == "1.1"
    bare.refresh_from_db()
    assert (bare.sheet_id, bare.entries.count(), history_for(bare).count()) == (None, 0, 0)

    response = client.post(reverse("campaigns:scoring_assessment_fill", args=[bare.pk]), {"score_0": ""})
    assert response.status_code == 302
    bare.refresh_from_db()
    assert bare.sheet == objects["sheet"]
    assert [(r.actor, r.changes) for r in history_for(bare)] == [(officer, {"sheet": [None, str(objects["sheet"])]})]

    other = GrassrootsFactory(
        parent=world.district_a, block=type(world.grassroots_a.block).objects.create(code="x", name="Khối X")
    )
    orphan = SelfAssessment.objects.create(phase=objects["phase"], unit=other)
    client.force_login(world.reviewer)
    response = client.get(reverse("campaigns:scoring_assessment_detail", args=[orphan.pk]))
    assert 'data-testid="no-sheet"' in response.content.decode()
    fill = client.get(reverse("campaigns:scoring_assessment_fill", args=[orphan.pk]))
    assert fill["Location"] == reverse("campaigns:scoring_assessment_detail", args=[orphan.pk])


def test_a_draft_city_campaign_and_its_sheet_stay_hidden_below_its_staff(client, world):
    """The one visibility rule of a campaign holds for every record reached through it: an officer
    (and a district) see neither a draft city campaign, nor its score sheet, nor its phase's ranking."""
    from campaigns.enums import CampaignState

    campaign = ScoringCampaignFactory(launched_by=world.city, state=CampaignState.DRAFT, title="Thi đua nháp")
    phase = ScoringPhaseFactory(campaign=campaign)
    sheet = make_sheet(campaign, world.grassroots_a.block, by=world.city_reviewer)
    for user in (world.officer_a, world.staff_a):
        client.force_login(user)
        assert client.get(reverse("campaigns:campaign_detail", args=[campaign.pk])).status_code == 404
        assert client.get(reverse("campaigns:scoring_sheet_detail", args=[sheet.pk])).status_code == 404
        assert client.get(reverse("campaigns:scoring_ranking", args=[phase.pk])).status_code == 404
        listing = client.get(reverse("campaigns:scoring_sheet_list")).content.decode()
        assert "Thi đua nháp" not in listing
        assert sheet.name not in listing
    client.force_login(world.city_reviewer)
    assert client.get(reverse("campaigns:scoring_sheet_detail", args=[sheet.pk])).status_code == 200
    assert sheet.name in client.get(reverse("campaigns:scoring_sheet_list")).content.decode()
    # Once launched, everyone below sees it.
    campaign.state = CampaignState.LAUNCHED
    campaign.save()
    client.force_login(world.officer_a)
    assert client.get(reverse("campaigns:scoring_sheet_detail", args=[sheet.pk])).status_code == 200
