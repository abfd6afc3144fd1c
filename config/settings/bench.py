"""The benchmark: production-like (no debug, cached templates) on a seeded trust-sized dataset.
SQLite in var/bench.sqlite3 unless DATABASE_URL names PostgreSQL."""

from .base import *  # noqa: F403
from .base import BASE_DIR, database_from_env

DEBUG = False
SECRET_KEY = "bench-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
OPENSEND_DEMO_MODE = True
OPENSEND_REQUIRE_MFA = True  # as in production; the bench accounts have a second factor
WHITENOISE_USE_FINDERS = True
DATABASES = {"default": database_from_env(f"sqlite:///{BASE_DIR / 'var' / 'bench.sqlite3'}")}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
OPENSEND_SCHOOL_CACHE = True  # one process
