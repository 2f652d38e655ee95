"""Text search over records, the same words on PostgreSQL and SQLite.

On PostgreSQL it is full-text search: each searchable table stores an English
search document of the model's `search_fields` in a generated column,
`search_document`, indexed with GIN (entities/migrations/0009,
statements/migrations/0008: the migrations hold the columns as literals, so a change to
`search_fields` needs a migration). On SQLite every word must occur, in any of the
fields, case-insensitively.
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connections
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .paginators import planner_rows, sql_of

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
    zh = name_zh_match(model, text)
    if connections[queryset.db].vendor != "postgresql":
        every = Q()
        for word in words:
            match = Q()
            for name in model.search_fields:
                match |= Q(**{f"{name}__icontains": word})
            every &= match
        return queryset.filter(every if zh is None else every | zh)
    query = SearchQuery(" ".join(words), config=CONFIG, search_type="plain")
    condition = Q(search_document=query) if zh is None else Q(search_document=query) | zh
    matches = queryset.alias(search_document=document(model)).filter(condition)
    matched, listed = planner_rows(matches, queryset)
    if matched <= min(RARE, listed / 20):
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


def has_name_zh(model):
    return any(field.name == "name_zh" for field in model._meta.get_fields())


def name_zh_match(model, text):
    """Records found by their Chinese name: `name_zh` holding the whole text, asked only
    when the text has characters beyond ASCII (English search documents cannot split a
    run of Chinese characters into words, and the common path stays as fast as it was)."""
    text = text.strip()
    if not text or text.isascii() or not has_name_zh(model):
        return None
    return Q(name_zh__icontains=text)


# The search page: every kind at once, in a fixed number of queries ------------------

#: The text each kind shows a snippet of on the search page.
SNIPPET_FIELDS = {
    "statements.statement": "text",
    "statements.metric": "evidence",
    "statements.indicator": "description",
    "entities.organisation": "description",
    "entities.project": "description",
    "entities.source": "body",
    "entities.topic": "description",
}
#: What the search page reads with each kind's rows, so that showing them costs nothing.
RELATED = {
    "statements.statement": ("speaker",),
    "statements.metric": ("indicator", "place", "organisation", "project"),
}
#: What the search page shows of the rows of these kinds (their name, `str()`, and address),
#: and no more: a source's body is its snippet's text, which PostgreSQL reads, not Python
#: (SQLite's snippets are cut in Python); a figure's four related records cost PostgreSQL
#: more to plan, whole, than to read.
SHOWN = {
    "statements.statement": (
        *("slug", "text", "speaker__slug", "speaker__family_name", "speaker__given_name"),
        "speaker__name_order",
    ),
    "statements.metric": (
        *("slug", "value", "qualifier", "indicator__name", "indicator__unit"),
        *("place__name", "organisation__name", "project__name"),
    ),
    "entities.source": ("slug", "title"),
}
#: Markers around matched words in PostgreSQL's headlines: not HTML, never in a record.
START, STOP = "\x02", "\x03"
#: Characters either side of the first match in an excerpt.
EXCERPT = 90


def snippet_field(model):
    return SNIPPET_FIELDS.get(model._meta.label_lower)


def marked(text):
    """Safe HTML of a headline: the text escaped, its marked words in <mark>. Every
    <mark> is closed, whatever markers a record's own text may hold."""
    html, open_ = [], False
    for part in re.split(f"([{START}{STOP}])", text or ""):
        if part == START and not open_:
            html.append("<mark>")
            open_ = True
        elif part == STOP and open_:
            html.append("</mark>")
            open_ = False
        elif part not in (START, STOP):
            html.append(escape(part))
    if open_:
        html.append("</mark>")
    return mark_safe("".join(html))  # noqa: S308 - every part of the text is escaped


def snippet(text, words, width=EXCERPT):
    """A plain excerpt of `text` around the first of `words` it holds (in any case),
    with every occurrence of the words marked: safe HTML (the text is escaped)."""
    text = " ".join((text or "").replace(START, " ").replace(STOP, " ").split())
    words = [w for w in words if w]
    if not text:
        return ""
    pattern = (
        re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)
        if words
        else None
    )
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - width) if first else 0
    end = min(len(text), (first.end() if first else 0) + width)
    excerpt = text[start:end]
    if pattern:
        excerpt = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", excerpt)
    return marked(("…" if start else "") + excerpt + ("…" if end < len(text) else ""))


def matching(queryset, text):
    """The records of `queryset` matching `text`, unordered, by the cheapest condition
    (no planner look-ups: the search page counts them first, see `search_page`)."""
    model = queryset.model
    words = words_of(text)
    if connections[queryset.db].vendor != "postgresql":
        return search(queryset, text).order_by()
    query = SearchQuery(" ".join(words), config=CONFIG, search_type="plain")
    condition = Q(search_document=query)
    if (zh := name_zh_match(model, text)) is not None:
        condition |= zh
    return queryset.alias(search_document=document(model)).filter(condition).order_by()


def best(queryset, text, count, limit):
    """The `limit` best matches of `queryset` for `text`, each with `.snippet` (safe
    HTML), in one query. `count` is what `count_all` said of `matching(queryset, text)`:
    up to RARE matches are all ranked (found through the index); more, as by `search`,
    the first RANKED in the list's order are."""
    model = queryset.model
    words = words_of(text)
    field = snippet_field(model)
    queryset = queryset.select_related(*RELATED.get(model._meta.label_lower, ()))
    postgresql = connections[queryset.db].vendor == "postgresql"
    if shown := SHOWN.get(model._meta.label_lower):
        queryset = queryset.only(*shown, *([] if postgresql or not field else [field]))
    if not postgresql:
        rows = list(search(queryset, text)[:limit])
        for row in rows:
            row.snippet = snippet(getattr(row, field), words) if field else ""
        return rows
    query = SearchQuery(" ".join(words), config=CONFIG, search_type="plain")
    matches = matching(queryset, text)
    if count < 0 or count > RARE:  # common: the first RANKED in the list's order
        # Compiled on its own: as a Subquery, document()'s column would name the outer
        # table, and PostgreSQL would test every row against the outer row's document.
        first = sql_of(matches.order_by(*model._meta.ordering).values("pk")[:RANKED])
        if first is None:
            return []
        matches = queryset.filter(pk__in=RawSQL(first[0], first[1]))
    rows = matches.annotate(rank=SearchRank(document(model), query)).order_by(
        "-rank", *model._meta.ordering
    )
    if field:
        options = {"start_sel": START, "stop_sel": STOP, "max_words": 30, "min_words": 12}
        if field == "body":
            options |= {"max_fragments": 2, "fragment_delimiter": " … "}
        rows = rows.annotate(headline=SearchHeadline(field, query, config=CONFIG, **options))
    rows = list(rows[:limit])
    for row in rows:
        row.snippet = marked(row.headline) if field else ""
    return rows
