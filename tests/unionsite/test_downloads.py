"""Files handed back to people: stored uploads and bytes made for the request."""

import pytest
from django.core.files.base import ContentFile
from django.http import Http404

from campaigns.models import CampaignDocument
from unionsite.downloads import download, filename, serve_file


def stored(name, content):
    document = CampaignDocument()  # never saved: only its file field is used
    document.file.save(name, ContentFile(content), save=False)
    return document.file


def test_serve_file_is_an_attachment_under_the_given_name():
    field_file = stored("ke-hoach.pdf", b"%PDF-1.4\n%test\n")
    response = serve_file(field_file, filename="Kế hoạch 2026.pdf")
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%test\n"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''K%E1%BA%BF%20ho%E1%BA%A1ch%202026.pdf"
    field_file.delete(save=False)


def test_serve_file_without_a_name_uses_the_stored_one():
    field_file = stored("chi-tieu.xlsx", b"PK\x03\x04")
    response = serve_file(field_file)
    b"".join(response.streaming_content)
    assert response["Content-Disposition"].startswith('attachment; filename="chi-tieu')
    field_file.delete(save=False)


def test_serve_file_answers_404_when_the_file_is_gone_or_was_never_there():
    field_file = stored("mat.pdf", b"%PDF-1.4")
    field_file.storage.delete(field_file.name)
    with pytest.raises(Http404):
        serve_file(field_file)
    with pytest.raises(Http404):
        serve_file(CampaignDocument().file)


def test_download_of_generated_bytes():
    response = download(b"%PDF-1.7", "quyet-dinh-15.pdf", "application/pdf")
    assert (response.content, response["Content-Type"], response["Content-Disposition"]) == (
        b"%PDF-1.7",
        "application/pdf",
        'attachment; filename="quyet-dinh-15.pdf"',
    )


def test_file_names_are_ascii_slugs_with_d_for_đ():
    assert filename("quyet-dinh", "112/QĐ-LĐLĐ", extension="pdf") == "quyet-dinh-112-qd-ldld.pdf"
    assert filename("chung-nhan", "Đặng Thị Thu Hương", 7, extension="pdf") == "chung-nhan-dang-thi-thu-huong-7.pdf"
    assert filename("bao-cao", "", "  Ổ / đĩa  ", extension="xlsx") == "bao-cao-o-dia.xlsx"
