"""Settings of the real Celery worker the fault tests start (tests/unionsite/test_faults.py): the
project's own, with e-mails that take a while and land in files, and a broker that hands back the
message of a killed worker within seconds instead of an hour."""

import os

from unionsite.settings import *  # noqa: F403
from unionsite.settings import CELERY_BROKER_TRANSPORT_OPTIONS

EMAIL_BACKEND = "tests.mail.SlowFileBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "2")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
