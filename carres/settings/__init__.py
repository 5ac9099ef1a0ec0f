"""Settings for Carrés des innovateurs.

Everything that differs between a laptop and production comes from the
environment (see `.env.example`); there is no separate production module.
With nothing set, the project talks to the embedded PostgreSQL and Redis that
`carres.devservers` starts.
"""

import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from carres.devservers import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL
from carres.storage import s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
# DEBUG off is production: the site refuses to start without its own secrets and public
# address rather than fall back on the public development values below (which only DEBUG
# on may use; `check --deploy` refuses them too, carres.checks).
REQUIRED_IN_PRODUCTION = ("SECRET_KEY", "MFA_ENCRYPTION_KEY", "SITE_URL")
_missing = [name for name in REQUIRED_IN_PRODUCTION if not env.str(name, default="")]
if not DEBUG and _missing:
    raise ImproperlyConfigured(
        f"DEBUG is off (production) but {', '.join(_missing)} not set: set "
        f"{'it' if len(_missing) == 1 else 'them'} in the environment (see .env.example), "
        "or set DEBUG=true on a development machine."
    )
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-" + "x" * 32  # nosec B105  # public
SECRET_KEY = env.str("SECRET_KEY", default="") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The public address that e-mails, PDFs, QR codes and calendar files link to.
SITE_URL = (env.str("SITE_URL", default="") or "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "carres.admin_apps.AdminConfig",  # django.contrib.admin, with carres.admin_site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "pgtrigger",
    "pghistory",
    "rules.apps.AutodiscoverRulesConfig",
    "carres",
    "accounts",
    "companies",
    "ip_filings",
    "chambers",
    "trainings",
    # Last: its demo contribution computes the figures of what the others seeded.
    "carres.statistics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages are compressed here (static files come pre-compressed from whitenoise, above, which
    # answers before this runs). BREACH: Django pads gzip output with random bytes and masks
    # the CSRF token anew on each response, so no secret repeats byte for byte across pages.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "carres.middleware.PermissionsPolicyMiddleware",
    # Outside the session and CSRF middlewares, so it sees the Vary: Cookie they add.
    "carres.middleware.PrivateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # NUL characters: a 400; a body over the upload limits: a 413 (both translated).
    "carres.middleware.RequestGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",
    "pghistory.middleware.HistoryMiddleware",
]

# pghistory's middleware puts `SELECT set_config(...)` (who, where) before each query of
# a request; GET and HEAD change no tracked row, so their queries go alone.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
ROOT_URLCONF = "carres.urls"
WSGI_APPLICATION = "carres.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carres.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=DEFAULT_DATABASE_URL)}
DATABASES["default"]["ENGINE"] = "carres.db"
# Reuse connections: a new connection per request costs ~5x in throughput. gunicorn's (and
# Celery's) fixed set of processes and threads keeps one each. Not runserver (`make run`'s web
# process): it serves every client connection in a new thread and never closes a finished
# thread's database connection, so each page left one behind, open and idle, and a crawl of
# a few hundred pages took every connection PostgreSQL had. There each request closes its
# own, whatever CONN_MAX_AGE says (a loopback connection costs a few ms).
_RUNSERVER = sys.argv[1:2] == ["runserver"]
DATABASES["default"]["CONN_MAX_AGE"] = 0 if _RUNSERVER else env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database host that drops packets (network split, failover) would hold a web worker in
# connect() for minutes; give up sooner and answer the 503 page (carres.errors).
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
)
DATABASES["default"]["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8", "LOCALE": "C.UTF-8"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache (rate limits), broker ------------------------------------
REDIS_URL = env.str("REDIS_URL", default=DEFAULT_REDIS_URL)
# The cache (sessions-free: rate limits, short-lived lookups) lives in its own Redis
# database, so clearing it never touches the broker's queues.
_redis = urlsplit(REDIS_URL)
CACHE_URL = env.str("CACHE_URL", default=urlunsplit(_redis._replace(path="/1")))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="carres"),
        "TIMEOUT": 300,
    }
}

# --- Users and sign-in ------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ],
)

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_SESSION_REMEMBER = None
SESSION_ENGINE = "carres.sessions"  # Django's database sessions, read with a prepared query
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# The sign-up form asks for the privacy notice's acceptance and the optional consents.
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Carrés des innovateurs] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/m/ip",
    "reset_password": "10/m/ip,3/m/key",  # nosec B105  # a rate limit, not a password
    "reset_password_from_key": "20/m/ip",  # nosec B105  # a rate limit, not a password
    "confirm_email": "5/m/key",
    # Our own (accounts.views.confirm_email): confirmation keys tried, shown or posted.
    "confirm_email_key": "20/m/ip",
    "change_password": "5/m/user",  # nosec B105  # a rate limit, not a password
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Carrés des innovateurs"
# TOTP secrets and recovery-code seeds are stored encrypted (accounts.adapter.MFAAdapter)
# with these Fernet keys, comma-separated: the first encrypts, every one decrypts. To rotate,
# put a new key first, run `manage.py rotate_mfa_key`, then drop the old one. Unset (DEBUG on
# only), a key is derived from SECRET_KEY.
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_ENCRYPTION_KEYS = env.list("MFA_ENCRYPTION_KEY", default=[])

