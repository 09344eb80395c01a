import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "unionsite.settings")

app = Celery("unionsite")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
