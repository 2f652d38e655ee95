"""Read scaling on PostgreSQL's own streaming replication: the database router.

With DATABASE_REPLICA_URL set, the public site (GET and HEAD outside the admin) reads
from the "replica" database. The admin, every write, and every request that is not a
plain read use the primary. Without it, everything uses "default".
"""

from contextvars import ContextVar

from django.conf import settings
from django.db import connections
from django.urls import reverse

REPLICA = "replica"
_public_read = ContextVar("public_read", default=False)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _public_read.get()
            and REPLICA in settings.DATABASES
            # Read your own writes: inside a transaction on the primary, stay on it.
            # (This also keeps TestCase tests, whose data is uncommitted, on "default".)
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # both databases hold the same rows

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA  # a standby is read-only; it replays the primary's migrations


class ReplicaReadsMiddleware:
    """Marks public reads, including the body of a streamed export, for the router."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public = is_public_read(request)
        token = _public_read.set(public)
        try:
            response = self.get_response(request)
        finally:
            _public_read.reset(token)
        if public and response.streaming:
            response.streaming_content = _reading_public(response.streaming_content)
        return response


def is_public_read(request):
    return request.method in ("GET", "HEAD") and not request.path_info.startswith(
        reverse("admin:index")
    )


def _reading_public(chunks):
    # A streamed export runs its query after the view has returned: mark each step.
    chunks = iter(chunks)
    while True:
        token = _public_read.set(True)
        try:
            chunk = next(chunks)
        except StopIteration:
            return
        finally:
            _public_read.reset(token)
        yield chunk
