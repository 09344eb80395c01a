"""What an uploaded file may be: one check for every upload of the site.

A file is accepted when its extension is one of the allowed kinds, its size is within the limit
(settings.UPLOAD_MAX_BYTES unless the caller gives another) and its first bytes are those every file
of that kind starts with, so that a renamed file of another type is refused (an HTML page named
.pdf, a CSV named .xlsx). Every form's file field goes through `validate_upload`; .xlsx imports then
go through unionsite.spreadsheets.check_xlsx_package before any parser reads them.

Before any form sees it, `KeepAtMostUploadHandler` (first in settings.FILE_UPLOAD_HANDLERS) keeps at
most KEEP_AT_MOST bytes of an uploaded file: a gigabyte posted to any form costs neither memory nor
disk, and the form refuses the truncated file by its size.
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_text_list
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    label: str  # how the kind is named in messages; kinds of one family share it ("Word")
    extensions: tuple
    signatures: tuple  # every file of the kind starts with one of these


ZIP = b"PK\x03\x04"  # .docx and .xlsx are zip packages
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .xls are OLE compound files

# In the order they are listed in messages.
KINDS = {
    "pdf": Kind("PDF", (".pdf",), (b"%PDF-",)),
    "doc": Kind("Word", (".doc",), (OLE,)),
    "docx": Kind("Word", (".docx",), (ZIP,)),
    "xls": Kind("Excel", (".xls",), (OLE,)),
    "xlsx": Kind("Excel", (".xlsx",), (ZIP,)),
    "jpg": Kind("JPG", (".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    "png": Kind("PNG", (".png",), (b"\x89PNG\r\n\x1a\n",)),
}
DOCUMENTS = frozenset({"pdf", "doc", "docx", "xlsx"})
SCANS = frozenset({"pdf", "doc", "docx", "jpg", "png"})


def kinds_text(kinds):
    """'PDF, Word (.doc, .docx) và Excel (.xlsx)': families with several extensions name them."""
    families = {}
    for name, kind in KINDS.items():
        if name in kinds:
            families.setdefault(kind.label, []).extend(kind.extensions)
    names = []
    for label, extensions in families.items():
        if label in ("Word", "Excel"):
            label = f"{label} ({', '.join(extensions)})"
        names.append(label)
    return get_text_list(names, _("and"))


def validate_upload(upload, kinds, *, max_bytes=None):
    """Raise ValidationError unless `upload` is one of `kinds` (names of KINDS) and at most
    `max_bytes` (default settings.UPLOAD_MAX_BYTES). A file already stored (not a new upload) passes:
    it was checked when it came in."""
    if not isinstance(upload, UploadedFile):
        return
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown upload kinds: {sorted(unknown)}")
    suffix = Path(upload.name or "").suffix.lower()
    kind = next((KINDS[name] for name in kinds if suffix in KINDS[name].extensions), None)
    if kind is None:
        raise ValidationError(_("Only %(kinds)s files are accepted.") % {"kinds": kinds_text(kinds)}, code="file_type")
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(size)s.") % {"size": filesizeformat(limit)}, code="file_size"
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in kind.signatures):
        raise ValidationError(
            _("The file's content is not a %(ext)s file.") % {"ext": suffix.lstrip(".")}, code="file_content"
        )


class UploadValidator:
    """`validate_upload` as a form field validator: `FileField(validators=[UploadValidator(DOCUMENTS)])`."""

    def __init__(self, kinds, *, max_bytes=None):
        self.kinds = frozenset(kinds)
        self.max_bytes = max_bytes

    def __call__(self, upload):
        validate_upload(upload, self.kinds, max_bytes=self.max_bytes)

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.kinds, self.max_bytes) == (other.kinds, other.max_bytes)

    def deconstruct(self):
        return ("unionsite.uploads.UploadValidator", (sorted(self.kinds),), {"max_bytes": self.max_bytes})


# More than any form accepts (settings.UPLOAD_MAX_BYTES, 10 MiB for a score sheet's evidence).
KEEP_AT_MOST = 16 * 1024 * 1024


class KeepAtMostUploadHandler(FileUploadHandler):
    """Passes the first KEEP_AT_MOST bytes (and the chunk that crosses it) of each uploaded file on to
    Django's own handlers, and reads the rest from the request without keeping it. The file a form
    gets is then larger than its limit, and validate_upload refuses it by its size."""

    def receive_data_chunk(self, raw_data, start):
        if start > max(KEEP_AT_MOST, settings.UPLOAD_MAX_BYTES):
            return None  # the handlers after this one never see the chunk
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler (memory or temporary file) hands over the file
