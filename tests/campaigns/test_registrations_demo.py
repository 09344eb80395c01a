import io

import pytest

from campaigns import demo_registrations
from campaigns.enums import RegistrationState as S
from campaigns.models import TitleRegistration, UnitRegistration
from tests.campaigns.factories_registrations import RegCampaignFactory, collective_title, worker_title
from unions import demo as unions_demo
from unions.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_demo_registrations_load_once_for_hà_đông_campaigns():
    unions_demo.load(io.StringIO())
    worker_title()
    collective_title()
    RegCampaignFactory(launched_by=OrgUnit.objects.get(short_code="HD"), title="Thi đua năm 2023 quận Hà Đông")
    out = io.StringIO()
    demo_registrations.load(out)
    demo_registrations.load(out)
    assert out.getvalue().splitlines() == [
        "Đăng ký thi đua: 4 bản đăng ký demo mới cho 1 phong trào.",
        "Đăng ký thi đua: 0 bản đăng ký demo mới cho 1 phong trào.",
    ]
    assert sorted(UnitRegistration.objects.values_list("unit__short_code", "state")) == [
        ("HD-KS", S.RETURNED),
        ("HD-MAY", S.SUBMITTED),
        ("HD-PVL", S.DRAFT),
        ("HD-XD", S.ACCEPTED),
    ]
    assert TitleRegistration.objects.filter(collective_name="").count() == 8 + 12 + 4
    assert TitleRegistration.objects.exclude(collective_name="").count() == 3


def test_demo_registrations_without_the_tree_do_nothing():
    out = io.StringIO()
    demo_registrations.load(out)
    assert out.getvalue() == "Đăng ký thi đua: chưa có cây tổ chức demo, bỏ qua.\n"
