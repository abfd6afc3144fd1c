"""Local development and the demo: SQLite unless DATABASE_URL is set, demo accounts without MFA."""

from .base import *  # noqa: F403
from .base import env_bool, env_str

# Off unless asked for (DJANGO_DEBUG=1): the demo shows the app's own error pages, never Django's debug page.
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-not-secret-0pensend-demo-key-change-me")
OPENSEND_DEMO_MODE = True
OPENSEND_REQUIRE_MFA = env_bool("OPENSEND_REQUIRE_MFA", False)

# Serve static files straight from the source folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
OPENSEND_SCHOOL_CACHE = True  # one process: runserver
