import os
import sys

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionsite.settings")

# Celery's Django fixup puts the working directory first on sys.path. Run from an app folder (as
# makemessages is, for the app catalogues) that lets <app>/rules.py shadow the django-rules package,
# so the path is put back as it was; the project is importable anyway (installed in the venv).
_path = list(sys.path)
app = Celery("unionsite")
sys.path[:] = _path
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
