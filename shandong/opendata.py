"""What the Popolo and FollowTheMoney exports share: published links,
identifiers, and the streamed response.

Both exports read published records as `values_list()` rows through a server-side
cursor, one query per kind of record, so their memory and query count stay flat
whatever the size of the database.
"""

import itertools

from django.http import StreamingHttpResponse

from entities.exports import in_chunks
from entities.models import Status, web_address

CHUNK = 2000

#: External identifiers that Person, Organisation and Place carry: model field ->
#: (Popolo scheme, FollowTheMoney property). A field added to those models is one line
#: here; both exports then write it.
IDENTIFIERS = {"wikidata_id": ("wikidata", "wikidataId")}


def published(slug, status):
    """A related record's slug if it is published, else None: an export names no draft."""
    return slug if slug and status == Status.PUBLISHED else None


def names(aliases, *more):
    """Other names as a list of text. A value written to the database outside the
    model's validation (not a list of text) is skipped rather than failing the export."""
    found = [name for name in aliases if type(name) is str] if type(aliases) is list else []
    return [name for name in [*found, *more] if name]


def web_url(url):
    """A source's address, if it is a web address (as Source.web_url), else None."""
    return web_address(url) or None


def stream(parts, content_type, filename):
    """A streamed response of `parts` (text). The first part is read before the response
    starts, so a lost database answers 503, not a 200 cut short (as entities.exports)."""
    parts = iter(in_chunks(parts))
    parts = itertools.chain([next(parts)], parts)
    response = StreamingHttpResponse(parts, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def rows(queryset, *fields):
    """Published rows of `queryset` as tuples, in a stable order, streamed."""
    return queryset.order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK)
