"""The test settings: the project's, with a read replica that mirrors the default
database (Django's TEST MIRROR), so every public page runs through the replica router."""

from shandong.settings import *  # noqa: F403
from shandong.settings import DATABASES, REST_FRAMEWORK, STORAGES

DATABASES.setdefault("replica", {**DATABASES["default"], "TEST": {"MIRROR": "default"}})

# Pages are rendered afresh in tests; tests/public/test_page_cache.py turns the cache on.
PAGE_CACHE_SECONDS = 0

# The test client and live server speak plain HTTP; every other production setting
# stays on. tests/ops/test_security.py checks the redirect with production settings.
SECURE_SSL_REDIRECT = False

# Static files unhashed, so pages render without running collectstatic.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Test users' passwords hashed cheaply: PBKDF2's million-odd iterations cost about a
# third of a second per user, and most tests make two. Production keeps Django's hashers.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The API's throttle is out of the way of tests; tests/api/test_api.py tests it at a low rate.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/min"}}
