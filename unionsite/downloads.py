"""Files handed to the person who asked: a stored upload (`serve_file`; the view loads its record
through the scoped query first, so out of scope → 404, and files are never served from a public
/media/ URL) or bytes made for the request (`download`)."""

import os

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from unionsite.text import slug


def serve_file(field_file, *, filename=None):
    """A download (Content-Disposition: attachment) of `field_file` named `filename` (by default the
    stored file's name); 404 when there is no file or it has gone from the storage."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(handle, as_attachment=True, filename=filename or os.path.basename(field_file.name))


def download(content, filename, content_type):
    """A download of bytes made for this request (an export, a template, a PDF) named `filename`;
    the header also carries names that are not plain ASCII correctly (RFC 6266)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def stream(handle, filename, content_type):
    """A download of an open file made for this request (e.g. unionsite.spreadsheets.write_xlsx_file),
    sent in chunks and closed once sent: a long export never sits whole in the process's memory."""
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Content-Type"] = content_type
    return response


def filename(*parts, extension):
    """The name of a file made for a download: the parts as ASCII slugs joined by hyphens
    ("quyet-dinh", "112/QĐ-LĐLĐ" → "quyet-dinh-112-qd-ldld.pdf"); empty parts are left out."""
    stem = "-".join(filter(None, (slug(str(part)) for part in parts)))
    return f"{stem}.{extension}"
