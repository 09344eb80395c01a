import datetime

import factory

from awards.catalogue import ensure_catalogue
from awards.enums import Level, NominationState
from awards.models import Award, AwardTitle, Decision, Nomination, Quota
from campaigns.enums import CampaignState
from campaigns.models import Campaign, Phase
from tests.factories import GrassrootsFactory, MemberFactory


def title(code):
    """A title of the seeded catalogue (the data migration creates them; a transactional test
    elsewhere may have emptied the table, so seed again if needed)."""
    found = AwardTitle.objects.filter(code=code).first()
    if found is None:
        ensure_catalogue()
        found = AwardTitle.objects.get(code=code)
    return found


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    launched_by = factory.SubFactory(GrassrootsFactory)
    title = factory.Sequence(lambda n: f"Thi đua năm 2026 — đợt {n}")
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2026, 12, 31)
    state = CampaignState.LAUNCHED


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = "Đợt 2"
    starts_on = datetime.date(2026, 7, 1)
    ends_on = datetime.date(2026, 12, 31)
    nominations_open = True
    review_open = True


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    phase = factory.SubFactory(PhaseFactory)
    unit = factory.SubFactory(GrassrootsFactory)
    member = factory.SubFactory(MemberFactory, unit=factory.SelfAttribute("..unit"), direct_production=True)
    title = factory.LazyFunction(lambda: title("cong-nhan-gioi"))
    level = Level.UPPER
    year = 2026
    achievements = "Hoàn thành xuất sắc nhiệm vụ, 3 sáng kiến cải tiến kỹ thuật."
    not_disciplined = True
    not_absent_40_days = True
    state = NominationState.DRAFT
    waiting_since = factory.LazyFunction(lambda: datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.UTC))


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    unit = factory.SubFactory(GrassrootsFactory)
    level = Level.UPPER
    number = factory.Sequence(lambda n: f"{n + 1}/QĐ-LĐLĐ")
    date = datetime.date(2026, 11, 20)
    signer = "Phạm Thị Hương"
    signer_title = "Chủ tịch"


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    title = factory.LazyFunction(lambda: title("cong-nhan-gioi"))
    level = Level.UPPER
    year = 2026
    unit = factory.SubFactory(GrassrootsFactory)
    member = factory.SubFactory(MemberFactory, unit=factory.SelfAttribute("..unit"))
    decision = None


class QuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quota

    title = factory.LazyFunction(lambda: title("cong-nhan-gioi"))
    level = Level.UPPER
    year = 2026
    unit = factory.SubFactory(GrassrootsFactory)
    max_count = 1
