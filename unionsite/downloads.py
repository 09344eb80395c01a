"""Handing a stored file back to a person who may see it: the view loads the record through its
scoped query (out of scope → 404) and returns `serve_file`. Files are never served from a public
/media/ URL."""

import os

from django.http import FileResponse, Http404


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
