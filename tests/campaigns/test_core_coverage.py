import datetime

import pytest
from django.core import mail
from django.urls import reverse

from campaigns.domain.core import deliver_reminder
from campaigns.enums import AssessmentState, RegistrationState, ReminderKind
from campaigns.models import Notice, Reminder, SelfAssessment, UnitRegistration
from tests.campaigns.factories_core import CampaignFactory, PhaseFactory
from tests.factories import GrassrootsFactory
from unions.enums import Ownership
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(world):
    campaign = CampaignFactory(launched_by=world.city, title="Thi đua năm 2023")
    PhaseFactory(campaign=campaign, number=1)
    PhaseFactory(campaign=campaign, number=2, starts_on=datetime.date(2023, 7, 1), ends_on=datetime.date(2023, 12, 31))
    return campaign


def _rows(response):
    return [(u.short_code, u.is_registered, u.has_assessed) for u in response.context["page_obj"]]


def test_district_staff_sees_its_unions_with_their_registration_and_assessment(client, world, campaign):
    phase_1, phase_2 = campaign.phases.order_by("number")
    UnitRegistration.objects.create(campaign=campaign, unit=world.grassroots_a, state=RegistrationState.SUBMITTED)
    UnitRegistration.objects.create(campaign=campaign, unit=world.grassroots_a2, state=RegistrationState.DRAFT)
    SelfAssessment.objects.create(phase=phase_1, unit=world.grassroots_a, state=AssessmentState.SUBMITTED)
    SelfAssessment.objects.create(phase=phase_2, unit=world.grassroots_a2, state=AssessmentState.DRAFT)
    client.force_login(world.reviewer)
    url = reverse("campaigns:coverage", args=[campaign.pk])
    assert _rows(client.get(url, {"phase": phase_1.pk})) == [("FECON", True, True), ("TH-VY", False, False)]
    assert _rows(client.get(url, {"phase": phase_2.pk})) == [("FECON", True, False), ("TH-VY", False, False)]
    assert _rows(client.get(url, {"phase": phase_1.pk, "show": "unregistered"})) == [("TH-VY", False, False)]
    response = client.get(url, {"phase": phase_1.pk, "show": "unassessed"})
    assert _rows(response) == [("TH-VY", False, False)]
    # The summary counts every union of the filtered set, whatever is shown.
    assert response.context["summary"] == {"total": 2, "registered": 1, "assessed": 1}
    assert "Đã đăng ký: 1 trên 2 công đoàn. Đã tự đánh giá: 1 trên 2." in response.content.decode()


def test_the_pages_count_the_unions_shown_from_the_summary(client, world, campaign):
    """The paginator's count is the summary's (all, unregistered, unassessed), with no count of its own;
    a draft registration is not a registration, a registration counts whatever the phase."""
    phase_1, phase_2 = campaign.phases.order_by("number")
    UnitRegistration.objects.create(campaign=campaign, unit=world.grassroots_a, state=RegistrationState.ACCEPTED)
    UnitRegistration.objects.create(campaign=campaign, unit=world.grassroots_a2, state=RegistrationState.DRAFT)
    SelfAssessment.objects.create(phase=phase_2, unit=world.grassroots_b, state=AssessmentState.REVIEWED)
    client.force_login(world.city_reviewer)
    url = reverse("campaigns:coverage", args=[campaign.pk])
    expected = {
        (phase_1, ""): (3, ["FECON", "TH-VY", "BV-DP"]),
        (phase_1, "unregistered"): (2, ["TH-VY", "BV-DP"]),
        (phase_1, "unassessed"): (3, ["FECON", "TH-VY", "BV-DP"]),
        (phase_2, "unassessed"): (2, ["FECON", "TH-VY"]),
    }
    for (phase, show), (count, codes) in expected.items():
        response = client.get(url, {"phase": phase.pk, "show": show})
        assert response.context["page_obj"].paginator.count == count
        assert [code for code, *_ in _rows(response)] == codes
    registered = [(code, r) for code, r, _a in _rows(client.get(url, {"phase": phase_1.pk}))]
    assert registered == [("FECON", True), ("TH-VY", False), ("BV-DP", False)]


def test_coverage_filters_by_block_and_ownership(client, world, campaign):
    small = GrassrootsFactory(parent=world.district_a, short_code="TNHH-NHO", ownership=Ownership.NON_STATE)
    world.grassroots_a.ownership = Ownership.FDI
    world.grassroots_a.save()
    client.force_login(world.reviewer)
    url = reverse("campaigns:coverage", args=[campaign.pk])
    phase = campaign.phases.first().pk
    rows = _rows(client.get(url, {"phase": phase, "ownership": Ownership.NON_STATE}))
    assert [code for code, *_ in rows] == ["TH-VY", small.short_code]
    rows = _rows(client.get(url, {"phase": phase, "block": world.grassroots_a.block.pk, "ownership": Ownership.FDI}))
    assert [code for code, *_ in rows] == ["FECON"]


