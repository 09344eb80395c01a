"""Test settings: fast hashing, eager Celery, plain static storage so live_server serves /static/."""

import os

from unionsite.settings import *  # noqa: F403
from unionsite.settings import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Every test Client loads the middleware again, and WhiteNoise would list every static file through the
# finders each time (~180 files, a third of a simple test's time). Looking a file up when asked for it,
# as in development, serves the same files.
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEBUG = False
ALLOWED_HOSTS = ["*"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test database need not survive a crash: commits (migrations, transactional tests, the live
    # server's requests) do not wait for the WAL to reach the disk.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
