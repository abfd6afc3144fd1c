"""Settings shared by every environment. Environment modules override; production fails closed."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_str(name: str, default: str | None = None) -> str:
    """Read a setting from the environment, or from the file named by NAME_FILE (secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text().strip()
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Set the environment variable {name}.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from error


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

# Demo mode: the seeded demo accounts sign in without MFA. Never on in production.
OPENSEND_DEMO_MODE = False
# Every account that can see pupil data must have a second factor before it sees anything.
OPENSEND_REQUIRE_MFA = True

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.usersessions",  # each person's own list of sessions, with sign-out from each (ASVS 7.5.2)
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "opensend.core",
    "opensend.schools",
    "opensend.accounts",
    "opensend.pupils",
    "opensend.audit",
    "opensend.register",
    "opensend.assessments",
    "opensend.identification",
    "opensend.plans",
    "opensend.notifications",
    "opensend.provision",
    "opensend.passports",
    "opensend.deadlines",
    "opensend.ehc",
    "opensend.casework",
    "opensend.family",
    "opensend.lac",
    "opensend.funding",
    "opensend.dashboards",
    "opensend.dataprotection",
    "opensend.access",
    "opensend.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "opensend.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "opensend.accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "opensend.accounts.middleware.RequireMFAMiddleware",
    "opensend.core.middleware.CachePageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "opensend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opensend.access.context_processors.navigation",
            ],
        },
    }
]


def database_from_env(default_url: str) -> dict:
    """The database named by DATABASE_URL, or `default_url`, tuned for each engine."""
    database = dj_database_url.parse(
        os.environ.get("DATABASE_URL", default_url),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers carry on while one request writes; the timeout rides out short write locks.
        database["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    elif database["ENGINE"] == "django.db.backends.postgresql":
        # Planner costs for SSD storage: with PostgreSQL's spinning-disk default (4.0) it scans every
        # pupil of a trust to list one school's few hundred (see docs/benchmarks.md).
        # Added to what the URL asks for (such as ?sslmode=verify-full), never in place of it.
        database["OPTIONS"] = database.get("OPTIONS", {}) | {
            "options": os.environ.get("DATABASE_PG_OPTIONS", "-c random_page_cost=1.1")
        }
        if env_bool("DATABASE_PREPARED_STATEMENTS", True):
            # Parameters sent apart from the SQL, and a query run five times on a connection prepared:
            # PostgreSQL then plans the list pages' row queries once per connection, not per request
            # (about 2 ms a page; docs/benchmarks.md). Turn off behind a pooler that cannot keep
            # prepared statements (PgBouncer in transaction mode before 1.21).
            database["OPTIONS"] |= {"server_side_binding": True, "prepare_threshold": 5}
    return database


DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "opensend.core.cache.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Background work (the MIS import, email) runs as django-tasks tasks. The database backend needs
# nothing else installed and lets several workers share one queue (`manage.py db_worker`); a large
# deployment can use RQ on Redis instead (TASKS_BACKEND=rq, REDIS_URL; docs/operations.md).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or rq, not {TASKS_BACKEND!r}.")

# Cached figures per school (opensend.core.school_cache) need a cache every app server shares.
OPENSEND_SCHOOL_CACHE = bool(REDIS_URL)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "opensend.accounts.validators.ContextWordsValidator"},
]  # no rules on which characters a password holds (ASVS 6.2.5): length and the common-password list
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# django-allauth: email sign-in, no self sign-up (schools create accounts), throttled failures.
ACCOUNT_ADAPTER = "opensend.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "opensend.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/key,20/5m/ip", "reset_password": "5/h/ip,3/h/key"}
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
MFA_ADAPTER = "opensend.accounts.adapters.MFAAdapter"  # encrypts the seeds it stores
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "OpenSEND"
MFA_PASSKEY_LOGIN_ENABLED = False
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_AUTO_SIGNUP = False
# A school's Microsoft 365 or Google account signs in to the staff account with the same address.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True


def _sso_providers() -> dict[str, dict]:
    """Microsoft 365 and Google Workspace sign-in, switched on by setting their client ids."""
    providers: dict[str, dict] = {}
    if os.environ.get("SSO_MICROSOFT_CLIENT_ID"):
        providers["microsoft"] = {
            "APPS": [
                {
                    "client_id": env_str("SSO_MICROSOFT_CLIENT_ID"),
                    "secret": env_str("SSO_MICROSOFT_SECRET"),
                    "settings": {"tenant": env_str("SSO_MICROSOFT_TENANT", "organizations")},
                }
            ]
        }
    if os.environ.get("SSO_GOOGLE_CLIENT_ID"):
        providers["google"] = {
            "APPS": [{"client_id": env_str("SSO_GOOGLE_CLIENT_ID"), "secret": env_str("SSO_GOOGLE_SECRET")}],
            "SCOPE": ["profile", "email"],
        }
    return providers


SOCIALACCOUNT_PROVIDERS = _sso_providers()
# A provider's sign-in pages exist only once it is configured.
INSTALLED_APPS += [f"allauth.socialaccount.providers.{name}" for name in SOCIALACCOUNT_PROVIDERS]

# Sessions: idle sessions expire after SESSION_IDLE_SECONDS; any session after SESSION_ABSOLUTE_SECONDS.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Messages live in the session, not in a cookie of their own: every cookie is then a __Host- one
# in production (ASVS 3.3.1).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "opensend" / "static"]
# Documents (EHC plans and the like) are kept outside every served folder and reach a browser only
# through a view that checks access and audits the read. A hosted service may point "documents" at
# S3-compatible storage here instead.
OPENSEND_DOCUMENTS_ROOT = os.environ.get("OPENSEND_DOCUMENTS_ROOT", str(BASE_DIR / "var" / "documents"))
DOCUMENTS_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": OPENSEND_DOCUMENTS_ROOT, "base_url": None},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": DOCUMENTS_STORAGE,
}
# The largest document accepted, in bytes.
OPENSEND_DOCUMENT_MAX_BYTES = env_int("OPENSEND_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)

# Stored documents, and where `manage.py backup` writes (docs/operations.md). With BACKUP_DIR set,
# /healthz answers "degraded" once the newest backup is older than BACKUP_MAX_AGE_HOURS.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
BACKUP_DIR = os.environ.get("BACKUP_DIR", "")
BACKUP_MAX_AGE_HOURS = env_int("BACKUP_MAX_AGE_HOURS", 26)

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The largest MIS export we accept, in bytes: a 25,000-pupil CSV is about 3 MB.
OPENSEND_IMPORT_MAX_BYTES = env_int("OPENSEND_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
# Exports and PDFs one person may make a minute (opensend.core.ratelimit).
OPENSEND_DOWNLOADS_PER_MINUTE = env_int("OPENSEND_DOWNLOADS_PER_MINUTE", 30)

# Email: printed to the console in development and the demo; SMTP in production (production.py).
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "opensend@localhost")
# Where links in emails point: the address staff use to reach OpenSEND.
OPENSEND_BASE_URL = os.environ.get("OPENSEND_BASE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Times with their offset from UTC, so a log line is unambiguous across the clock change.
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s", "datefmt": "%Y-%m-%dT%H:%M:%S%z"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    # WeasyPrint logs each step of every PDF at INFO: only its warnings belong in the log.
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}

# The DfE gives Down syndrome (DS) no broad area of need; many LAs use cognition and learning.
OPENSEND_DS_BROAD_AREA = os.environ.get("OPENSEND_DS_BROAD_AREA", "cognition-learning")