# --- Languages --------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("ar", "العربية"), ("en", "English")]
LANGUAGES_BIDI = ["ar"]
# Day-first dates, 24-hour times, "1 234,50" amounts in the three languages (the modules say why).
FORMAT_MODULE_PATH = ["carres.formats"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Africa/Casablanca"
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
LANGUAGE_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files and uploads ----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise expects it, even empty
# The npm install (package.json, `make setup`); NODE_MODULES lets a checkout use another copy.
NODE_MODULES = Path(env.str("NODE_MODULES", default=str(BASE_DIR / "node_modules")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "carres.staticfinders.VendorFilesFinder",
]
# The npm packages' files that are served and collected, one by one (URL prefix: folder, names):
# a font package holds every subset and weight in two formats. The site uses the woff2 files
# (static/css/fonts.css); WeasyPrint's PDFs use the woff ones. A new file must be named here.
_FONT_WEIGHTS = (400, 700)
VENDOR_FILES = {
    "vendor/htmx": (NODE_MODULES / "htmx.org" / "dist", ["htmx.min.js"]),
    "vendor/fonts/noto-sans": (
        NODE_MODULES / "@fontsource" / "noto-sans" / "files",
        [f"noto-sans-latin-{w}-normal.{ext}" for w in _FONT_WEIGHTS for ext in ("woff2", "woff")],
    ),
    "vendor/fonts/noto-sans-arabic": (
        NODE_MODULES / "@fontsource" / "noto-sans-arabic" / "files",
        [
            f"noto-sans-arabic-arabic-{w}-normal.{ext}"
            for w in _FONT_WEIGHTS
            for ext in ("woff2", "woff")
        ],
    ),
    # The PDFs' Arabic font: its glyphs map back to the right letters when text is extracted
    # (Noto Sans Arabic draws dotted letters as dotless base + dot, and extraction mistakes them).
    "vendor/fonts/cairo": (
        NODE_MODULES / "@fontsource" / "cairo" / "files",
        [f"cairo-arabic-{w}-normal.woff" for w in _FONT_WEIGHTS],
    ),
}
MEDIA_URL = "/media/"  # never served directly: downloads go through permission-checked views
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

AWS_STORAGE_BUCKET_NAME = env.str("S3_BUCKET", default="")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = s3_storage(
        bucket=AWS_STORAGE_BUCKET_NAME,
        endpoint_url=env.str("S3_ENDPOINT_URL", default=None),
        access_key=env.str("S3_ACCESS_KEY_ID", default=None),
        secret_key=env.str("S3_SECRET_ACCESS_KEY", default=None),
        region_name=env.str("S3_REGION", default=None),
    )
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
# Serve straight from the finders unless collectstatic has been run (production).
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=True)
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760
# A CSRF failure gets our page, in the visitor's language.
CSRF_FAILURE_VIEW = "carres.errors.csrf_failure"
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Images are refused past this many pixels, read from the header before decoding (a
# decompression bomb is a few KB that would inflate to gigabytes). 40 MP: an A4 scan at 600 dpi.
UPLOAD_MAX_IMAGE_PIXELS = env.int("UPLOAD_MAX_IMAGE_PIXELS", default=40_000_000)
# PDFs of more objects are refused before they are parsed (qpdf reads ~40,000 a second).
UPLOAD_MAX_PDF_OBJECTS = env.int("UPLOAD_MAX_PDF_OBJECTS", default=100_000)
# The first handler stops keeping a file's bytes once it passes UPLOAD_MAX_BYTES.
FILE_UPLOAD_HANDLERS = [
    "carres.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Antivirus: clamd on a unix socket (CLAMD_SOCKET) or over TCP (CLAMD_HOST, CLAMD_PORT).
# Unset: uploads get the built-in content checks only, and `check --deploy` warns.
# clamd's StreamMaxLength must be at least UPLOAD_MAX_BYTES.
CLAMD_SOCKET = env.str("CLAMD_SOCKET", default="")
CLAMD_HOST = env.str("CLAMD_HOST", default="")
CLAMD_PORT = env.int("CLAMD_PORT", default=3310)
CLAMD_TIMEOUT = env.float("CLAMD_TIMEOUT", default=30.0)
# Public verification pages (dossiers, training certificates): requests per minute and
# client address, for both together.
VERIFY_RATE_LIMIT_PER_MINUTE = env.int("VERIFY_RATE_LIMIT_PER_MINUTE", default=30)
# How many reverse proxies in front of the site append to X-Forwarded-For (0: none, the
# header is ignored). carres.http.client_ip and allauth's rate limits both use it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# --- E-mail -----------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Carrés des innovateurs <no-reply@carres.example.ma>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery -----------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# A task is acknowledged only once done, and a worker killed mid-task hands it back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis re-delivers an unacknowledged task after the visibility timeout: it must be
# longer than the longest task's time limit, or a running task is handed to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "*.render_*": {"queue": "documents"},
    "*.send_*": {"queue": "notifications"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {
    "heartbeat": {"task": "carres.tasks.record_heartbeat", "schedule": 60.0},
    # Queues the 48-hour training reminders; each is sent once (claimed on its row).
    "training-reminders": {"task": "trainings.tasks.send_due_reminders", "schedule": 15 * 60.0},
    # Once a day, before office hours: overdue support requests remind their advisors.
    "chambers-overdue-reminders": {
        "task": "chambers.tasks.remind_overdue_requests",
        "schedule": crontab(hour=8, minute=0, day_of_week="mon-fri"),
    },
    # Company names reserved 90 days ago and never registered are free again.
    "companies-release-reservations": {
        "task": "companies.tasks.release_expired_reservations",
        "schedule": crontab(hour=2, minute=30),
    },
    # Outbox rows that could not be queued at commit time (Redis down) or whose task was lost.
    "sweep-outbox": {"task": "carres.tasks.sweep_outbox", "schedule": 60.0},
    # Those who chose a daily digest get their notifications in one e-mail, before work.
    "notification-digests": {
        "task": "carres.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Uploads still quarantined after five minutes (broker down at upload, clamd outage).
    "sweep-quarantine": {"task": "carres.tasks.sweep_quarantine", "schedule": 300.0},
    # Trademark owners are told once, six months ahead, that their ten years end.
    "trademark-renewal-reminders": {
        "task": "ip_filings.tasks.send_renewal_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # The public statistics and open data, recomputed into their tables every night.
    "public-statistics": {
        "task": "carres.statistics.tasks.rebuild_public_statistics",
        "schedule": crontab(hour=1, minute=30),
    },
    # Law 09-08: personal data is kept no longer than the periods the privacy notice states.
    "privacy-retention": {
        "task": "accounts.tasks.purge_expired_data",
        "schedule": crontab(hour=3, minute=15),
    },
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# --- Security: cookies, HTTPS, browser policies (carres/settings/security.py) --------
from carres.settings.security import *  # noqa: E402, F403

# --- Programme --------------------------------------------------------------
PROGRAMME_NAME = _("Carrés des innovateurs")
# The CNDP's numbers, set in production; unset, the pages say "pending" in the reader's
# language rather than show a French placeholder on every page.
CNDP_DECLARATION = env.str("CNDP_DECLARATION", default="")

# --- Personal data (law 09-08) ----------------------------------------------------
# The privacy notice's version: sign-up records it; change it (and PRIVACY_NOTICE_DATE)
# whenever the notice's text changes, and users are asked to read it again.
PRIVACY_NOTICE_VERSION = env.str("PRIVACY_NOTICE_VERSION", default="2026.1")
PRIVACY_NOTICE_DATE = date.fromisoformat(env.str("PRIVACY_NOTICE_DATE", default="2026-03-01"))
PRIVACY_CONTACT_EMAIL = env.str(
    "PRIVACY_CONTACT_EMAIL", default="donnees-personnelles@carres.example.ma"
)
# Transfers to INPI (France) need the CNDP's authorisation (law 09-08, articles 43 and 44).
CNDP_TRANSFER_AUTHORISATION = env.str("CNDP_TRANSFER_AUTHORISATION", default="")
# Retention periods, in days; the notice shows them and accounts.tasks.purge_expired_data
# applies them every night.
RETENTION_DRAFT_DAYS = env.int("RETENTION_DRAFT_DAYS", default=365)
RETENTION_SUPPORT_REQUEST_DAYS = env.int("RETENTION_SUPPORT_REQUEST_DAYS", default=3 * 365)
RETENTION_TRAINING_REGISTRATION_DAYS = env.int(
    "RETENTION_TRAINING_REGISTRATION_DAYS", default=5 * 365
)
RETENTION_NOTIFICATION_DAYS = env.int("RETENTION_NOTIFICATION_DAYS", default=365)
RETENTION_IDENTITY_DOWNLOAD_LOG_DAYS = env.int(
    "RETENTION_IDENTITY_DOWNLOAD_LOG_DAYS", default=3 * 365
)
RETENTION_DELETED_ACCOUNT_CONSENT_DAYS = env.int(
    "RETENTION_DELETED_ACCOUNT_CONSENT_DAYS", default=5 * 365
)
RETENTION_DATA_EXPORT_DAYS = env.int("RETENTION_DATA_EXPORT_DAYS", default=7)
# A stored file that no row names is removed once it is this old (an upload still in
# flight has a file before its row commits).
RETENTION_ORPHAN_FILE_HOURS = env.int("RETENTION_ORPHAN_FILE_HOURS", default=24)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every rendering step at INFO ("Step 2 - Fetching and parsing
        # CSS"): noise in the workers' logs and on the commands' standard error.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
    },
}
