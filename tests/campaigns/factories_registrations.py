"""Factories for the registration tests. The campaign and phase factories are named Reg* so that they
do not clash with the campaign core's own factories."""

import datetime

import factory
from django.utils import timezone

from awards.enums import Subject
from awards.models import AwardTitle
from campaigns.enums import CampaignState
from campaigns.models import Campaign, Phase, TitleRegistration, UnitRegistration
from tests.factories import GrassrootsFactory, MemberFactory, UpperFactory


def today():
    return timezone.localdate()


class RegCampaignFactory(factory.django.DjangoModelFactory):
    """A launched campaign running today."""

    class Meta:
        model = Campaign

    launched_by = factory.SubFactory(UpperFactory)
    title = factory.Sequence(lambda n: f"Thi đua lao động giỏi năm 2026 ({n})")
    state = CampaignState.LAUNCHED
    starts_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=60))
    ends_on = factory.LazyFunction(lambda: today() + datetime.timedelta(days=300))


class RegPhaseFactory(factory.django.DjangoModelFactory):
    """A phase with registration open, running today."""

    class Meta:
        model = Phase

    campaign = factory.SubFactory(RegCampaignFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Đợt {o.number}")
    starts_on = factory.LazyFunction(lambda: today() - datetime.timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: today() + datetime.timedelta(days=60))
    registration_open = True


class RegAwardTitleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardTitle
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"danh-hieu-{n}")
    name = factory.Sequence(lambda n: f"Danh hiệu {n}")
    subject = Subject.INDIVIDUAL


def worker_title():
    return RegAwardTitleFactory(code="cong-nhan-gioi", name="Công nhân giỏi", subject=Subject.INDIVIDUAL)


def collective_title():
    return RegAwardTitleFactory(code="tap-the-lao-dong-gioi", name="Tập thể lao động giỏi", subject=Subject.COLLECTIVE)


def open_campaign(launched_by):
    """A launched campaign of `launched_by` with a phase open for registration today."""
    campaign = RegCampaignFactory(launched_by=launched_by)
    RegPhaseFactory(campaign=campaign, number=1)
    return campaign


class UnitRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitRegistration

    campaign = factory.SubFactory(RegCampaignFactory)
    unit = factory.SubFactory(GrassrootsFactory)
    commitments = "100% đoàn viên đăng ký thi đua; không để xảy ra tai nạn lao động."


class TitleRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TitleRegistration

    registration = factory.SubFactory(UnitRegistrationFactory)
    title = factory.SubFactory(RegAwardTitleFactory)
    member = factory.SubFactory(MemberFactory, unit=factory.SelfAttribute("..registration.unit"))
