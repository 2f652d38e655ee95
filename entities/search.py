"""Text search over records, the same words on PostgreSQL and SQLite.

On PostgreSQL it is full-text search: each searchable table stores an English
search document of the model's `search_fields` in a generated column,
`search_document`, indexed with GIN (entities/migrations/0009,
statements/migrations/0008: the migrations hold the columns as literals, so a change to
`search_fields` needs a migration). On SQLite every word must occur, in any of the
fields, case-insensitively.
"""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL

from .paginators import planner_rows

CONFIG = "english"
#: Searches take at most this many words; the rest are ignored.
MAX_WORDS = 12
#: How many matches the search page ranks (see `search`).
RANKED = 100
#: Up to this many expected matches, they are found by the index first (see `search`).
RARE = 10_000


def document(model):
    """The stored search document of the model's rows (PostgreSQL only)."""
    column = f'"{model._meta.db_table}"."search_document"'
    return RawSQL(column, [], output_field=SearchVectorField())


def words_of(text):
    return [word for word in text.split() if word][:MAX_WORDS]


def search(queryset, text, rank=False):
    """The records of `queryset` matching every word of `text`, in the list's own order.

    With `rank` (the search page), on PostgreSQL the first RANKED matches in that
    order are ranked best first: ranking every match of a common word takes seconds
    at a million statements (docs/performance.md).
    """
    words = words_of(text)
    if not words:
        return queryset
    model = queryset.model
    if connections[queryset.db].vendor != "postgresql":
        for word in words:
            match = Q()
            for name in model.search_fields:
                match |= Q(**{f"{name}__icontains": word})
            queryset = queryset.filter(match)
        return queryset
    query = SearchQuery(" ".join(words), config=CONFIG, search_type="plain")
    matches = queryset.alias(search_document=document(model)).filter(search_document=query)
    if planner_rows(matches) <= min(RARE, planner_rows(queryset) / 20):
        # Few matches: find them through the GIN index first, or the planner may walk the
        # list's order and test every row; a common word is found soonest by walking
        # the list (docs/performance.md, search).
        ids = list(matches.order_by().values_list("pk", flat=True)[: RARE + 1])
        if len(ids) <= RARE:
            matches = queryset.filter(pk__in=ids)
    if not rank:
        return matches
    candidates = list(matches.values_list("pk", flat=True)[:RANKED])
    return (
        queryset.filter(pk__in=candidates)
        .annotate(rank=SearchRank(document(model), query))
        .order_by("-rank", *model._meta.ordering)
    )
