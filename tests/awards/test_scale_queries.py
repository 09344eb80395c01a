"""Issue 12: the review queue's "not decided yet" is an anti-join (NOT EXISTS), and the honour roll
sorts by the awardee name kept on the award, reading no member rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.enums import Level, NominationState
from awards.models import Award
from awards.queries import honour_roll, queue_for_user
from tests.awards.factories import AwardFactory, NominationFactory
from unions import domain
from unions.models import Member

pytestmark = pytest.mark.django_db
S = NominationState


def test_queue_leaves_out_decided_nominations_with_not_exists(world, phase):
    waiting = NominationFactory(phase=phase, unit=world.grassroots_a, state=S.APPROVED, level=Level.CITY)
    decided = NominationFactory(phase=phase, unit=world.grassroots_a, state=S.APPROVED, level=Level.CITY)
    AwardFactory(unit=world.grassroots_a, member=decided.member, level=Level.CITY, nomination=decided)
    rows = queue_for_user(world.staff_a)
    assert list(rows) == [waiting]
    sql = str(rows.query).upper()
    assert "NOT EXISTS" in sql
    assert f'LEFT OUTER JOIN "{Award._meta.db_table.upper()}"' not in sql


def test_award_keeps_the_awardees_folded_name_and_follows_a_rename(world):
    award = AwardFactory(unit=world.grassroots_a, member=world.member_a)
    collective = AwardFactory(unit=world.grassroots_a, member=None, collective_name="Tổ Đúc Đồng")
    assert Award.objects.get(pk=award.pk).name_search == "nguyen thi kim dung"
    assert Award.objects.get(pk=collective.pk).name_search == "to duc dong"
    domain.update_member(world.member_a, by=world.staff_a, full_name="Nguyễn Thị Kim Dũng Anh")
    assert Award.objects.get(pk=award.pk).name_search == "nguyen thi kim dung anh"


def test_honour_roll_sorts_by_the_kept_name_without_reading_members(world):
    AwardFactory(unit=world.grassroots_a, member__full_name="Vũ Văn Cường")
    AwardFactory(unit=world.grassroots_a, member=None, collective_name="Tổ bảo dưỡng")
    AwardFactory(unit=world.grassroots_a2, member__full_name="Ánh Dương")
    rows = honour_roll(world.district_a, 2026)
    sql = str(rows.query)
    order_by = sql[sql.index("ORDER BY") :]
    assert f'"{Member._meta.db_table}"."name_search"' not in order_by
    assert '"awards_award"."name_search"' in order_by
    with CaptureQueriesContext(connection):
        names = [a.awardee_name for a in rows]
    assert names == ["Ánh Dương", "Tổ bảo dưỡng", "Vũ Văn Cường"]
