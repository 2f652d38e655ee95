"""The test settings: the project's, with a read replica that mirrors the default
database (Django's TEST MIRROR), so every public page runs through the replica router."""

from shandong.settings import *  # noqa: F403
from shandong.settings import DATABASES

DATABASES.setdefault("replica", {**DATABASES["default"], "TEST": {"MIRROR": "default"}})

# Pages are rendered afresh in tests; tests/test_page_cache.py turns the cache on.
PAGE_CACHE_SECONDS = 0
