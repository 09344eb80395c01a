"""Target progress is counted by the database: three queries whatever the number of unions,
registrations, title registrations and targets (a city campaign has ~8,000 and ~60,000 of them)."""

import pytest

from awards.enums import Subject
from awards.models import AwardTitle
from campaigns.enums import RegistrationState, TargetMetric
from campaigns.models import Target, TitleRegistration, UnitRegistration
from campaigns.queries.core import target_progress
from tests.campaigns.factories_core import CampaignFactory, TargetFactory
from tests.factories import GrassrootsFactory, MemberFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("rows", [1, 3])
def test_target_progress_makes_three_queries_whatever_the_rows(world, django_assert_num_queries, rows):
    title = AwardTitle.objects.create(code="audit-cng", name="Công nhân giỏi (audit)", subject=Subject.INDIVIDUAL)
    campaign = CampaignFactory(launched_by=world.city)
    for _ in range(rows):
        unit = GrassrootsFactory(parent=world.district_a)
        registration = UnitRegistration.objects.create(campaign=campaign, unit=unit, state=RegistrationState.ACCEPTED)
        TitleRegistration.objects.create(registration=registration, title=title, member=MemberFactory(unit=unit))
        TargetFactory(campaign=campaign, set_by=world.district_a, value=50)
        TargetFactory(
            campaign=campaign, set_by=world.district_a, metric=TargetMetric.ACCEPTED_REGISTRATIONS, value=rows
        )
        TargetFactory(
            campaign=campaign,
            set_by=world.district_a,
            metric=TargetMetric.TITLE_REGISTRATIONS,
            title=title,
            value=2 * rows,
        )
    targets = list(Target.objects.filter(campaign=campaign).select_related("set_by").order_by("pk"))

    with django_assert_num_queries(3):
        progress = target_progress(campaign, targets)

    # district_a holds grassroots_a and grassroots_a2 (unregistered) besides the new unions.
    assert [(t.metric, t.done, t.base, t.percent, t.reached) for t in progress[:3]] == [
        (TargetMetric.REGISTERED_SHARE, rows, rows + 2, round(100 * rows / (rows + 2)), rows == 3),
        (TargetMetric.ACCEPTED_REGISTRATIONS, rows, None, 100, True),
        (TargetMetric.TITLE_REGISTRATIONS, rows, None, 50, False),
    ]
