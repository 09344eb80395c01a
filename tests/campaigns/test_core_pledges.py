import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.models import Pledge
from tests.campaigns.factories_core import CampaignFactory, PledgeFactory
from tests.factories import ClusterFactory
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(world):
    cluster = ClusterFactory(organiser=world.district_a, name="Cụm thi đua doanh nghiệp Hà Đông")
    for unit in [world.grassroots_a, world.grassroots_a2]:
        unit.cluster = cluster
        unit.save()
    return cluster


def test_cluster_units_sign_a_pledge(client, world, cluster):
    campaign = CampaignFactory(launched_by=world.city)
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:pledge_add", args=[campaign.pk]),
        {
            "cluster": cluster.pk,
            "signed_on": "15/02/2023",
            "signatories": [world.grassroots_a.pk, world.grassroots_a2.pk],
            "content": "Thi đua hoàn thành xuất sắc nhiệm vụ năm 2023.",
            "document": SimpleUploadedFile("giao-uoc.pdf", b"%PDF-1.4 giao uoc"),
        },
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.signed_on == datetime.date(2023, 2, 15)
    assert sorted(u.short_code for u in pledge.signatories.all()) == ["FECON", "TH-VY"]
    assert pledge.created_by == world.reviewer
    assert history_for(pledge).get().action == "create"
    client.force_login(world.insider)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "Cụm thi đua doanh nghiệp Hà Đông" in page
    download = client.get(reverse("campaigns:pledge_download", args=[pledge.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 giao uoc"
    client.force_login(world.outsider)
    assert client.get(reverse("campaigns:pledge_download", args=[pledge.pk])).status_code == 404
    assert "Cụm thi đua doanh nghiệp Hà Đông" not in client.get(campaign.get_absolute_url()).content.decode()


def test_signatories_must_belong_to_the_cluster(client, world, cluster):
    other = ClusterFactory(organiser=world.district_a, name="Cụm khác")
    stranger = world.grassroots_a2
    stranger.cluster = other
    stranger.save()
    campaign = CampaignFactory(launched_by=world.district_a)
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:pledge_add", args=[campaign.pk]),
        {"cluster": cluster.pk, "signed_on": "15/02/2023", "signatories": [world.grassroots_a.pk, stranger.pk]},
    )
    assert response.context["form"].errors == {
        "signatories": ["Không thuộc cụm này: Công đoàn trường Tiểu học Văn Yên."]
    }


def test_one_pledge_per_cluster_and_campaign(client, world, cluster):
    pledge = PledgeFactory(campaign__launched_by=world.district_a, cluster=cluster)
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:pledge_add", args=[pledge.campaign.pk]),
        {
            "cluster": cluster.pk,
            "signed_on": "15/02/2023",
            "signatories": [world.grassroots_a.pk, world.grassroots_a2.pk],
        },
    )
    assert response.context["form"].errors == {"cluster": ["Cụm này đã ký giao ước cho phong trào này."]}


def test_pledge_edit_permissions_and_history(client, world, cluster):
    pledge = PledgeFactory(campaign__launched_by=world.district_a, cluster=cluster)
    pledge.signatories.set([world.grassroots_a, world.grassroots_a2])
    url = reverse("campaigns:pledge_edit", args=[pledge.pk])
    client.force_login(world.insider)
    assert client.get(url).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.city_reviewer)
    response = client.post(
        url,
        {"signed_on": "20/02/2023", "signatories": [world.grassroots_a.pk, world.grassroots_a2.pk], "content": ""},
    )
    assert response.status_code == 302
    assert history_for(pledge).get().changes == {"signed_on": ["2023-02-10", "2023-02-20"]}