def test_city_reviewer_sees_every_district_and_officer_is_forbidden(client, world, campaign):
    client.force_login(world.city_reviewer)
    url = reverse("campaigns:coverage", args=[campaign.pk])
    assert [code for code, *_ in _rows(client.get(url))] == ["FECON", "TH-VY", "BV-DP"]
    client.force_login(world.insider)
    assert client.get(url).status_code == 403
    client.force_login(world.outsider)
    district_campaign = CampaignFactory(launched_by=world.district_a)
    assert client.get(reverse("campaigns:coverage", args=[district_campaign.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_coverage_query_count_does_not_grow(client, world, campaign, django_assert_num_queries, rows):
    for _ in range(rows):
        GrassrootsFactory(parent=world.district_b)
    client.force_login(world.staff_b)
    with django_assert_num_queries(12):  # the paginator takes its count from the summary
        response = client.get(reverse("campaigns:coverage", args=[campaign.pk]))
    assert len(response.context["page_obj"]) == rows + 1


def test_reminder_is_recorded_emailed_and_left_in_app(client, world, campaign, django_capture_on_commit_callbacks):
    phase = campaign.phases.get(number=1)
    client.force_login(world.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("campaigns:coverage_remind", args=[campaign.pk]),
            {
                "kind": ReminderKind.SELF_ASSESSMENT,
                "phase": phase.pk,
                "units": [world.grassroots_a.pk, world.grassroots_a2.pk],
                "message": "Hạn chót 05/07/2023.",
            },
        )
    assert response.status_code == 302
    reminder = Reminder.objects.get()
    assert reminder.sent_by == world.reviewer
    assert sorted(u.short_code for u in reminder.units.all()) == ["FECON", "TH-VY"]
    assert reminder.sent_at is not None
    assert reminder.email_count == 1
    assert history_for(reminder).get().changes == {"units": [None, ["FECON", "TH-VY"]]}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer_a@example.vn"]
    assert message.subject == "Nhắc nhở: Nộp bản tự đánh giá — Thi đua năm 2023"
    assert message.body == (
        "Công đoàn Công ty Cổ phần Fecon\n\nPhong trào: Thi đua năm 2023\nNộp bản tự đánh giá — Đợt 1.\n\n"
        "Hạn chót 05/07/2023."
    )
    assert [(n.user, n.unit) for n in Notice.objects.all()] == [(world.officer_a, world.grassroots_a)]
    client.force_login(world.officer_a)
    home = client.get(reverse("home")).content.decode()
    assert "Nộp bản tự đánh giá — Đợt 1" in home


def test_reminder_delivery_runs_once(world, campaign):
    reminder = Reminder.objects.create(campaign=campaign, kind=ReminderKind.REGISTRATION, sent_by=world.reviewer)
    reminder.units.set([world.grassroots_a])
    assert deliver_reminder(reminder) == 1
    assert deliver_reminder(reminder) == 0
    assert len(mail.outbox) == 1
    assert Notice.objects.count() == 1


def test_reminder_to_units_outside_the_staff_scope_is_refused(client, world, campaign):
    client.force_login(world.reviewer)
    client.post(
        reverse("campaigns:coverage_remind", args=[campaign.pk]),
        {"kind": ReminderKind.REGISTRATION, "units": [world.grassroots_b.pk]},
    )
    assert Reminder.objects.count() == 0
    client.force_login(world.insider)
    response = client.post(
        reverse("campaigns:coverage_remind", args=[campaign.pk]),
        {"kind": ReminderKind.REGISTRATION, "units": [world.grassroots_a.pk]},
    )
    assert response.status_code == 403


def test_reminders_sent_are_listed_for_staff_over_the_units(
    client, world, campaign, django_capture_on_commit_callbacks
):
    client.force_login(world.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("campaigns:coverage_remind", args=[campaign.pk]),
            {"kind": ReminderKind.REGISTRATION, "units": [world.grassroots_a.pk]},
        )
    client.force_login(world.city_reviewer)
    assert len(client.get(reverse("campaigns:coverage", args=[campaign.pk])).context["reminders"]) == 1
    client.force_login(world.staff_b)
    assert len(client.get(reverse("campaigns:coverage", args=[campaign.pk])).context["reminders"]) == 0


def test_self_assessment_reminder_needs_a_phase(client, world, campaign):
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:coverage_remind", args=[campaign.pk]),
        {"kind": ReminderKind.SELF_ASSESSMENT, "units": [world.grassroots_a.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Hãy chọn đợt cần nộp bản tự đánh giá."]
    assert Reminder.objects.count() == 0
