"""Settings for unionsite.

Everything that differs between a laptop and production comes from the environment; the defaults
run the whole product with no server at all (SQLite and a filesystem Celery broker under var/).
Set UNIONSITE_PROFILE=production for the hardened profile (it passes `manage.py check --deploy`).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("UNIONSITE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PROFILE = os.environ.get("UNIONSITE_PROFILE", "development")
PRODUCTION = PROFILE == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set in the production profile.")
    # A key for development only: the production profile refuses to start without SECRET_KEY (above).
    SECRET_KEY = "dev-only-insecure-key-unionsite-not-for-production-use-0123456789"  # nosec B105 # see above

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Our apps come first: for a word both we and Django translate ("Save"), the first catalogue wins.
INSTALLED_APPS = [
    "unionsite",
    "unions",
    "campaigns",
    "awards",
    "initiatives",
    "reports",
    "scale",
    # Django's admin on a site that records every save and delete made there (unionsite.admin).
    "unionsite.apps.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_celery_beat",
    "csp",
    # Login throttling (axes) and the authenticator-app second factor (django-otp's TOTP devices).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]
# The award titles campaigns name: awards' catalogue, which campaigns (an app below awards) reaches
# only through this setting, like AUTH_USER_MODEL (see campaigns/titles.py).
UNIONSITE_TITLE_MODEL = "awards.AwardTitle"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "unionsite.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "unionsite.middleware.PrivateNoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "unionsite.middleware.DeferredJobsMiddleware",
    # The second factor, then a new password in place of a temporary one, before any other page.
    "unions.middleware.AccountSecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # A duplicate refused by the database that nothing else turned into an error: 409, in words.
    "unionsite.middleware.IntegrityErrorMiddleware",
    # Last, as axes asks: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy on every response (django-csp): scripts, styles, fonts and images from the
# site itself only, so no inline <script>, <style> or style="" runs (templates keep theirs in static
# files; tests/unionsite/test_browser_csp.py loads the main pages and finds no violation). Bootstrap's
# own stylesheet draws its checkboxes and arrows with data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "unionsite.urls"
WSGI_APPLICATION = "unionsite.wsgi.application"
ASGI_APPLICATION = "unionsite.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "unionsite.context_processors.navigation",
            ],
            "builtins": ["unionsite.templatetags.unionsite_tags"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'unionsite.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one file: wait for locks rather than fail, and take
    # the write lock at the start of a transaction so two writers never deadlock.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords people choose: long enough, not like their name, not a common or an all-digit one. The
# length rule is our own class only for its Vietnamese message (Django's Vietnamese catalogue lacks it).
PASSWORD_MIN_LENGTH = int(os.environ.get("PASSWORD_MIN_LENGTH", "10"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "unionsite.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, as axes asks: refuses every login of a locked-out username, the right password too.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "unionsite.auth.PasswordBackend",
]
# Login throttling (django-axes), on the app's login form and the admin's alike: after
# LOGIN_FAILURE_LIMIT wrong passwords for one username, that username cannot log in (even with the
# right password) for LOGIN_COOLOFF_MINUTES after the last of them; tries while locked do not
# lengthen it. Counted per username, not per address: the offices of a federation share one address
# behind their router, and one person's typos must not lock out the whole office. A success clears
# the count. Failures and logins are kept in axes' tables (who, when, from where), seen in the admin.
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes warns when addresses are not counted (W006); not counting them is the choice explained above.
# Password spraying from one address is for the reverse proxy's per-address rate limit (docs/SECURITY.md).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "unionsite.views.locked_out"
AXES_VERBOSE = False
# Two-factor login with an authenticator app (TOTP): required of city reviewers and admins when on
# (the production profile's default); off in development so the demo logins work with a password.
# Anyone who has set up an authenticator is asked for its code at every login either way.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", PRODUCTION)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Thi đua Công đoàn")
# Sessions end when the browser closes (offices share computers), and on the server SESSION_HOURS
# after they were last saved (at login, and whenever their data changes), whatever the browser does.
SESSION_COOKIE_AGE = int(float(os.environ.get("SESSION_HOURS", "8")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first, English second.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["unionsite.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers and crawlers ask for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
if not PRODUCTION:
    # Serve straight from the app folders without collectstatic; WhiteNoise still wants its root.
    WHITENOISE_USE_FINDERS = True
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: the largest file any form or import accepts (bytes). No upload is kept past 16 MiB
# (unionsite.uploads.KeepAtMostUploadHandler), whatever is posted.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "unionsite.uploads.KeepAtMostUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "5000"))
# How long the files of an import run by the worker (the upload, its outcome) are kept for its page.
IMPORT_FILES_KEEP_HOURS = int(os.environ.get("IMPORT_FILES_KEEP_HOURS", "48"))
# What an .xlsx may unpack to before any parser reads it (unionsite.spreadsheets.check_xlsx_package):
# all its parts together, one part (a worksheet, the shared strings, a picture), one of the parts that
# describe the package (workbook, styles, theme, relationships), and how much tighter than ordinary
# spreadsheet XML (about 16 to 1) a large part may be packed. A 5,000-row member list unpacks to about
# 3 MB. Packages beyond these are zip bombs.
IMPORT_MAX_UNPACKED_BYTES = int(os.environ.get("IMPORT_MAX_UNPACKED_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_PART_BYTES = int(os.environ.get("IMPORT_MAX_PART_BYTES", str(10 * 1024 * 1024)))
IMPORT_MAX_OTHER_XML_BYTES = 1024 * 1024
IMPORT_MAX_PACKING_RATIO = 100
# An import of more rows than this runs in a Celery worker while its page shows how it stands
# (unionsite.importjobs); a worker child that grows past CELERY_WORKER_MAX_MEMORY_PER_CHILD (KiB) is
# replaced once its task ends.
IMPORT_SYNC_MAX_ROWS = int(os.environ.get("IMPORT_SYNC_MAX_ROWS", "300"))
# The most change-log rows one export writes (narrow the search for more).
CHANGE_LOG_EXPORT_MAX_ROWS = int(os.environ.get("CHANGE_LOG_EXPORT_MAX_ROWS", "200000"))
# Rows per page of every list (one setting for the whole app).
PAGE_SIZE = int(os.environ.get("PAGE_SIZE", "25"))
# Reports: how many days before a phase's last day the unions still to register or self-assess are
# reminded (comma-separated), and how long a report file made in the background is kept.
REPORTS_REMINDER_DAYS = [int(d) for d in os.environ.get("REPORTS_REMINDER_DAYS", "7,2").split(",") if d.strip()]
REPORTS_EXPORT_HOURS = int(os.environ.get("REPORTS_EXPORT_HOURS", "24"))
# A campaign, year or stage report over more units than this is counted by a worker and kept (reports
# PeriodTally): the page reads the kept figures; one not final is counted again when older than
# REPORTS_PERIOD_FRESH_MINUTES. Smaller subtrees are counted on the page itself.
REPORTS_LIVE_MAX_UNITS = int(os.environ.get("REPORTS_LIVE_MAX_UNITS", "500"))
REPORTS_PERIOD_FRESH_MINUTES = int(os.environ.get("REPORTS_PERIOD_FRESH_MINUTES", "60"))
# Lists count their rows up to this many and then say "more than …" (an exact COUNT(*) over a
# million members costs more than the page itself; counting 100,000 rows still costs ~70 ms on
# 2 cores, 10,000 ~7 ms); pages past it are not offered. Lists whose exact size is kept (the
# active members of a scope) show it in full.
LIST_COUNT_CAP = int(os.environ.get("LIST_COUNT_CAP", "10000"))
# A member search expected to find more than this many rows (its words are common: "nguyen", "tran
# thi") reads its page and a count up to the cap, not the exact number found (unions.queries.is_common_search).
SEARCH_COMMON_ROWS = int(os.environ.get("SEARCH_COMMON_ROWS", "20000"))

# E-mail: console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "unionsite <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery. The default broker is kombu's filesystem transport under var/, so the worker and beat
# run on a laptop with no Redis; production sets CELERY_BROKER_URL=redis://...
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = os.environ.get(
    "CELERY_RESULT_BACKEND",
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else f"file://{VAR_DIR / 'celery-results'}",
)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A task is acknowledged when it has finished, not when it starts: a worker killed in the middle leaves
# the message to be delivered again (tasks are transactional and safe to run twice). A pool process
# that dies (killed, out of memory) sends its task back to the queue instead of failing it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# No task's caller reads its result: publishing a job then needs the broker only (a result backend
# that is down cannot hold up a page). A task that must return a value says ignore_result=False.
CELERY_TASK_IGNORE_RESULT = True
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A message taken by a worker that died without acknowledging it goes back to the queue after
        # this many seconds (longer than the longest task, or it would run twice meanwhile).
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
        "unacked_restore_interval": int(os.environ.get("CELERY_UNACKED_RESTORE_INTERVAL", "10")),
        # A page that queues a job does not hang on a broker that does not answer.
        "socket_connect_timeout": 3,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_MAX_MEMORY_PER_CHILD = int(os.environ.get("CELERY_WORKER_MAX_MEMORY_PER_CHILD", "512000"))
# A heartbeat older than this is shown as a warning on the admin's home page.
HEARTBEAT_STALE_SECONDS = int(os.environ.get("HEARTBEAT_STALE_SECONDS", "180"))

# The public honour roll (bảng vàng) is off unless a federation turns it on.
PUBLIC_HONOUR_ROLL = env_bool("PUBLIC_HONOUR_ROLL", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint reports each step of every PDF it lays out at INFO: noise in the server's log.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
