"""A cache of rendered public pages, emptied by any change to the records.

Rendering a list page costs far more CPU than finding its rows (docs/performance.md);
a cached page costs one indexed query. Keys carry the current Generation, which every saved or
deleted record, and every changed link between records, moves on in the same
transaction, so no reader gets a page older than the records it shows.

Writes that bypass Django's models (raw SQL, COPY) do not move the generation: call
`bump()` after them; DJANGO_PAGE_CACHE_SECONDS bounds how long a page can outlive them.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Generation
from .replica import is_public_read

PUBLIC_APPS = {"entities", "statements"}


def current():
    return Generation.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def bump():
    Generation.objects.filter(pk=1).update(value=F("value") + 1)  # the row: migration 0001


def record_changed(sender, **kwargs):
    # Historical rows (simple_history's models carry `instance_type`) change nothing public.
    if sender._meta.app_label in PUBLIC_APPS and not hasattr(sender, "instance_type"):
        bump()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(record_changed, dispatch_uid=f"page-cache-{signal}")


class PublicPageCacheMiddleware:
    """Caches public GET pages answered 200 that set no cookie and vary on none."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds or request.method != "GET" or not is_public_read(request):
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            # The API throttles and answers If-None-Match per request; it must see each.
            return self.get_response(request)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"page:{current()}:{path}"
        response = cache.get(key)
        if response is None:
            response = self.get_response(request)
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and "Cookie" not in response.get("Vary", "")
            ):
                cache.set(key, response, seconds)
        return response
