"""Uploaded campaign files: what is accepted, and how a file is handed back (never a public /media/ URL)."""

import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Extension -> the first bytes every such file starts with. .docx and .xlsx are zip packages; .doc is
# an OLE compound file; checking the bytes stops a renamed file of another type.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}


def validate_document_file(upload):
    """Accept PDF, Word (.doc, .docx) and Excel (.xlsx) files up to settings.UPLOAD_MAX_BYTES."""
    if not isinstance(upload, UploadedFile):
        return  # nothing new was uploaded: the stored file was checked when it came in
    extension = os.path.splitext(upload.name)[1].lower()
    if extension not in SIGNATURES:
        raise ValidationError(_("Only PDF, Word (.doc, .docx) and Excel (.xlsx) files are accepted."), code="file_type")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the largest accepted is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(settings.UPLOAD_MAX_BYTES)},
            code="file_size",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content is not a %(ext)s file.") % {"ext": extension.lstrip(".")}, code="file_content"
        )


def file_response(field_file):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=os.path.basename(field_file.name))
