"""The one upload check: extension, size and first bytes, with Vietnamese messages."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from unionsite.uploads import DOCUMENTS, SCANS, UploadValidator, kinds_text, validate_upload

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def xlsx_bytes():
    workbook = Workbook()
    workbook.active.append(["Họ và tên"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def refusal(upload, kinds, **kwargs):
    with pytest.raises(ValidationError) as raised:
        validate_upload(upload, kinds, **kwargs)
    return raised.value.code, raised.value.messages


def test_real_files_of_the_allowed_kinds_pass_and_can_be_read_again():
    for name, content in (("ke-hoach.pdf", PDF), ("chi-tieu.xlsx", xlsx_bytes()), ("ANH.PNG", PNG)):
        upload = SimpleUploadedFile(name, content)
        validate_upload(upload, {"pdf", "xlsx", "png"})
        assert upload.read() == content  # the check leaves the file at its start


def test_extension_outside_the_kinds_is_refused_naming_the_kinds():
    assert refusal(SimpleUploadedFile("virus.exe", b"MZ\x90\x00"), DOCUMENTS) == (
        "file_type",
        ["Chỉ nhận tệp PDF, Word (.doc, .docx) và Excel (.xlsx)."],
    )
    assert refusal(SimpleUploadedFile("bang.csv", b"a;b\n"), {"xlsx"}) == ("file_type", ["Chỉ nhận tệp Excel (.xlsx)."])


def test_fake_xlsx_that_is_really_text_is_refused():
    upload = SimpleUploadedFile("doan-vien.xlsx", "Họ và tên;Giới tính\n".encode())
    assert refusal(upload, {"xlsx"}) == ("file_content", ["Nội dung tệp không phải là tệp xlsx."])


def test_pdf_renamed_to_docx_is_refused():
    assert refusal(SimpleUploadedFile("cong-van.docx", PDF), DOCUMENTS) == (
        "file_content",
        ["Nội dung tệp không phải là tệp docx."],
    )


def test_pdf_header_is_needed_for_a_pdf():
    assert refusal(SimpleUploadedFile("bao-cao.pdf", b"%PD"), SCANS)[0] == "file_content"
    validate_upload(SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.7"), SCANS)


def test_oversized_upload_is_refused_with_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    upload = SimpleUploadedFile("lon.pdf", PDF + b"0" * 1024)
    assert refusal(upload, DOCUMENTS) == ("file_size", ["Tệp lớn hơn 1,0\xa0KB."])
    validate_upload(SimpleUploadedFile("vua.pdf", PDF + b"0" * (1024 - len(PDF))), DOCUMENTS)


def test_own_size_limit_overrides_the_setting(settings):
    settings.UPLOAD_MAX_BYTES = 10
    validate_upload(SimpleUploadedFile("scan.pdf", PDF + b"0" * 100), {"pdf"}, max_bytes=2048)
    assert refusal(SimpleUploadedFile("scan.pdf", PDF + b"0" * 2048), {"pdf"}, max_bytes=2048)[1] == [
        "Tệp lớn hơn 2,0\xa0KB."
    ]


def test_a_stored_file_is_not_checked_again():
    validate_upload(ContentFile(b"anything", name="cu.exe"), DOCUMENTS)
    validate_upload(None, DOCUMENTS)


def test_jpeg_extension_is_a_jpg():
    validate_upload(SimpleUploadedFile("anh.jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF"), {"jpg"})


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown upload kinds: \\['exe'\\]"):
        validate_upload(SimpleUploadedFile("a.exe", b"MZ"), {"exe"})


def test_kinds_text_lists_families_in_a_fixed_order():
    assert kinds_text({"png", "jpg", "xlsx", "xls", "docx", "doc", "pdf"}) == (
        "PDF, Word (.doc, .docx), Excel (.xls, .xlsx), JPG và PNG"
    )
    with translation.override("en"):
        assert kinds_text(SCANS) == "PDF, Word (.doc, .docx), JPG and PNG"


def test_validator_for_form_fields_compares_by_its_settings():
    assert UploadValidator({"pdf"}) == UploadValidator(["pdf"])
    assert UploadValidator({"pdf"}) != UploadValidator({"pdf"}, max_bytes=10)
    with pytest.raises(ValidationError):
        UploadValidator({"pdf"})(SimpleUploadedFile("a.png", PNG))
