"""The migrations that add the unique constraints cope with the duplicates already recorded: they
keep one row and withdraw or revoke the others, each with a history row saying why (issue 13)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from awards.models import Award, Decision, Nomination
from campaigns.models import TitleRegistration
from tests.awards.factories import PhaseFactory
from tests.campaigns.factories_registrations import UnitRegistrationFactory, collective_title, open_campaign
from unionsite.history import history_for

pytestmark = pytest.mark.django_db(transaction=True)


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_awards_keep_one_live_nomination_and_one_standing_award(world):
    phase = PhaseFactory(campaign__launched_by=world.city)
    old = _migrate([("awards", "0007_seed_bang_lao_dong_sang_tao")])
    OldNomination, OldAward, OldDecision, OldTitle = (
        old.get_model("awards", name) for name in ("Nomination", "Award", "Decision", "AwardTitle")
    )
    title = OldTitle.objects.get(code="cong-nhan-gioi")
    common = {
        "phase_id": phase.pk,
        "unit_id": world.grassroots_a.pk,
        "member_id": world.member_a.pk,
        "title": title,
        "level": "upper",
        "year": 2026,
        "achievements": "Hoàn thành xuất sắc nhiệm vụ.",
    }
    first = OldNomination.objects.create(**common, state="approved")
    second = OldNomination.objects.create(**common, state="approved")
    rejected = OldNomination.objects.create(**common, state="rejected")
    decision = OldDecision.objects.create(
        unit_id=world.district_a.pk, level="upper", number="7/QĐ-LĐLĐ", date=datetime.date(2025, 12, 30), signer="A"
    )
    awarded = {"title": title, "level": "upper", "year": 2026, "unit_id": world.grassroots_a.pk}
    kept_award = OldAward.objects.create(**awarded, member_id=world.member_a.pk, decision=decision, nomination=second)
    extra_award = OldAward.objects.create(**awarded, member_id=world.member_a.pk, decision=decision, nomination=first)

    _migrate_to_latest()

    assert Decision.objects.get(pk=decision.pk).year == 2025
    # The award on the first row stays; the other is revoked, with the reason and a history row.
    assert Award.objects.get(pk=kept_award.pk).revoked_at is None
    revoked = Award.objects.get(pk=extra_award.pk)
    reason = f"Thu hồi khi nâng cấp dữ liệu: trùng khen thưởng #{kept_award.pk} (cùng người, danh hiệu, cấp và năm)."
    assert (revoked.revoked_at is not None, revoked.revoke_reason) == (True, reason)
    assert [(r.action, r.changes, r.note) for r in history_for(revoked)] == [
        ("update", {"revoked": [False, True]}, reason)
    ]
    # The nomination behind the standing award stays; the other is withdrawn; the rejected one is left as it was.
    states = dict(Nomination.objects.values_list("pk", "state"))
    assert states == {first.pk: "withdrawn", second.pk: "approved", rejected.pk: "rejected"}
    entry = history_for(Nomination.objects.get(pk=first.pk)).get()
    assert (entry.action, entry.changes) == ("transition", {"state": ["approved", "withdrawn"]})
    assert entry.note.startswith(f"Rút khi nâng cấp dữ liệu: trùng đề nghị #{second.pk}")


def test_title_registrations_keep_one_row_per_collective_and_title(world):
    registration = UnitRegistrationFactory(campaign=open_campaign(world.district_a), unit=world.grassroots_a)
    team_title = collective_title()
    old = _migrate([("campaigns", "0007_reminder_deadline_registration_notices")])
    OldTitleRegistration = old.get_model("campaigns", "TitleRegistration")
    rows = [
        OldTitleRegistration.objects.create(
            registration_id=registration.pk, title_id=team_title.pk, collective_name="Tổ Hàn điện"
        )
        for _ in range(2)
    ]
    other = OldTitleRegistration.objects.create(
        registration_id=registration.pk, title_id=team_title.pk, collective_name="Tổ Tiện"
    )

    _migrate_to_latest()

    assert list(TitleRegistration.objects.order_by("pk").values_list("pk", flat=True)) == [rows[0].pk, other.pk]
    withdrawn = TitleRegistration.all_objects.get(pk=rows[1].pk)
    assert (
        withdrawn.withdraw_reason
        == f"Rút khi nâng cấp dữ liệu: trùng đăng ký #{rows[0].pk} (cùng tập thể và danh hiệu)."
    )
    entry = history_for(registration).get()
    assert entry.changes == {"title_registration": ["Tổ Hàn điện: Tập thể lao động giỏi", None]}


def test_campaigns_recorded_before_the_form_of_emulation_take_it_from_their_kind(world):
    old = _migrate([("campaigns", "0009_merge_tallied_notices_and_withdrawals")])
    OldCampaign = old.get_model("campaigns", "Campaign")
    period = {"starts_on": datetime.date(2023, 1, 1), "ends_on": datetime.date(2023, 12, 31)}
    kinds = ["annual", "stage", "thematic", "peak"]
    ids = {
        kind: OldCampaign.objects.create(launched_by_id=world.district_a.pk, title=kind, kind=kind, **period).pk
        for kind in kinds
    }

    _migrate_to_latest()

    from campaigns.models import Campaign

    methods = dict(Campaign.objects.filter(pk__in=ids.values()).values_list("kind", "method"))
    assert methods == {"annual": "regular", "stage": "regular", "thematic": "thematic", "peak": "thematic"}
