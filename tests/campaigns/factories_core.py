import datetime

import factory

from campaigns.enums import CampaignState, DocumentKind, TargetMetric
from campaigns.models import Campaign, CampaignDocument, Movement, Phase, PhaseDetail, Pledge, Target
from tests.factories import ClusterFactory, UpperFactory


class MovementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Movement
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Phong trào thử {n}")


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    launched_by = factory.SubFactory(UpperFactory)
    title = factory.Sequence(lambda n: f"Phong trào thi đua năm 2023 số {n}")
    starts_on = datetime.date(2023, 1, 1)
    ends_on = datetime.date(2023, 12, 31)
    state = CampaignState.LAUNCHED


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    campaign = factory.SubFactory(CampaignFactory)
    number = 1
    name = factory.LazyAttribute(lambda o: f"Đợt {o.number}")
    starts_on = datetime.date(2023, 1, 1)
    ends_on = datetime.date(2023, 6, 30)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    campaign = factory.SubFactory(CampaignFactory)
    set_by = factory.LazyAttribute(lambda o: o.campaign.launched_by)
    metric = TargetMetric.REGISTERED_SHARE
    value = 80


class PhaseDetailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhaseDetail

    phase = factory.SubFactory(PhaseFactory)
    unit = factory.LazyAttribute(lambda o: o.phase.campaign.launched_by)
    details = "Tổ chức sơ kết đợt 1 trước ngày 15/7."


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignDocument

    campaign = factory.SubFactory(CampaignFactory)
    issued_by = factory.LazyAttribute(lambda o: o.campaign.launched_by)
    kind = DocumentKind.PLAN
    number = factory.Sequence(lambda n: f"{n}/KH-LĐLĐ")
    issued_on = datetime.date(2023, 1, 5)
    title = "Kế hoạch tổ chức phong trào thi đua năm 2023"
    file = factory.django.FileField(filename="ke-hoach.pdf", data=b"%PDF-1.4\n%test\n")


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    campaign = factory.SubFactory(CampaignFactory)
    cluster = factory.SubFactory(ClusterFactory, organiser=factory.SelfAttribute("..campaign.launched_by"))
    signed_on = datetime.date(2023, 2, 10)
    document = factory.django.FileField(filename="giao-uoc.pdf", data=b"%PDF-1.4\n%pledge\n")
