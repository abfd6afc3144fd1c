"""Production: every secret from the environment, HTTPS only, MFA on, no demo. Fails closed."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, env_bool, env_int, env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be at least 50 characters.")
# Earlier keys, separated by spaces, still accepted while a new key takes over (README).
SECRET_KEY_FALLBACKS = env_str("DJANGO_SECRET_KEY_FALLBACKS", "").split()
ALLOWED_HOSTS = [host for host in env_str("DJANGO_ALLOWED_HOSTS").split(",") if host.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host.strip()}" for host in ALLOWED_HOSTS]
OPENSEND_DEMO_MODE = False
OPENSEND_REQUIRE_MFA = True

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" and not env_bool("OPENSEND_ALLOW_SQLITE", False):
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL.")

# The database and Redis on another machine are reached over TLS only (ASVS 12.3.1):
# ?sslmode=require (or verify-full) in DATABASE_URL, rediss:// in REDIS_URL. A private network that
# is trusted instead can say so with OPENSEND_ALLOW_PLAINTEXT_BACKENDS=true.
LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}
if not env_bool("OPENSEND_ALLOW_PLAINTEXT_BACKENDS", False):
    database = DATABASES["default"]
    remote = database.get("HOST", "") not in LOCAL_HOSTS and not database.get("HOST", "").startswith("/")
    if remote and database.get("OPTIONS", {}).get("sslmode") not in {"require", "verify-ca", "verify-full"}:
        raise ImproperlyConfigured("Reach a remote database over TLS: add ?sslmode=verify-full to DATABASE_URL.")
    redis = urlsplit(REDIS_URL)
    if REDIS_URL and redis.scheme != "rediss" and (redis.hostname or "") not in LOCAL_HOSTS:
        raise ImproperlyConfigured("Reach a remote Redis over TLS: use a rediss:// REDIS_URL.")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "documents": DOCUMENTS_STORAGE,  # noqa: F405
}
TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    (
        "django.template.loaders.cached.Loader",
        ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"],
    )
]
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"OpenSEND <opensend@{ALLOWED_HOSTS[0]}>")
OPENSEND_BASE_URL = env_str("OPENSEND_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")
