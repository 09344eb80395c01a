import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionsite.settings")

app = Celery("unionsite")
# Celery's Django fixup (and `python -m`) put the working directory first on sys.path. Run from an
# app's folder, as makemessages is, `<app>/rules.py` would then shadow the django-rules package and
# Django would fail to start. The project is importable without that entry (`pip install -e .`).
_cwd = os.getcwd()
if os.path.isfile(os.path.join(_cwd, "rules.py")):
    sys.path[:] = [entry for entry in sys.path if entry not in ("", _cwd)]
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
