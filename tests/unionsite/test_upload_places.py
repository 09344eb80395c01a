"""Every place a file is uploaded: an HTML page named .pdf and a file over the limit are refused with
the Vietnamese message, and nothing is saved (no row, no file in the storage). A test below fails when
a model gains a file field that is listed neither here nor as one the product writes itself."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from awards.models import NominationAttachment
from campaigns.models import Campaign, CampaignDocument, EvidenceFile, Pledge
from initiatives.models import Evidence
from tests.awards.scope_cases import _nomination
from tests.campaigns.factories_core import CampaignFactory
from tests.campaigns.scope_cases_scoring import assessment_a
from tests.factories import ClusterFactory
from tests.initiatives.scope_cases_dossier import _initiative_pk
from unionsite.uploads import KEEP_AT_MOST

pytestmark = pytest.mark.django_db

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
NOT_A_PDF = "Nội dung tệp không phải là tệp pdf."


@dataclass
class Place:
    insider: str
    url: object  # world → (url, field name, other fields)
    saved: object  # world → the rows the upload would have made
    limit: int | None = None  # bytes; settings.UPLOAD_MAX_BYTES when None


def _campaign_add(world):
    data = {
        "kind": "district",
        "method": "regular",
        "title": "Thi đua lao động giỏi 2023",
        "launched_by": world.district_a.pk,
        "starts_on": "01/01/2023",
        "ends_on": "31/12/2023",
    }
    return reverse("campaigns:campaign_add"), "document_file", data


def _document_add(world):
    campaign = CampaignFactory(launched_by=world.district_a)
    data = {
        "kind": "guidance",
        "number": "22/HD-LĐLĐ",
        "issued_on": "10/02/2023",
        "title": "Hướng dẫn",
        "issued_by": world.district_a.pk,
    }
    return reverse("campaigns:document_add", args=[campaign.pk]), "file", data


def _pledge_add(world):
    campaign = CampaignFactory(launched_by=world.city)
    cluster = ClusterFactory(organiser=world.district_a, name="Cụm thi đua Hà Đông")
    world.grassroots_a.cluster = cluster
    world.grassroots_a.save()
    data = {"cluster": cluster.pk, "signed_on": "15/02/2023", "signatories": [world.grassroots_a.pk], "content": "."}
    return reverse("campaigns:pledge_add", args=[campaign.pk]), "document", data


def _evidence(world):
    assessment = assessment_a(world)
    criterion = assessment.sheet.sections.first().criteria.first()
    url = reverse("campaigns:scoring_assessment_fill", args=[assessment.pk])
    return url, f"file_{criterion.pk}", {"action": "save"}


def _attachment(world):
    nomination = _nomination(world)
    return reverse("awards:attachment_upload", args=[nomination.pk]), "file", {"kind": "achievement_report"}


def _initiative_evidence(world):
    url = reverse("initiatives:evidence_add", kwargs=_initiative_pk(world))
    return url, "file", {"description": "Biên bản nghiệm thu"}


PLACES = {
    "campaigns.Campaign.document_file": Place(
        "staff_a", _campaign_add, lambda w: Campaign.objects.exclude(document_file="")
    ),
    "campaigns.CampaignDocument.file": Place("staff_a", _document_add, lambda w: CampaignDocument.objects.all()),
    "campaigns.Pledge.document": Place("staff_a", _pledge_add, lambda w: Pledge.objects.exclude(document="")),
    "campaigns.EvidenceFile.file": Place(
        "officer_a", _evidence, lambda w: EvidenceFile.objects.all(), limit=10 * 1024 * 1024
    ),
    "awards.NominationAttachment.file": Place("officer_a", _attachment, lambda w: NominationAttachment.objects.all()),
    "initiatives.Evidence.file": Place("officer_a", _initiative_evidence, lambda w: Evidence.objects.all()),
}


# File fields the product writes itself, never from an upload: no form takes them.
GENERATED = {"reports.ReportExport.file"}


def test_every_file_field_of_every_model_is_listed():
    fields = {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    }
    assert fields == set(PLACES) | GENERATED


def _stored_files():
    root = Path(settings.MEDIA_ROOT)
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def _refusal(client, world, place, upload):
    """The messages the page shows for `upload` (form errors, or the message of a redirect)."""
    client.force_login(getattr(world, place.insider))
    url, field, data = place.url(world)
    before = _stored_files()
    with translation.override("vi"):
        response = client.post(url, {**data, field: upload}, follow=True)
    assert response.status_code == 200
    assert not place.saved(world).exists()
    assert _stored_files() == before
    form = response.context.get("form")
    errors = list(form.errors.get(field, [])) if form is not None else []
    return errors + [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize("name", PLACES)
def test_html_named_pdf_is_refused_and_nothing_saved(client, world, name):
    upload = SimpleUploadedFile("bao-cao.pdf", HTML, content_type="application/pdf")
    assert _refusal(client, world, PLACES[name], upload) == [NOT_A_PDF]


@pytest.mark.parametrize("name", PLACES)
def test_file_over_the_limit_is_refused_and_nothing_saved(client, world, name, settings):
    settings.UPLOAD_MAX_BYTES = 4096
    place = PLACES[name]
    limit = place.limit or settings.UPLOAD_MAX_BYTES
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7\n" + b"0" * limit, content_type="application/pdf")
    message = "Tệp lớn hơn 10,0\xa0MB." if place.limit else "Tệp lớn hơn 4,0\xa0KB."
    assert _refusal(client, world, place, upload) == [message]


def test_no_upload_is_kept_past_the_largest_any_form_accepts():
    """KeepAtMostUploadHandler: 40 MB posted, at most KEEP_AT_MOST (and one chunk) kept; the form then
    refuses the file by its size."""
    content = b"%PDF-1.7\n" + b"0" * (40 * 1024 * 1024)
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("lon.pdf", content)})
    kept = request.FILES["file"]
    try:
        assert KEEP_AT_MOST < kept.size <= KEEP_AT_MOST + 64 * 1024
        assert kept.read(9) == b"%PDF-1.7\n"
    finally:
        request.close()  # as the handler does after a response: the temporary file goes
