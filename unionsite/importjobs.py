"""Large imports run in a worker: the page hands the file over and shows how the job stands.

The web process checks the file (type, size, the package: unionsite.spreadsheets.check_xlsx_package,
which also counts its rows); a file of more than settings.IMPORT_SYNC_MAX_ROWS rows is stored under a
random token (`start`), its job queued by task name through unionsite.jobs.queue, and the person sent
to the job's page (unionsite.views.import_status), which polls it with htmx. The worker (`run`) marks
the job running, imports, and writes the outcome for the page: what was done and where to go next, or
the problems, one line each. Only the session that started a job may see it. Workers replace a child
that grows past settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD.

Nothing here knows what is imported: each app's task calls `run` with its own import function.
"""

import json
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation

from unionsite.jobs import queue
from unionsite.spreadsheets import ROWS_ABOVE_HEADER, ImportProblem, check_xlsx_package
from unionsite.uploads import validate_upload

SESSION_KEY = "unionsite_import_jobs"
FOLDER = "imports"


def _path(token, what):
    return f"{FOLDER}/{token}.{what}"


def too_long_to_wait_for(upload):
    """True when the .xlsx `upload` passes the checks and has more than settings.IMPORT_SYNC_MAX_ROWS
    rows under its header, but not more than an import takes: its import then runs in a worker. A
    short file, one the checks refuse, or one with too many rows is imported at once (and the import
    says at once why it refuses it)."""
    try:
        validate_upload(upload, {"xlsx"})
        rows = check_xlsx_package(upload, max_rows=settings.IMPORT_MAX_ROWS)
    except (ValidationError, ImportProblem):
        return False
    return settings.IMPORT_SYNC_MAX_ROWS + 1 < rows <= settings.IMPORT_MAX_ROWS + ROWS_ABOVE_HEADER + 1


def start(request, upload, task_name, **kwargs):
    """Store `upload`, queue `task_name(token=…, file_name=…, language=…, **kwargs)` and return the
    URL of the job's page, which only this session may open."""
    token = secrets.token_hex(16)
    upload.seek(0)
    default_storage.save(_path(token, "xlsx"), ContentFile(upload.read()))
    request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, [])[-9:], token]
    queue(task_name, token=token, file_name=upload.name, language=translation.get_language(), **kwargs)
    return reverse("import_status", args=[token])


def status(request, token):
    """How the job `token` of this session stands: None when it is not this session's; else a dict
    with `state` ("queued", "running", "done" or "failed") and, once done, `ok`, `messages` (lines
    to show) and `next_url`."""
    if token not in request.session.get(SESSION_KEY, []):
        return None
    if default_storage.exists(_path(token, "json")):
        with default_storage.open(_path(token, "json"), "rb") as handle:
            return {"state": "done", **json.loads(handle.read())}
    if default_storage.exists(_path(token, "failed")):
        return {"state": "failed"}
    if default_storage.exists(_path(token, "running")):
        return {"state": "running"}
    return {"state": "queued"}


def run(token, language, file_name, work):
    """In the worker: `work(upload)` imports the stored upload (a File named `file_name`, as it was
    uploaded) in the language of the page that started it and returns (ok, messages, next_url); the
    outcome is written for the job's page and the upload deleted. An exception marks the job failed
    (the page says so) and is raised again for the worker's log. A job delivered again (a worker
    killed after it ran: tasks are acknowledged late) whose outcome is written does nothing."""
    if default_storage.exists(_path(token, "json")) or not default_storage.exists(_path(token, "xlsx")):
        return
    default_storage.save(_path(token, "running"), ContentFile(b""))
    try:
        with translation.override(language), default_storage.open(_path(token, "xlsx"), "rb") as stored:
            ok, messages, next_url = work(File(stored, name=file_name))
            outcome = {"ok": ok, "messages": [str(m) for m in messages], "next_url": next_url}
    except Exception:
        default_storage.save(_path(token, "failed"), ContentFile(b""))
        raise
    finally:
        default_storage.delete(_path(token, "xlsx"))
    default_storage.save(_path(token, "json"), ContentFile(json.dumps(outcome).encode()))


def forget_old_jobs(*, older_than):
    """Delete the files of import jobs last written before `older_than` (a datetime): the stored upload
    of a job no worker took, its outcome and its markers. Returns how many files went. A job's page
    then says the job is unknown; the records it imported stay, with their history."""
    if not default_storage.exists(FOLDER):
        return 0
    _folders, names = default_storage.listdir(FOLDER)
    gone = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < older_than:
            default_storage.delete(path)
            gone += 1
    return gone
