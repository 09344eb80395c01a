import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from campaigns.enums import DocumentKind
from campaigns.models import CampaignDocument
from tests.campaigns.factories_core import CampaignFactory, DocumentFactory
from unionsite.history import history_for

pytestmark = pytest.mark.django_db


def _xlsx_bytes():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Đơn vị", "Chỉ tiêu"])
    book.active.append(["Công đoàn Công ty Cổ phần Fecon", 95])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _post(upload, **extra):
    data = {
        "kind": DocumentKind.GUIDANCE,
        "number": "22/HD-LĐLĐ",
        "issued_on": "10/02/2023",
        "title": "Hướng dẫn đăng ký thi đua năm 2023",
        "file": upload,
    }
    data.update(extra)
    return data


def test_district_staff_uploads_a_guidance_note_and_insider_downloads_it(client, world):
    campaign = CampaignFactory(launched_by=world.district_a)
    client.force_login(world.reviewer)
    content = _xlsx_bytes()
    response = client.post(
        reverse("campaigns:document_add", args=[campaign.pk]),
        _post(SimpleUploadedFile("chi-tieu.xlsx", content), issued_by=world.district_a.pk),
    )
    assert response.status_code == 302
    document = CampaignDocument.objects.get()
    assert (document.kind, document.number, document.issued_on, document.uploaded_by) == (
        DocumentKind.GUIDANCE,
        "22/HD-LĐLĐ",
        datetime.date(2023, 2, 10),
        world.reviewer,
    )
    assert history_for(document).get().action == "create"
    client.force_login(world.insider)
    download = client.get(reverse("campaigns:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == content
    listing = client.get(reverse("campaigns:document_list", args=[campaign.pk])).content.decode()
    assert reverse("campaigns:document_download", args=[document.pk]) in listing
    assert document.file.url not in listing


def test_outsider_cannot_download(client, world):
    document = DocumentFactory(campaign__launched_by=world.district_a)
    client.force_login(world.outsider)
    assert client.get(reverse("campaigns:document_download", args=[document.pk])).status_code == 404
    client.force_login(world.city_reviewer)
    response = client.get(reverse("campaigns:document_download", args=[document.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%test\n"


def test_district_document_of_a_city_campaign_is_hidden_from_other_districts(client, world):
    document = DocumentFactory(campaign__launched_by=world.city, issued_by=world.district_a)
    client.force_login(world.outsider)
    assert client.get(reverse("campaigns:document_download", args=[document.pk])).status_code == 404
    client.force_login(world.insider)
    response = client.get(reverse("campaigns:document_download", args=[document.pk]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%test\n"


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("cong-van.txt", b"van ban", "Chỉ nhận tệp PDF, Word (.doc, .docx) và Excel (.xlsx)."),
        ("cong-van.docx", b"%PDF-1.4 renamed", "Nội dung tệp không phải là tệp docx."),
    ],
)
def test_document_type_is_checked(client, world, name, content, error):
    campaign = CampaignFactory(launched_by=world.district_a)
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:document_add", args=[campaign.pk]),
        _post(SimpleUploadedFile(name, content), issued_by=world.district_a.pk),
    )
    assert response.context["form"].errors == {"file": [error]}
    assert CampaignDocument.objects.count() == 0


def test_document_size_is_checked(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 2048
    campaign = CampaignFactory(launched_by=world.district_a)
    client.force_login(world.reviewer)
    response = client.post(
        reverse("campaigns:document_add", args=[campaign.pk]),
        _post(SimpleUploadedFile("ke-hoach.pdf", b"%PDF-" + b"0" * 4096), issued_by=world.district_a.pk),
    )
    assert response.context["form"].errors == {"file": ["Tệp lớn hơn 2,0\xa0KB."]}


def test_document_add_and_edit_permissions(client, world):
    document = DocumentFactory(campaign__launched_by=world.district_a, title="cũ")
    add = reverse("campaigns:document_add", args=[document.campaign.pk])
    edit = reverse("campaigns:document_edit", args=[document.pk])
    client.force_login(world.insider)
    assert client.get(add).status_code == 403
    assert client.get(edit).status_code == 403
    client.force_login(world.city_reviewer)
    assert client.get(edit).status_code == 403
    client.force_login(world.outsider)
    assert client.get(edit).status_code == 404
    client.force_login(world.reviewer)
    response = client.post(
        edit,
        {
            "issued_by": world.district_a.pk,
            "kind": DocumentKind.PLAN,
            "number": document.number,
            "issued_on": "05/01/2023",
            "title": "mới",
        },
    )
    assert response.status_code == 302
    assert history_for(document).get().changes == {"title": ["cũ", "mới"]}


def test_document_list_filters_by_kind(client, world):
    campaign = CampaignFactory(launched_by=world.district_a)
    DocumentFactory(campaign=campaign, kind=DocumentKind.PLAN, number="1/KH")
    DocumentFactory(campaign=campaign, kind=DocumentKind.LETTER, number="2/CV")
    client.force_login(world.insider)
    response = client.get(reverse("campaigns:document_list", args=[campaign.pk]), {"kind": "letter"})
    assert [d.number for d in response.context["page_obj"]] == ["2/CV"]
    # An unknown kind is ignored rather than sent to the database (a NUL byte is a 500 on PostgreSQL).
    for junk in ["zzz", "letter\x00"]:
        response = client.get(reverse("campaigns:document_list", args=[campaign.pk]), {"kind": junk})
        assert (response.context["kind"], len(response.context["page_obj"])) == ("", 2)


@pytest.mark.parametrize("rows", [1, 3])
def test_document_list_query_count_does_not_grow(client, world, django_assert_num_queries, rows):
    campaign = CampaignFactory(launched_by=world.district_a)
    for _ in range(rows):
        DocumentFactory(campaign=campaign)
    client.force_login(world.reviewer)
    with django_assert_num_queries(6):
        response = client.get(reverse("campaigns:document_list", args=[campaign.pk]))
    assert len(response.context["page_obj"]) == rows
